/**
 * How we configure and drive electron-menubar, through the mocked electron: the library's own
 * code runs against the fake window and tray. Platform-specific placement and focus quirks are
 * the library's (tested on real desktops by its maintainers); what is asserted here is what we
 * ask of it and the behaviours we rely on.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BrowserWindowConstructorOptions, Menu, NativeImage, Tray } from "electron";
import { APP_INDEX_URL } from "../../main/shell/protocol";
import { createTrayWindow, menubarOptions, type TrayWindow, type TrayWindowConfig } from "../../main/shell/tray-window";
import { windowOptions } from "../../main/shell/window-options";
import {
  FakeBrowserWindow,
  FakeEvent,
  FakeTray,
  fake,
  resetFake,
  type FakeImage,
  type FakeMenu,
} from "./fake-electron";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

const browserWindow = windowOptions({ preloadPath: "/app/dist/preload/index.cjs", devTools: false });

interface Started {
  readonly trayWindow: TrayWindow;
  readonly window: FakeBrowserWindow;
  readonly tray: FakeTray;
  readonly menu: FakeMenu;
  readonly shown: { count: number };
  readonly errors: string[];
}

function config(tray: FakeTray, menu: FakeMenu, image: FakeImage): TrayWindowConfig {
  return {
    browserWindow: browserWindow as BrowserWindowConstructorOptions,
    index: APP_INDEX_URL,
    tray: tray as unknown as Tray,
    icon: image as unknown as NativeImage,
    tooltip: "Co-op Tray",
    contextMenu: menu as unknown as Menu,
  };
}

async function start(platform: NodeJS.Platform = process.platform): Promise<Started> {
  resetFake();
  fake.app.ready = true;
  const image = fake.module.nativeImage.createFromPath("/app/build/tray/normal.png");
  const tray = new FakeTray(image);
  const menu = fake.module.Menu.buildFromTemplate([
    { id: "refresh", label: "Refresh" },
    { id: "quit", label: "Quit Co-op Tray" },
  ]);
  const shown = { count: 0 };
  const errors: string[] = [];
  const trayWindow = await createTrayWindow(config(tray, menu, image), {
    platform,
    onShown: () => (shown.count += 1),
    onHidden: () => undefined,
    onError: (message) => errors.push(message),
  });
  const window = FakeBrowserWindow.instances[0];
  if (!window) throw new Error("no window");
  return { trayWindow, window, tray, menu, shown, errors };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe("menubarOptions: what we ask of electron-menubar", () => {
  it("passes our hardened window options, our page, our tray and menu, unchanged", () => {
    const image = fake.module.nativeImage.createFromPath("/app/build/tray/normal.png");
    const tray = new FakeTray(image);
    const menu = fake.module.Menu.buildFromTemplate([]);
    const options = menubarOptions(config(tray, menu, image));
    expect(options.browserWindow).toBe(browserWindow);
    expect(options.index).toBe("app://coop-tray/index.html");
    expect(options.tray).toBe(tray);
    expect(options.icon).toBe(image);
    expect(options.contextMenu).toBe(menu);
    expect(options.tooltip).toBe("Co-op Tray");
  });

  it("asks for a preloaded window, no dock icon, hide on blur and on close, and leaves Escape and the shortcut to us", () => {
    const image = fake.module.nativeImage.createFromPath("/app/build/tray/normal.png");
    const options = menubarOptions(config(new FakeTray(image), fake.module.Menu.buildFromTemplate([]), image));
    expect(options).toMatchObject({
      preloadWindow: true,
      showDockIcon: false,
      hideOnBlur: true,
      hideOnClose: true,
      escapeToHide: false,
      trigger: "click",
      activateWithApp: true,
      showOnAllWorkspaces: true,
      ignoreDoubleClickEvents: true,
    });
    // Placement is the library's per platform; no fixed place or shortcut of its own.
    for (const key of ["windowPosition", "globalShortcut", "dir", "showOnRightClick", "loadUrlOptions"])
      expect(options, key).not.toHaveProperty(key);
    // Our window options already say what the library would default (hidden, frameless).
    expect(browserWindow).toMatchObject({ show: false, frame: false });
  });
});

describe("the popup on electron-menubar", () => {
  it("creates one hidden window from our options and loads the app page before the first click", async () => {
    const { window } = await start();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(window.options).toEqual(browserWindow);
    expect(window.visible).toBe(false);
    await flush();
    expect(window.loadedUrl).toBe(APP_INDEX_URL);
  });

  it("toggles on a tray click, focused and on top, and says it was shown", async () => {
    const { tray, window, shown } = await start();
    tray.emit("click", new FakeEvent(), tray.bounds);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.alwaysOnTop).toBe(true);
    expect(shown.count).toBe(1);
    tray.emit("click", new FakeEvent(), tray.bounds);
    expect(window.visible).toBe(false);
    tray.emit("click", new FakeEvent(), tray.bounds);
    expect(window.visible).toBe(true);
    expect(shown.count).toBe(2);
  });

  it("hides shortly after losing focus (a click elsewhere)", async () => {
    const { trayWindow, window } = await start();
    vi.useFakeTimers();
    trayWindow.show();
    vi.advanceTimersByTime(1_000); // past the Windows grace period, on every platform
    window.focused = false;
    window.emit("blur");
    expect(window.visible).toBe(true);
    vi.advanceTimersByTime(150);
    expect(window.visible).toBe(false);
    expect(trayWindow.isVisible()).toBe(false);
  });

  it("closes, rather than reopens, when the tray click is what took its focus", async () => {
    const { tray, trayWindow, window } = await start();
    vi.useFakeTimers();
    trayWindow.show();
    vi.advanceTimersByTime(1_000);
    // The press on the icon blurs the popup; the click arrives before the blur's hide.
    window.focused = false;
    window.emit("blur");
    vi.advanceTimersByTime(50);
    tray.emit("click", new FakeEvent(), tray.bounds);
    expect(window.visible).toBe(false);
    vi.advanceTimersByTime(500);
    expect(window.visible).toBe(false);
  });

  it("hides instead of closing when the user closes it, and closes once the app quits", async () => {
    const { trayWindow, window } = await start();
    trayWindow.show();
    const event = window.userClose();
    expect(event.defaultPrevented).toBe(true);
    await flush();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);
    fake.app.emit("before-quit", new FakeEvent());
    expect(window.userClose().defaultPrevented).toBe(false);
    expect(window.destroyed).toBe(true);
  });

  it("leaves Escape to the page: a key the page claims (a dialog closing) does not hide the window", async () => {
    const { trayWindow, window } = await start();
    trayWindow.show();
    window.webContents.emit("before-input-event", new FakeEvent(), { type: "keyDown", key: "Escape" });
    expect(window.visible).toBe(true);
    // The page asks for the hide itself (hideWindow over IPC).
    trayWindow.hide();
    expect(window.visible).toBe(false);
  });

  it("keeps the app out of the dock where there is one (macOS)", async () => {
    await start();
    expect(fake.module.app.dock?.hide).toHaveBeenCalled();
  });

  it("shows from elsewhere (shortcut, notification) at the tray icon's current place", async () => {
    const { trayWindow, tray } = await start();
    const showWindow = vi.spyOn(trayWindow.menubar, "showWindow");
    tray.bounds = { x: 640, y: 0, width: 22, height: 24 };
    trayWindow.show();
    expect(showWindow).toHaveBeenLastCalledWith({ x: 640, y: 0, width: 22, height: 24 });
    // A panel that reports no bounds: the library picks its fallback.
    tray.bounds = { x: 0, y: 0, width: 0, height: 0 };
    trayWindow.hide();
    trayWindow.show();
    expect(showWindow).toHaveBeenLastCalledWith(undefined);
  });

  it("places the window inside the display's work area on every show", async () => {
    const { tray, trayWindow, window } = await start();
    const { workArea } = fake.display;
    for (const x of [1000, 1400, 20]) {
      tray.bounds = { x, y: 0, width: 22, height: 24 };
      trayWindow.show();
      const [left = -1, top = -1] = window.position;
      expect(left).toBeGreaterThanOrEqual(workArea.x);
      expect(left + 380).toBeLessThanOrEqual(workArea.x + workArea.width);
      expect(top).toBeGreaterThanOrEqual(workArea.y);
      trayWindow.hide();
    }
  });

  it.runIf(process.platform === "linux")(
    "gives Linux panels the menu as the tray's own (many never report clicks)",
    async () => {
      const { tray, menu } = await start("linux");
      expect(tray.contextMenu).toBe(menu);
    },
  );

  it.runIf(process.platform !== "linux")("pops the menu up on a right click (macOS, Windows)", async () => {
    const { tray, menu } = await start();
    tray.emit("right-click", new FakeEvent(), tray.bounds);
    expect(tray.popUps).toEqual([menu]);
  });

  it("opens the menu on a Mac ctrl-click, and only on macOS", async () => {
    const mac = await start("darwin");
    mac.tray.emit("click", new FakeEvent({ ctrlKey: true }), mac.tray.bounds);
    expect(mac.tray.popUps).toEqual([mac.menu]);
    expect(mac.window.visible).toBe(false);
    const windows = await start("win32");
    windows.tray.emit("click", new FakeEvent({ ctrlKey: true }), windows.tray.bounds);
    expect(windows.tray.popUps).toEqual([]);
  });

  it("logs a page that did not load, and stops on destroy", async () => {
    const { trayWindow, window, tray, errors } = await start();
    window.webContents.emit("did-fail-load", new FakeEvent(), -6, "ERR_FILE_NOT_FOUND", APP_INDEX_URL, true);
    expect(errors).toEqual([expect.stringContaining("ERR_FILE_NOT_FOUND")]);
    trayWindow.destroy();
    expect(window.destroyed).toBe(true);
    tray.emit("click", new FakeEvent(), tray.bounds);
    trayWindow.show();
    expect(trayWindow.isVisible()).toBe(false);
  });
});
