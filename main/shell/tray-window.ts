/**
 * The tray popup, on electron-menubar (the maintained fork of `menubar` that Gitify ships). What
 * the library does for us, tested on real macOS, Windows and Linux desktops where we cannot test:
 * - placement on every show and resize: under the icon on macOS; per taskbar edge on Windows and
 *   Linux (a screen corner where a panel reports no icon bounds), kept inside the work area;
 * - hiding 100 ms after the popup loses focus, except for the blur Windows sends right after it
 *   opened; a tray click while that hide is pending closes the popup instead of reopening it;
 * - the stacking level (above the Windows hidden-icons panel), every Space on macOS, the Dock
 *   icon hidden (again after macOS's launch race), tray double-clicks ignored on macOS;
 * - the context menu: the tray's own menu on Linux (AppIndicator panels may never report clicks),
 *   re-published on every show and hide; a right-click pop-up on macOS and Windows;
 * - closing (Alt+F4, Cmd+W) hides, until the app quits.
 * What is ours: the window's hardened options, the app:// page, the icon states and tooltip
 * (tray-controller.ts), a Mac ctrl-click opening the menu, focus and the "shown" hook.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, Menu, NativeImage, Tray } from "electron";
import { menubar, type Menubar } from "electron-menubar";

export type MenubarOptions = NonNullable<Parameters<typeof menubar>[0]>;

export interface TrayWindowConfig {
  /** Our hardened options (window-options.ts), passed to the BrowserWindow unchanged. */
  readonly browserWindow: BrowserWindowConstructorOptions;
  /** The page, served by our own scheme (protocol.ts). */
  readonly index: string;
  /** Our tray: its icon follows the app's state, which the library knows nothing of. */
  readonly tray: Tray;
  readonly icon: NativeImage;
  readonly tooltip: string;
  readonly contextMenu: Menu;
}

/** What we ask of electron-menubar, as a pure function so a test can read every field. */
export function menubarOptions(config: TrayWindowConfig): MenubarOptions {
  return {
    browserWindow: config.browserWindow,
    index: config.index,
    // The window and its page exist before the first click, so the click shows current data at once.
    preloadWindow: true,
    // LSUIElement in the packaged app's Info.plist does this for a build; this covers development.
    showDockIcon: false,
    hideOnClose: true,
    hideOnBlur: true,
    // Off: Escape belongs to the page first (a dialog closes, the shortcut recorder cancels), which
    // asks for hideWindow when nothing claimed the key. The library would hide on every Escape.
    escapeToHide: false,
    tray: config.tray,
    // Ignored beside `tray`, but a string (or nothing) makes the library look for an icon file
    // through `__dirname`, which its ES module build does not have.
    icon: config.icon,
    tooltip: config.tooltip,
    contextMenu: config.contextMenu,
    trigger: "click",
    // Opening the app again (Finder, Spotlight) while it runs shows the popup.
    activateWithApp: true,
    showOnAllWorkspaces: true,
    ignoreDoubleClickEvents: true,
    // No globalShortcut: the library's would toggle the window, ours opens the composer and pauses
    // while Settings records keys (shortcut.ts).
  };
}

export interface TrayWindowHooks {
  readonly platform: NodeJS.Platform;
  /** After every show (the app refreshes what is stale). */
  readonly onShown: () => void;
  /** After every hide, whatever hid it (blur, Escape, a tray click, close). */
  readonly onHidden: () => void;
  readonly onError: (message: string, error?: unknown) => void;
}

export interface TrayWindow {
  readonly menubar: Menubar;
  readonly window: BrowserWindow;
  /** Shows the popup at the tray icon's current place (shortcut, notification, menu). */
  show(): void;
  hide(): void;
  isVisible(): boolean;
  destroy(): void;
}

/** Far longer than creating a hidden window takes, even on a loaded machine. */
const WINDOW_TIMEOUT_MS = 15_000;

/** Starts electron-menubar and resolves with the preloaded window, before its page loads. */
export async function createTrayWindow(config: TrayWindowConfig, hooks: TrayWindowHooks): Promise<TrayWindow> {
  const mb = menubar(menubarOptions(config));
  const window = await new Promise<BrowserWindow>((resolve, reject) => {
    // The library starts on the next tick and only prints its own failures to the console: without
    // this the app would wait for a window forever.
    const timer = setTimeout(() => {
      mb.destroy();
      reject(new Error("electron-menubar did not create the window"));
    }, WINDOW_TIMEOUT_MS);
    // Emitted once the window exists, right before the library loads the index into it.
    mb.once("before-load", () => {
      clearTimeout(timer);
      const created = mb.window;
      if (created === undefined) {
        reject(new Error("electron-menubar announced a window it did not create"));
        return;
      }
      // The library awaits loadURL and only prints a failure to the console: log it as ours.
      created.webContents.on("did-fail-load", (_event, code, description, url, isMainFrame) => {
        if (isMainFrame) hooks.onError(`the app page did not load (${code} ${description}) from ${url}`);
      });
      resolve(created);
    });
  });

  mb.on("after-show", () => {
    if (window.isDestroyed()) return;
    // show() focuses on macOS and Windows, not under every Linux window manager; without focus the
    // popup would never blur, so never hide, and the composer could not be typed into.
    window.focus();
    hooks.onShown();
  });
  mb.on("after-hide", () => hooks.onHidden());

  if (hooks.platform === "darwin") {
    // A ctrl-click is the Mac's right click; the library only hides the popup on one.
    config.tray.on("click", (event) => {
      if (event.ctrlKey) config.tray.popUpContextMenu(config.contextMenu);
    });
  }

  const alive = (): boolean => !mb.isDestroyed() && !window.isDestroyed();
  return {
    menubar: mb,
    window,
    show: () => {
      if (!alive()) return;
      // A click hands the library the icon's bounds; any other show would reuse the last click's,
      // stale once other icons came or went. Panels that report none (zeros) leave it to the library.
      const bounds = config.tray.isDestroyed() ? undefined : config.tray.getBounds();
      mb.showWindow(bounds !== undefined && bounds.width > 0 ? bounds : undefined).catch((error: unknown) =>
        hooks.onError("the window could not be shown", error),
      );
    },
    hide: () => {
      if (alive()) mb.hideWindow();
    },
    isVisible: () => alive() && window.isVisible(),
    destroy: () => mb.destroy(),
  };
}
