/**
 * The first frame: once signed in, index.html itself holds the cached feed, so it paints before any
 * script runs; the app then takes that markup over (the same nodes) and works as usual.
 */
import { SEED, expect, feedItems, signIn, test } from "./fixtures";

test("the page paints the cached feed from its HTML alone, then the app takes it over without redrawing", async ({
  page,
  browser,
  stack,
}) => {
  await signIn(page, stack);
  const newest = (await feedItems(page).first().locator(".status-text").innerText()).trim();

  // No script at all: the feed is there, in the group shown last.
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 380, height: 560 } });
  try {
    const plain = await noScript.newPage();
    await plain.goto(stack.bridge.url);
    await expect(feedItems(plain).first()).toContainText(newest);
    await expect(plain.locator("#group-select")).toContainText(SEED.groupName);
    await expect(plain.getByRole("navigation", { name: "Views" })).toBeVisible();
  } finally {
    await noScript.close();
  }

  // With the app's script held back, the first frame is on screen; once it runs, the rows are the
  // same elements (taken over, not replaced) and the page is live.
  const second = await page.context().newPage();
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await second.route(/\/app\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await second.goto(stack.bridge.url, { waitUntil: "commit" });
  await expect(feedItems(second).first()).toContainText(newest);
  await feedItems(second)
    .first()
    .evaluate((row) => ((row as HTMLElement & { probe?: number }).probe = 42));
  release();
  await second.waitForFunction(() => performance.getEntriesByName("feed-painted").length > 0);
  expect(
    await feedItems(second)
      .first()
      .evaluate((row) => (row as HTMLElement & { probe?: number }).probe),
  ).toBe(42);

  const text = `Written after the first frame ${Date.now()}`;
  const composer = second.getByLabel(`Note to ${SEED.groupName}`);
  await composer.fill(text);
  await composer.press("Enter");
  await expect(feedItems(second).filter({ hasText: text })).toHaveCount(1);
  const onServer = stack.sandbox.control.statuses(SEED.groupId).filter((s) => s.text === text);
  expect(onServer).toHaveLength(1);
  await second.close();
});
