/**
 * The composition root (main/shell/index.ts) end to end with everything real except Electron
 * itself: the real services from createApp, the real store file in the fake user-data folder, the
 * real keychain, and the sandbox server over HTTP, driven through the IPC handlers
 * the shell registers, as the preload would. Needs a Secret Service (npm test provides one).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CALL_NAMES } from "../../shared/contract";
import type { AppState } from "../../shared/contract";
import { start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { FakeBrowserWindow, FakeTray, fake } from "./fake-electron";

const storeDir = mkdtempSync(join(tmpdir(), "coop-tray-composition-store-"));

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);
let sandbox: Sandbox;
let appPath: string;
const PASSWORD = "fawltytowers";
/** The sandbox's password is also its email domain: look for it anywhere but inside "@fawltytowers.com". */
const holdsPassword = (text: string): boolean =>
  text.replaceAll("@fawltytowers.com", "@…").includes(PASSWORD) || /"password"/i.test(text);

beforeAll(async () => {
  sandbox = await start({ port: 0 });
  appPath = mkdtempSync(join(tmpdir(), "coop-tray-composition-app-"));
  mkdirSync(join(appPath, "dist", "renderer"), { recursive: true });
  writeFileSync(join(appPath, "dist", "renderer", "index.html"), "<!doctype html>");
  fake.app.appPath = appPath;
  fake.app.paths.userData = storeDir;
  process.env.COOP_TRAY_SERVER_URL = sandbox.url;
  process.env.COOP_TRAY_HARVEST_URL_TEMPLATE = sandbox.harvestUrlTemplate;
  // Loading the entry starts the shell, exactly as Electron does with dist/main/index.mjs.
  await import("../../main/shell/index");
  await vi.waitFor(() => expect(fake.ipcHandlers.size).toBe(CALL_NAMES.length), { timeout: 10_000 });
});

afterAll(async () => {
  fake.app.quit();
  await vi.waitFor(() => expect(fake.app.quitCount).toBe(1), { timeout: 10_000 });
  await sandbox.close();
  rmSync(appPath, { recursive: true, force: true });
  rmSync(storeDir, { recursive: true, force: true });
});

function trusted(): { sender: unknown; senderFrame: unknown } {
  const window = FakeBrowserWindow.instances[0];
  if (!window) throw new Error("no window");
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}

async function call(
  name: string,
  args?: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }> {
  const handler = fake.ipcHandlers.get(`coop:${name}`);
  if (!handler) throw new Error(`no handler for ${name}`);
  return (await handler(trusted(), args)) as {
    ok: boolean;
    value?: unknown;
    error?: { kind: string; message: string };
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("the shell over the real services", () => {
  it("starts with a window, a tray and the app page", () => {
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeTray.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances[0]?.loadedUrl).toBe("app://coop-tray/index.html");
  });

  it("signs in to the sandbox through IPC, lists groups, and never hands the password back", async () => {
    const results: unknown[] = [];
    const signIn = await call("signIn", {
      serverUrl: sandbox.url,
      email: "basil@fawltytowers.com",
      password: PASSWORD,
    });
    results.push(signIn);
    expect(signIn.error ?? null).toBeNull();
    expect(signIn).toMatchObject({ ok: true, value: { email: "basil@fawltytowers.com", serverUrl: sandbox.url } });

    const state = await call("getState");
    results.push(state);
    expect((state.value as AppState).account?.email).toBe("basil@fawltytowers.com");

    const groups = await call("listGroups");
    results.push(groups);
    expect(groups.ok).toBe(true);
    expect((groups.value as unknown[]).length).toBeGreaterThan(0);

    for (const result of results) expect(holdsPassword(JSON.stringify(result))).toBe(false);
  });

  it("refuses bad input before the services see it", async () => {
    expect(await call("postNote", { groupId: 0, text: "" })).toMatchObject({
      ok: false,
      error: { kind: "invalidInput" },
    });
  });

  it("keeps the password out of the store folder", () => {
    const files = filesUnder(storeDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(holdsPassword(readFileSync(file, "utf8")), file).toBe(false);
  });
});
