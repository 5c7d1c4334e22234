import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SEED, expect, openView, signIn, test } from "./fixtures";

test("Refresh shows it is working until the view's data has arrived", async ({ page, stack }) => {
  await signIn(page, stack);
  stack.sandbox.control.setLatency(1_500);
  const refresh = page.getByRole("button", { name: "Refresh" });
  await refresh.click();
  await expect(refresh).toHaveAttribute("aria-busy", "true");
  await expect(refresh).toHaveAttribute("title", "Refreshing…");
  await expect(refresh).toHaveAttribute("aria-busy", "false", { timeout: 15_000 });
  stack.sandbox.control.setLatency(0);
});

test("signing out with a note still queued asks once, and Cancel keeps the account", async ({ page, stack }) => {
  await signIn(page, stack);
  await stack.sandbox.control.goOffline();
  const composer = page.getByLabel(`Note to ${SEED.groupName}`);
  await composer.fill("Not sent before signing out");
  await composer.press("Enter");
  await expect(page.locator("[data-outbox-id]")).toHaveCount(1);
  await openView(page, "Settings");
  await page.getByRole("button", { name: "Sign out" }).click();
  const ask = page.getByRole("dialog", { name: "Sign out with notes unsent?" });
  await expect(ask).toContainText("1 note has not been sent yet. It stays on this computer");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Co-op account" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page
    .getByRole("dialog", { name: "Sign out with notes unsent?" })
    .getByRole("button", { name: "Sign out" })
    .click();
  await expect(page.getByRole("heading", { name: "Sign in to Co-op" })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("the wire format is an advanced setting, not a preference", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Settings");
  const prefs = page
    .getByRole("region", { name: "Preferences" })
    .or(page.locator('section[aria-labelledby="prefs-title"]'))
    .first();
  await expect(prefs).not.toContainText(/XML|JSON|format/i);
  await expect(page.getByRole("radio", { name: "JSON" })).toBeHidden();
  await page.getByText("Advanced", { exact: true }).click();
  await expect(page.getByRole("radio", { name: "JSON" })).toBeVisible();
});

/** The seed's avatars live on the original Co-op's dead host, which the app never asks: move them. */
async function livingAvatars(stack: { sandbox: { control: { setAvatar(id: number, url: string): Promise<void> } } }) {
  for (const id of [21, 22, 23, 24, 25])
    await stack.sandbox.control.setAvatar(id, `https://avatars.example.test/avatars/${id}.png`);
}

test("a failed avatar image is requested once, not on every render", async ({ page, stack }) => {
  const requested = new Map<string, number>();
  await page.route(/\/avatars?\//, (route) => {
    const url = route.request().url();
    requested.set(url, (requested.get(url) ?? 0) + 1);
    void route.abort();
  });
  await livingAvatars(stack);
  await signIn(page, stack);
  await expect.poll(() => requested.size).toBeGreaterThan(0);
  for (let i = 0; i < 3; i++) {
    await openView(page, "Agenda");
    await openView(page, "Feed");
    await expect(page.locator(".feed-list > li").first()).toBeVisible();
  }
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByRole("button", { name: "Refresh" })).toHaveAttribute("aria-busy", "false");
  expect(
    [...requested.values()].every((n) => n === 1),
    JSON.stringify([...requested]),
  ).toBe(true);
});

test("an avatar that loads shows the picture, fetched once for all its rows", async ({ page, stack }) => {
  // A 1×1 PNG for every avatar; the seed's avatar host is not reachable from here.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  const requested = new Map<string, number>();
  await page.route(/\/avatars?\//, (route) => {
    const url = route.request().url();
    requested.set(url, (requested.get(url) ?? 0) + 1);
    void route.fulfill({
      status: 200,
      contentType: "image/png",
      body: png,
      headers: { "cache-control": "max-age=3600" },
    });
  });
  await livingAvatars(stack);
  await signIn(page, stack);
  const pictures = page.locator(".feed-list .avatar img");
  await expect(pictures.first()).toBeVisible();
  const shown = await pictures.count();
  expect(shown).toBeGreaterThan(requested.size); // several rows share a picture
  await openView(page, "Agenda");
  await openView(page, "Feed");
  await expect(pictures.first()).toBeVisible();
  expect(
    [...requested.values()].every((n) => n === 1),
    JSON.stringify([...requested]),
  ).toBe(true);
});

test("About says the version and offers the shortcuts and Quit", async ({ page, stack }) => {
  const { version } = JSON.parse(await readFile(join(process.cwd(), "package.json"), "utf8")) as { version: string };
  await signIn(page, stack);
  await openView(page, "Settings");
  await expect(page.getByTestId("app-version")).toHaveText(`Co-op Tray ${version}`);
  await expect(page.getByRole("button", { name: "Quit Co-op Tray" })).toBeVisible();
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("Refresh");
});
