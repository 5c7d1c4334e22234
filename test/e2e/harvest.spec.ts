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
