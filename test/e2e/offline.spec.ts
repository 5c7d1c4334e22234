import { SEED, expect, feedItems, signIn, snap, test } from "./fixtures";

test("sandbox down: cached feed with its age, a note queued, then sent exactly once when it returns", async ({ page, stack }) => {
  await signIn(page, stack);
  const before = await feedItems(page).count();
  expect(before).toBeGreaterThan(0);

  await stack.sandbox.control.goOffline();
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByTestId("offline-banner")).toContainText(/Offline · showing saved data from/);
  // The cached statuses stay on screen.
  await expect(feedItems(page)).toHaveCount(before);

  const text = `Queued on the train ${Date.now()}`;
  const composer = page.getByLabel(`Note to ${SEED.groupName}`);
  await composer.fill(text);
  await composer.press("Enter");
  const pending = page.locator("[data-outbox-id]").filter({ hasText: text });
  await expect(pending).toHaveCount(1);
  await expect(pending).toHaveAttribute("data-state", /queued|sending|failed/);
  await expect(pending).not.toHaveAttribute("data-state", "sent");
  await snap(page, "offline");
  expect((await stack.sandbox.control.statuses(SEED.groupId)).filter((s: { text: string }) => s.text === text)).toHaveLength(0);

  await stack.sandbox.control.goOnline();
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByTestId("offline-banner")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[data-status-key^="Note:"]').filter({ hasText: text })).toHaveCount(1, { timeout: 30_000 });
  await expect(feedItems(page).filter({ hasText: text })).toHaveCount(1);
  expect((await stack.sandbox.control.statuses(SEED.groupId)).filter((s: { text: string }) => s.text === text)).toHaveLength(1);
});
