import { SEED, expect, expectAccessible, openView, signIn, snap, test } from "./fixtures";

test("signing out leaves no account data visible", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Agenda");
  await expect(page.getByRole("heading", { name: "Group agenda" })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "agenda");

  await openView(page, "Settings");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Co-op" })).toBeVisible();

  const assertNothingLeft = async (): Promise<void> => {
    const body = page.locator("body");
    await expect(body).not.toContainText(SEED.groupName);
    await expect(body).not.toContainText("Basil");
    // The sign-in form remembers the email on this computer (a convenience the user expects);
    // nothing else of the account is left.
    await expect(body).not.toContainText(SEED.email);
    await expect(page.locator("[data-status-key], [data-outbox-id], [data-group-id], [data-client-id]")).toHaveCount(0);
    await expect(page.getByLabel("Email")).toHaveValue(SEED.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
  };
  await assertNothingLeft();
  // Main agrees: a fresh page is signed out too.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in to Co-op" })).toBeVisible();
  await assertNothingLeft();
  await snap(page, "signed-out");
});
