/**
 * The first frame: once signed in, index.html itself holds the cached feed, so it paints before any
 * script runs; the app then takes that markup over (the same nodes) and works as usual.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
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

test("the page is rendered ahead from the cache and follows it: a new load paints what is on disk", async ({
  page,
  browser,
  stack,
}) => {
  await signIn(page, stack);
  const text = `Rendered ahead ${Date.now()}`;
  const composer = page.getByLabel(`Note to ${SEED.groupName}`);
  await composer.fill(text);
  await composer.press("Enter");
  await expect(feedItems(page).filter({ hasText: text })).toHaveCount(1);

  // The cached feed as the store wrote it, once the note has come back from the server.
  const onDisk = async (): Promise<string[]> => {
    const doc = JSON.parse(await readFile(join(stack.storeDir, "coop-tray.json"), "utf8")) as {
      feeds: Record<string, { statuses: { text: string }[] }>;
    };
    return (doc.feeds[String(SEED.groupId)]?.statuses ?? []).map((s) => s.text);
  };
  await expect.poll(async () => (await onDisk())[0]).toBe(text);

  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 380, height: 560 } });
  try {
    const plain = await noScript.newPage();
    await plain.goto(stack.bridge.url);
    const shown = await feedItems(plain).locator(".status-text").allInnerTexts();
    const saved = await onDisk();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.map((t) => t.trim())).toEqual(saved.slice(0, shown.length));
  } finally {
    await noScript.close();
  }
});

test("what a quick user does to the first frame before the app runs is kept: a note typed and sent, a tab clicked", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  // A page whose app is held back (app.js and what it imports run; the app it loads, the one chunk it
  // imports dynamically, waits), so the first frame is on screen and not yet the app.
  const loader = await readFile(join(process.cwd(), "dist/preview/app.js"), "utf8");
  const appChunk = /import\("\.\/([^"]+\.js)"\)/.exec(loader)?.[1];
  expect(appChunk, "app.js loads the app with one dynamic import").toBeDefined();
  const heldPage = async (): Promise<{ page: Page; release: () => void }> => {
    const held = await page.context().newPage();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await held.route(`**/${appChunk}`, async (route) => {
      await gate;
      await route.continue();
    });
    await held.goto(stack.bridge.url);
    await expect(feedItems(held).first()).toBeVisible();
    return { page: held, release };
  };

  const typing = await heldPage();
  const text = `Typed before the app ran ${Date.now()}`;
  const composer = typing.page.getByLabel(`Note to ${SEED.groupName}`);
  await composer.pressSequentially(text);
  await composer.press("Enter");
  expect(await typing.page.evaluate(() => performance.getEntriesByName("feed-painted").length)).toBe(0);
  typing.release();
  await expect(feedItems(typing.page).filter({ hasText: text })).toHaveCount(1);
  await expect(composer).toHaveValue("");
  await expect.poll(() => stack.sandbox.control.statuses(SEED.groupId).filter((s) => s.text === text).length).toBe(1);
  await typing.page.close();

  const clicking = await heldPage();
  await clicking.page.getByRole("navigation", { name: "Views" }).getByRole("button", { name: "Groups" }).click();
  clicking.release();
  await expect(clicking.page.getByRole("heading", { name: "Groups", level: 1 })).toBeVisible();
  await clicking.page.close();
});

test("the renderer's scripts carry no zod: the models' schemas are main's, the page keys statuses by a plain rule", async () => {
  const dir = join(process.cwd(), "dist/preview");
  const scripts = (await readdir(dir)).filter((name) => name.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(1);
  for (const name of scripts)
    expect((await readFile(join(dir, name), "utf8")).includes("ZodError"), `${name} carries zod`).toBe(false);
});
