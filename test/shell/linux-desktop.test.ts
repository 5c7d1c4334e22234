/**
 * Launch at login (the Linux autostart file, and no re-apply at start anywhere), Wayland, the Linux
 * identity, the first start showing the popup, and the window's first paint in dark mode.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { APP_ID, DESKTOP_FILE_NAME } from "../../main/shell/identity";
import { LOGIN_FLAG, autostartEntry } from "../../main/shell/linux-desktop";
import { BACKGROUND_DARK } from "../../main/shell/window-options";
import { FakeBrowserWindow, fake } from "./fake-electron";
import { makeAppFolder, startShell } from "./shell-harness";
import { appState, createTestApp } from "./test-app";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

let folder: ReturnType<typeof makeAppFolder>;
let config: string;
beforeAll(() => (folder = makeAppFolder()));
afterAll(() => folder.remove());
beforeEach(() => (config = mkdtempSync(join(tmpdir(), "coop-tray-xdg-"))));
afterEach(() => rmSync(config, { recursive: true, force: true }));

describe("launch at login on Linux: an XDG autostart entry", () => {
  it("is written when the setting is turned on and removed when it is turned off", async () => {
    const { app } = await startShell({
      appPath: folder.path,
      platform: "linux",
      isPackaged: true,
      env: { XDG_CONFIG_HOME: config, APPIMAGE: "/home/sybil/Apps/Co-op Tray.AppImage" },
    });
    const entry = join(config, "autostart", DESKTOP_FILE_NAME);
    app.emit("stateChanged", appState({ launchAtLogin: true }));
    const text = await vi.waitFor(() => {
      const written = readFileSync(entry, "utf8");
      if (!written.endsWith("\n")) throw new Error("not written yet");
      return written;
    });
    expect(text).toContain("[Desktop Entry]");
    // The AppImage itself (the mounted executable changes path every run), quoted for its space.
    expect(text).toContain(`Exec="/home/sybil/Apps/Co-op Tray.AppImage" ${LOGIN_FLAG}`);
    app.emit("stateChanged", appState({ launchAtLogin: false }));
    await vi.waitFor(() => expect(existsSync(entry)).toBe(false));
  });

  it("names the executable when not run from an AppImage (deb)", () => {
    expect(autostartEntry("/opt/Co-op Tray/coop-tray")).toContain(`Exec="/opt/Co-op Tray/coop-tray" ${LOGIN_FLAG}`);
    expect(autostartEntry("/usr/bin/coop-tray")).toContain(`Exec=/usr/bin/coop-tray ${LOGIN_FLAG}`);
  });
});

describe("launch at login is not re-applied at start", () => {
  it("leaves the OS's login item as the user left it (Task Manager, Login Items)", async () => {
    const app = createTestApp({ state: appState({ launchAtLogin: true }) });
    await startShell({ appPath: folder.path, platform: "win32", isPackaged: true, app });
    expect(fake.module.app.setLoginItemSettings).not.toHaveBeenCalled();
    app.emit("stateChanged", appState({ launchAtLogin: false }));
    app.emit("stateChanged", appState({ launchAtLogin: true }));
    // Windows: the entry carries the flag that tells a login start apart.
    expect(fake.module.app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, args: [LOGIN_FLAG] });
  });
});

describe("Wayland", () => {
  it("turns on the GlobalShortcuts portal before the app is ready, on Linux only", async () => {
    await startShell({ appPath: folder.path, platform: "linux" });
    expect(fake.app.commandLine.switches).toEqual([["enable-features", "GlobalShortcutsPortal"]]);
    expect(fake.calls.indexOf("appendSwitch")).toBeLessThan(fake.calls.indexOf("whenReady"));
    await startShell({ appPath: folder.path, platform: "darwin" });
    expect(fake.app.commandLine.switches).toEqual([]);
  });

  it("says the desktop did not grant a refused shortcut, instead of blaming another app", async () => {
    const app = createTestApp();
    await startShell({
      appPath: folder.path,
      platform: "linux",
      env: { WAYLAND_DISPLAY: "wayland-0" },
      app,
      prepare: () => fake.module.globalShortcut.taken.add("CommandOrControl+Shift+Space"),
    });
    expect(app.notices).toHaveLength(1);
    expect(app.notices[0]).toContain("The desktop did not grant the shortcut");
    expect(app.notices[0]).not.toContain("another app");
  });

  it("uses a normal framed window, which the compositor places and the user closes", async () => {
    await startShell({ appPath: folder.path, platform: "linux", env: { WAYLAND_DISPLAY: "wayland-0" } });
    const options = FakeBrowserWindow.instances[0]?.options;
    expect(options?.frame).toBe(true);
    expect(options?.movable).toBe(true);
    expect(options?.alwaysOnTop).toBe(false);
  });
});

describe("Linux identity", () => {
  it("gives the window the app's icon (Linux ignores skipTaskbar: it shows in the taskbar)", async () => {
    await startShell({ appPath: folder.path, platform: "linux" });
    expect(FakeBrowserWindow.instances[0]?.options.icon).toBe(join(folder.path, "build", "icon.png"));
  });

  it("names the installed .desktop file in package.json's desktopName (app_id, WM_CLASS, notifications)", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { desktopName?: string };
    const builder = readFileSync("electron-builder.yml", "utf8");
    expect(pkg.desktopName).toBe(DESKTOP_FILE_NAME);
    expect(builder).toMatch(new RegExp(`^\\s+executableName: ${DESKTOP_FILE_NAME.replace(".desktop", "")}$`, "m"));
    expect(builder).toMatch(new RegExp(`^appId: ${APP_ID.replace(/\./g, "\\.")}$`, "m"));
    // The packed icon the window uses.
    expect(builder).toMatch(/^\s+- build\/icon\.png$/m);
  });
});

describe("first start", () => {
  it("shows the popup once when the user starts the app", async () => {
    const { window } = await startShell({ appPath: folder.path, platform: "win32", isPackaged: true, argv: [] });
    expect(window.visible).toBe(true);
  });

  it("stays quiet when the OS starts it at login", async () => {
    const win = await startShell({ appPath: folder.path, platform: "win32", isPackaged: true, argv: [LOGIN_FLAG] });
    expect(win.window.visible).toBe(false);
    const mac = await startShell({
      appPath: folder.path,
      platform: "darwin",
      isPackaged: true,
      argv: [],
      prepare: () => (fake.app.openedAtLogin = true),
    });
    expect(mac.window.visible).toBe(false);
  });
});

describe("dark mode", () => {
  it("paints the window's background dark before the page does", async () => {
    await startShell({ appPath: folder.path, prepare: () => (fake.module.nativeTheme.shouldUseDarkColors = true) });
    expect(FakeBrowserWindow.instances[0]?.options.backgroundColor).toBe(BACKGROUND_DARK);
  });
});
