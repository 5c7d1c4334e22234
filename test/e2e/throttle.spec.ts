import { expect, expectAccessible, linkHarvest, openView, signIn, snap, test } from "./fixtures";

test("Harvest throttle: a countdown, then the clients come back", async ({ page, stack }) => {
  await signIn(page, stack);
  await linkHarvest(page);
  await expect(page.getByTestId("harvest-linked")).toBeVisible();
  await openView(page, "Clients");
  await expect(page.getByRole("list", { name: "Clients" })).toBeVisible();

  // Two calls per 5 s, a 4 s lockout: refreshing a few times trips it.
  stack.sandbox.control.setHarvestThrottle(2, 5, 4);
  const throttled = page.getByTestId("throttle-banner").or(page.locator('[data-error-kind="throttled"]')).first();
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(throttled).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  // Said once: the banner counts down and the view does not repeat it (read in one go, so a
  // lockout ending in between cannot make both or neither appear). The cached clients stay.
  const shown = await page.evaluate(() => ({ banners: document.querySelectorAll('[data-testid="throttle-banner"]').length, cards: document.querySelectorAll('[data-error-kind="throttled"]').length, countdowns: document.querySelectorAll(".countdown").length }));
  expect(shown.banners + shown.cards).toBe(1);
  expect(shown.countdowns).toBe(1);
  await expect(page.getByRole("list", { name: "Clients" })).toBeVisible();
  await expect(page.locator(".countdown").first()).toHaveText(/^\d+ s$|^\d+:\d{2}$/);
  await expectAccessible(page);
  await snap(page, "throttled");

  // When the lockout ends the view recovers on its own.
  await expect(page.getByTestId("throttle-banner")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[data-error-kind="throttled"]')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Clients" })).toBeVisible();
});
