import { createVault, loadKeytar } from "../../main/services/vault";
import {
  SEED,
  expect,
  expectAccessible,
  legacyLoginSummary,
  openLegacyLogin,
  openView,
  signIn,
  snap,
  test,
} from "./fixtures";

test("unlink asks first and says what leaves the feeds; relink keeps a refused password and takes a pasted address", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await openView(page, "Settings");
  const linked = page.getByTestId("harvest-linked");
  const notHere = page.getByTestId("harvest-login-card");
  await expect(linked.or(notHere).or(legacyLoginSummary(page)).first()).toBeVisible();
  // The token card comes first, in plain words; the email-and-password login is folded away below it.
  const token = page.getByLabel("Personal access token");
  await expect(token).toBeVisible();
  await expect(page.locator("#main")).not.toContainText(/API v2|durations/);
  if ((await linked.isVisible()) || (await notHere.isVisible())) {
    const feedBefore = stack.sandbox.control.statuses(SEED.groupId).filter((s) => s.type === "DayEntry").length;
    expect(feedBefore).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Unlink…" }).click();
    const dialog = page.getByRole("dialog", { name: "Unlink Harvest?" });
    await expect(dialog).toContainText("the time entries it gathered leave your groups’ feeds");
    await expect(dialog).toContainText("Nothing changes in Harvest");
    await expectAccessible(page);
    await snap(page, "harvest-unlink");
    // Cancel leaves everything as it was.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    expect(stack.sandbox.control.statuses(SEED.groupId).filter((s) => s.type === "DayEntry")).toHaveLength(feedBefore);
    await page.getByRole("button", { name: "Unlink…" }).click();
    await dialog.getByRole("button", { name: "Unlink and remove from feeds" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole("status").filter({ hasText: "Harvest unlinked" })).toBeVisible();
    await expect(legacyLoginSummary(page)).toBeVisible();
  }
  await openLegacyLogin(page);
  await page.getByLabel("Harvest account").fill(`https://${SEED.harvest.subdomain}.harvestapp.com/`);
  await page.getByLabel("Harvest email").fill(SEED.harvest.email);
  await page.getByLabel("Harvest password").fill("not-the-password");
  await page.getByRole("button", { name: "Link Harvest" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Not accepted" });
  await expect(refusal).toBeVisible();
  // Kept to correct, not cleared.
  await expect(page.getByLabel("Harvest password")).toHaveValue("not-the-password");
  await expectAccessible(page);
  await snap(page, "harvest-refused");

  await page.getByLabel("Harvest password").fill(SEED.harvest.password);
  await page.getByRole("button", { name: "Link Harvest" }).click();
  await expect(linked).toHaveText(`${SEED.harvest.subdomain}.harvestapp.com`);
  await expect(linked).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Linked to fawlty" })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "settings");
});

test("Clients › Link Harvest offers the token first", async ({ page, stack }) => {
  await signIn(page, stack);
  // No Harvest link at all: what a newcomer finds.
  expect((await stack.app.handlers.unlinkHarvest()).ok).toBe(true);
  await openView(page, "Clients");
  await expect(page.getByLabel("Personal access token")).toBeVisible();
  await expect(page.getByLabel("Harvest password")).toHaveCount(0);
  await page.getByLabel("Personal access token").fill("7001.pt.not-a-real-token");
  await page.getByRole("button", { name: "Connect" }).click();
  const refused = page.getByRole("alert");
  await expect(refused).toContainText("Harvest refused this token");
  await expect(refused).not.toContainText("Settings");
});

test("Clients asks for a Harvest password this computer lacks, right there", async ({ page, stack }) => {
  // The seed account's Harvest link lives in Co-op; this computer's keychain must lack its password
  // (another journey in the same keyring may have saved it).
  const forgotten = await createVault(await loadKeytar()).deleteHarvestPassword(
    SEED.harvest.subdomain,
    SEED.harvest.email,
  );
  expect(forgotten.ok).toBe(true);
  await signIn(page, stack);
  await openView(page, "Clients");
  const card = page.getByTestId("harvest-login-card");
  await expect(card).toBeVisible();
  // One plain sentence, not a claim that Harvest refused a login it never saw, and no pointer to
  // Settings from a card that is itself the form.
  await expect(card.getByTestId("harvest-login-reason")).toHaveText(
    "fawlty.harvestapp.com is linked in Co-op, but this computer does not have its password yet. Enter it once to use Harvest here.",
  );
  await expect(card).not.toContainText("did not accept the saved login");
  await expect(card).not.toContainText(/Settings/);
  await expect(card.getByLabel("Harvest account")).toHaveValue(SEED.harvest.subdomain);
  await expect(card.getByLabel("Harvest email")).toHaveValue(SEED.harvest.email);
  await expectAccessible(page);
  await snap(page, "clients-login");

  await card.getByLabel("Harvest password").fill("not-the-password");
  await card.getByRole("button", { name: "Save" }).click();
  await expect(card.getByRole("alert").filter({ hasText: "Not accepted" })).toBeVisible();
  await expect(card.getByLabel("Harvest password")).toHaveValue("not-the-password");

  await card.getByLabel("Harvest password").fill(SEED.harvest.password);
  await card.getByRole("button", { name: "Save" }).click();
  await expect(
    page.getByRole("list", { name: "Clients" }).locator("li").filter({ hasText: "City of Torquay" }),
  ).toBeVisible();
  await expect(card).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Harvest login saved" })).toBeVisible();
});

test("Harvest linked in Co-op but not usable here: one state, said once, with its one action, in Settings too", async ({
  page,
  stack,
}) => {
  const forgotten = await createVault(await loadKeytar()).deleteHarvestPassword(
    SEED.harvest.subdomain,
    SEED.harvest.email,
  );
  expect(forgotten.ok).toBe(true);
  await signIn(page, stack);
  await openView(page, "Settings");
  const card = page.getByTestId("harvest-login-card");
  // Not shown as linked-and-fine, and no Check that would only repeat the advice.
  await expect(card).toBeVisible();
  await expect(page.getByTestId("harvest-linked")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Check" })).toHaveCount(0);
  await expect(page.locator("#main")).toContainText("does not have its password yet", { useInnerText: true });
  expect(await page.locator("#main").innerText()).toMatch(
    /^(?![\s\S]*does not have its password yet[\s\S]*does not have its password yet)/,
  );
  await card.getByLabel("Harvest password").fill(SEED.harvest.password);
  await card.getByRole("button", { name: "Save" }).click();
  // Usable now: linked, with Check, and Clients lists without asking again.
  await expect(page.getByTestId("harvest-linked")).toHaveText(`${SEED.harvest.subdomain}.harvestapp.com`);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Harvest knows you as" })).toBeVisible();
  await openView(page, "Clients");
  await expect(page.getByRole("list", { name: "Clients" })).toBeVisible();
  await expect(card).toHaveCount(0);
});
