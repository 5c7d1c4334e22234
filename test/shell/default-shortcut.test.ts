/**
 * The global shortcut a new install starts with, per platform (Ctrl+Shift+Space is VS Code's, Word's
 * and Excel's on Windows and Linux), through the real services and store and the shell with the
 * fake `electron`; a saved choice, the old default included, stays as it is. Needs a Secret Service.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../main/app/create-app";
import type { CoopTrayApp } from "../../main/app/coop-tray-app";
import { openNodeStore } from "../../main/app/open-node-store";
import { defaultDoc } from "../../main/services/store";
import { loadKeytar } from "../../main/services/vault";
import { fake } from "./fake-electron";
import { makeAppFolder, startShell } from "./shell-harness";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

let folder: ReturnType<typeof makeAppFolder>;
const stores: string[] = [];
const apps: CoopTrayApp[] = [];
const realPlatform = process.platform;

beforeAll(() => {
  folder = makeAppFolder();
});
afterEach(async () => {
  Object.defineProperty(process, "platform", { value: realPlatform });
  for (const app of apps.splice(0)) await app.stop();
});
afterAll(() => {
  folder.remove();
  for (const dir of stores) rmSync(dir, { recursive: true, force: true });
});

/** The shell on `platform` over the real services and a store in `dir` (a new one when not given). */
async function startOn(platform: NodeJS.Platform, dir = mkdtempSync(join(tmpdir(), "coop-tray-shortcut-"))) {
  stores.push(dir);
  Object.defineProperty(process, "platform", { value: platform });
  const keychain = await loadKeytar();
  await startShell({
    appPath: folder.path,
    platform,
    extra: {
      createApp: async () => {
        const app = await createApp({ openStoreBackend: openNodeStore(dir), keychain });
        apps.push(app);
        return app;
      },
    },
  });
  const saved = (
    JSON.parse(readFileSync(join(dir, "coop-tray.json"), "utf8")) as { settings: { globalShortcut: string } }
  ).settings.globalShortcut;
  return { registered: fake.module.globalShortcut.registered(), saved };
}

describe("the default global shortcut", () => {
  it.each([
    ["win32", "CommandOrControl+Alt+Space"],
    ["linux", "CommandOrControl+Alt+Space"],
    ["darwin", "CommandOrControl+Shift+Space"],
  ] as const)("on %s a new install registers and saves %s", async (platform, accelerator) => {
    const { registered, saved } = await startOn(platform);
    expect(registered).toEqual([accelerator]);
    expect(saved).toBe(accelerator);
  });

  it("never replaces a saved choice, the old default included", async () => {
    for (const choice of ["CommandOrControl+Shift+Space", "Alt+F9"]) {
      const dir = mkdtempSync(join(tmpdir(), "coop-tray-shortcut-"));
      const doc = defaultDoc("darwin");
      writeFileSync(
        join(dir, "coop-tray.json"),
        JSON.stringify({ ...doc, settings: { ...doc.settings, globalShortcut: choice } }),
      );
      const { registered, saved } = await startOn("win32", dir);
      expect(registered).toEqual([choice]);
      expect(saved).toBe(choice);
      for (const app of apps.splice(0)) await app.stop();
    }
  });
});
