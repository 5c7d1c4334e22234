import { SEED, expect, feedItems, openView, signIn, snap, test } from "./fixtures";

test("sandbox down: cached feed with its age, a note queued, then sent exactly once when it returns", async ({
  page,
  stack,
}) => {
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
  expect(stack.sandbox.control.statuses(SEED.groupId).filter((s: { text: string }) => s.text === text)).toHaveLength(0);

  await stack.sandbox.control.goOnline();
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByTestId("offline-banner")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[data-status-key^="Note:"]').filter({ hasText: text })).toHaveCount(1, {
    timeout: 30_000,
  });
  await expect(feedItems(page).filter({ hasText: text })).toHaveCount(1);
  expect(stack.sandbox.control.statuses(SEED.groupId).filter((s: { text: string }) => s.text === text)).toHaveLength(1);
});

test("offline states agree: no promise of saved data where there is none, queued notes only on now, changes disabled with the reason", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await stack.sandbox.control.goOffline();
  await page.getByRole("button", { name: "Refresh" }).click();
  const banner = page.getByTestId("offline-banner");
  await expect(banner).toBeVisible();

  // A queued note sits on the latest statuses, not on a past day's.
  const text = `Queued before the lift ${Date.now()}`;
  const composer = page.getByLabel(`Note to ${SEED.groupName}`);
  await composer.fill(text);
  await composer.press("Enter");
  await expect(page.locator("[data-outbox-id]").filter({ hasText: text })).toHaveCount(1);
  // The footer does not give a second, different sync age: the banner alone says how old the data is.
  await expect(page.locator(".composer")).not.toContainText(/Synced/);
  await page.getByLabel("Pick a date").fill("2008-11-18");
  await expect(page.getByRole("button", { name: "Latest" })).toBeVisible();
  await expect(page.locator("[data-outbox-id]")).toHaveCount(0);
  await page.getByRole("button", { name: "Latest" }).click();
  await expect(page.locator("[data-outbox-id]").filter({ hasText: text })).toHaveCount(1);

  // The agenda was never loaded: it says it cannot be reached, not that it shows saved data.
  await openView(page, "Agenda");
  const agendaView = page.locator("#main");
  await expect(agendaView.locator('[data-error-kind="offline"]')).toBeVisible();
  await expect(agendaView).not.toContainText(/saved data/i);
  // Under a banner about saved data it says why there is none here, not that Co-op is unreachable.
  await expect(agendaView).toContainText("Agendas show when you're back online");
  await expect(agendaView).not.toContainText(/Can't reach/);

  // Groups: every change is disabled, and the page says why.
  await openView(page, "Groups");
  await expect(page.getByRole("button", { name: "New group" })).toBeDisabled();
  const card = page.locator(`[data-group-id="${SEED.groupId}"]`);
  for (const name of ["Edit", "Owner…", "Delete"]) await expect(card.getByRole("button", { name })).toBeDisabled();
  await expect(page.locator("#groups-offline")).toHaveText(
    "You're offline. Changes can be made when you're back online.",
  );
  await expect(page.getByRole("button", { name: "New group" })).toHaveAccessibleDescription(/offline/);
});
