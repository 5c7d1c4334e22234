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
  const shown = await page.evaluate(() => ({
    banners: document.querySelectorAll('[data-testid="throttle-banner"]').length,
    cards: document.querySelectorAll('[data-error-kind="throttled"]').length,
    countdowns: document.querySelectorAll(".countdown").length,
  }));
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

test("changes made during a throttle wait their turn, show one pending state each, and complete", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await linkHarvest(page);
  await openView(page, "Clients");
  const list = page.getByRole("list", { name: "Clients" });
  // A client without projects, so Harvest lets it be deactivated.
  await page.getByRole("button", { name: "New client" }).click();
  const first = page.getByRole("dialog", { name: "New client" });
  await first.getByLabel("Name").fill("Rat Catchers Ltd");
  await first.getByRole("button", { name: "Create client" }).click();
  await expect(first).toHaveCount(0);
  const rats = list.locator("li").filter({ hasText: "Rat Catchers Ltd" });
  await rats.locator("button[aria-expanded]").click();

  // Trip a 20 s lockout (long enough for the steps below on a loaded machine), then let the window
  // be generous so the queued calls go through after it.
  stack.sandbox.control.setHarvestThrottle(2, 5, 20);
  const banner = page.getByTestId("throttle-banner");
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(banner).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  stack.sandbox.control.setHarvestThrottle(100, 15, 20);

  // A client opened during the pause says its contacts wait for it: no notice of its own.
  const tibbs = list.locator("li").filter({ hasText: "Miss Tibbs & Miss Gatsby" });
  await tibbs.locator("button[aria-expanded]").click();
  await expect(tibbs.getByText("Contacts load as soon as Harvest's pause is over.")).toBeVisible();
  await expect(page.locator('[data-error-kind="throttled"]')).toHaveCount(0);
  await rats.locator("button[aria-expanded]").click();

  await rats.getByRole("button", { name: "Archive" }).click();
  await expect(rats.getByRole("button", { name: "Waiting for Harvest…" })).toBeVisible();
  await expect(banner.locator(".banner-badge")).toHaveText("1 waiting");
  await page.getByRole("button", { name: "New client" }).click();
  const form = page.getByRole("dialog", { name: "New client" });
  await form.getByLabel("Name").fill("Sybil's Bridge Club");
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(form.getByRole("button", { name: "Waiting for Harvest…" })).toBeVisible();
  // One countdown (the banner's), which shows the waiting calls; no notices on the controls.
  expect(await page.locator(".countdown").count()).toBe(1);
  await expect(page.locator('[data-error-kind="throttled"]')).toHaveCount(0);
  await expect(banner.locator(".banner-badge")).toHaveText("2 waiting");
  // At the smallest size, with the badge, the countdown is never what gets cut (the words give way first).
  await page.setViewportSize({ width: 340, height: 480 });
  const clipped = await page.locator('[data-testid="throttle-banner"] .countdown').evaluate((countdown) => {
    const box = countdown.getBoundingClientRect();
    for (
      let el = countdown.parentElement;
      el && !el.matches('[data-testid="throttle-banner"]');
      el = el.parentElement
    ) {
      const clip = el.getBoundingClientRect();
      if (getComputedStyle(el).overflow !== "visible" && (box.right > clip.right + 0.5 || box.left < clip.left - 0.5))
        return true;
    }
    return false;
  });
  expect(clipped).toBe(false);
  await page.setViewportSize({ width: 380, height: 560 });

  // Both complete by themselves once the pause is over.
  await expect(form).toHaveCount(0, { timeout: 40_000 });
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: /Created “Sybil's Bridge Club”|is now archived/ })
      .first(),
  ).toBeVisible();
  await expect(list.locator("li").filter({ hasText: "Sybil's Bridge Club" })).toBeVisible();
  const onServer = stack.sandbox.control.clients("fawlty") as readonly { name: string; active: boolean }[];
  expect(onServer.find((c) => c.name === "Sybil's Bridge Club")).toBeTruthy();
  expect(onServer.find((c) => c.name === "Rat Catchers Ltd")?.active).toBe(false);
  // The contacts refused during the pause load when it is over.
  await tibbs.locator("button[aria-expanded]").click();
  await expect(tibbs.getByText("Ursula Gatsby")).toBeVisible();
  await expect(page.locator('[data-error-kind="throttled"]')).toHaveCount(0);
});
