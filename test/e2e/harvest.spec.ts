import { createVault, loadKeytar } from "../../main/services/vault";
import { SEED, expect, expectAccessible, openView, signIn, snap, test } from "./fixtures";

test("link a wrong, then the right Harvest credential", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Settings");
  const linked = page.getByTestId("harvest-linked");
  if (await linked.isVisible()) {
    await page.getByRole("button", { name: "Unlink" }).click();
    await expect(linked).toHaveCount(0);
  }
  await page.getByLabel("Harvest account").fill(SEED.harvest.subdomain);
  await page.getByLabel("Harvest email").fill(SEED.harvest.email);
  await page.getByLabel("Harvest password").fill("not-the-password");
  await page.getByRole("button", { name: "Link Harvest" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Not accepted" });
  await expect(refusal).toBeVisible();
  // The password never lingers in the page.
  await expect(page.getByLabel("Harvest password")).toHaveValue("");
  await expectAccessible(page);
  await snap(page, "harvest-refused");

  await page.getByLabel("Harvest password").fill(SEED.harvest.password);
  await page.getByRole("button", { name: "Link Harvest" }).click();
  await expect(linked).toHaveText(`${SEED.harvest.subdomain}.harvestapp.com`);
  await expect(page.getByRole("status").filter({ hasText: "Linked to fawlty" })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "settings");
});

test("Clients asks for a Harvest password this computer lacks, right there", async ({ page, stack }) => {
  // The seed account's Harvest link lives in Co-op; this computer's keychain must lack its password
  // (another journey in the same keyring may have saved it).
  const forgotten = await createVault(await loadKeytar()).deleteHarvestPassword(SEED.harvest.subdomain, SEED.harvest.email);
  expect(forgotten.ok).toBe(true);
  await signIn(page, stack);
  await openView(page, "Clients");
  const card = page.getByTestId("harvest-login-card");
  await expect(card).toBeVisible();
  // The service's own reason, not a claim that Harvest refused a login it never saw.
  await expect(card).toContainText("not saved on this computer");
  await expect(card).not.toContainText("did not accept the saved login");
  await expect(card.getByLabel("Harvest account")).toHaveValue(SEED.harvest.subdomain);
  await expect(card.getByLabel("Harvest email")).toHaveValue(SEED.harvest.email);
  await expectAccessible(page);
  await snap(page, "clients-login");

  await card.getByLabel("Harvest password").fill("not-the-password");
  await card.getByRole("button", { name: "Save" }).click();
  await expect(card.getByRole("alert").filter({ hasText: "Not accepted" })).toBeVisible();
  await expect(card.getByLabel("Harvest password")).toHaveValue("");

  await card.getByLabel("Harvest password").fill(SEED.harvest.password);
  await card.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("list", { name: "Clients" }).locator("li").filter({ hasText: "City of Torquay" })).toBeVisible();
  await expect(card).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Harvest login saved" })).toBeVisible();
});
