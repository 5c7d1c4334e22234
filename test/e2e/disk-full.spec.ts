/**
 * A full disk as the user sees it: the note is not queued, the composer says "Your disk is full:
 * the note was not saved" and keeps the text, and once there is room again the same Enter sends it.
 * The store lives on a small tmpfs (mounting one needs root, as on CI; elsewhere this skips).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStack, type Stack } from "../../dev/bridge/stack";
import { SEED, expect, feedItems, test } from "./fixtures";

function mountTmpfs(path: string): string | null {
  if (process.platform !== "linux") return "tmpfs is Linux only";
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=512k,mode=0700", "tmpfs", path], { stdio: "pipe" });
    return null;
  } catch (error) {
    return `mount failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
}

test("a full disk: the note is refused in plain words and stays in the composer", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), "coop-tray-e2e-tmpfs-"));
  const cannot = mountTmpfs(dir);
  if (cannot !== null) rmSync(dir, { recursive: true, force: true });
  test.skip(cannot !== null, `needs a tmpfs: ${cannot}`);
  let stack: Stack | null = null;
  try {
    stack = await startStack({ port: 0, staticDir: join(process.cwd(), "dist/preview"), storeDir: dir });
    await page.goto(stack.bridge.url);
    await page.getByLabel("Server").fill(stack.sandbox.url);
    await page.getByLabel("Email").fill(SEED.email);
    await page.getByLabel("Password").fill(SEED.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(feedItems(page).first()).toBeVisible();
    const file = join(dir, "coop-tray.json");
    const feedsOnDisk = (): number =>
      Object.keys((JSON.parse(fs.readFileSync(file, "utf8")) as { feeds: object }).feeds).length;
    await expect.poll(feedsOnDisk).toBeGreaterThan(0);

    // Fill the disk to the last block.
    const filler = join(dir, "filler");
    const fd = fs.openSync(filler, "w");
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(4096, 120));
    } catch {
      // ENOSPC: full
    }
    fs.closeSync(fd);

    const text = `Written on a full disk ${Date.now()}`;
    const composer = page.getByLabel(`Note to ${SEED.groupName}`);
    await composer.fill(text);
    await composer.press("Enter");
    const refusal = page.getByRole("alert").filter({ hasText: "Your disk is full: the note was not saved" });
    await expect(refusal).toBeVisible();
    await expect(composer).toHaveValue(text);
    await expect(page.locator("[data-outbox-id]").filter({ hasText: text })).toHaveCount(0);

    fs.unlinkSync(filler);
    await composer.press("Enter");
    await expect(composer).toHaveValue("");
    const copies = (): number | undefined =>
      stack?.sandbox.control.statuses(SEED.groupId).filter((s: { text: string }) => s.text === text).length;
    await expect.poll(copies, { timeout: 20_000 }).toBe(1);
  } finally {
    await stack?.close();
    if (cannot === null) execFileSync("umount", [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a profile folder full at start: a notice; signing in (it must be saved) is refused plainly", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), "coop-tray-e2e-tmpfs-"));
  const cannot = mountTmpfs(dir);
  if (cannot !== null) rmSync(dir, { recursive: true, force: true });
  test.skip(cannot !== null, `needs a tmpfs: ${cannot}`);
  let stack: Stack | null = null;
  try {
    // Full before the app starts: its first write fails.
    const fd = fs.openSync(join(dir, "filler"), "w");
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(4096, 120));
    } catch {
      // ENOSPC: full
    }
    fs.closeSync(fd);
    stack = await startStack({ port: 0, staticDir: join(process.cwd(), "dist/preview"), storeDir: dir });
    await page.goto(stack.bridge.url);
    await expect(page.getByRole("status").filter({ hasText: /cannot save to .*\(the disk is full\)/ })).toBeVisible();
    await page.getByLabel("Server").fill(stack.sandbox.url);
    await page.getByLabel("Email").fill(SEED.email);
    await page.getByLabel("Password").fill(SEED.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Signing in needs the disk: it is refused in plain words, and nothing half-saved is left behind.
    await expect(page.getByText(/Your disk is full: the change was not saved/)).toBeVisible();
    expect(fs.existsSync(join(dir, "coop-tray.json"))).toBe(false);
  } finally {
    await stack?.close();
    if (cannot === null) execFileSync("umount", [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
