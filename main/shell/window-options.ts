/**
 * The popup window's options as a pure function, so a unit test can assert every security-relevant
 * field without Electron. Anything not set here is an Electron default, and the security defaults
 * are spelled out anyway so that a change of default upstream cannot loosen them.
 */
import type { BrowserWindowConstructorOptions } from "electron";

export const WINDOW_WIDTH = 380;
export const WINDOW_HEIGHT = 560;

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/preload/index.cjs). */
  readonly preloadPath: string;
  /** Developer tools: on in development, off in a packaged build. */
  readonly devTools: boolean;
  /** The system is in dark mode: the window's first paint matches the page's dark background. */
  readonly dark?: boolean;
  /**
   * "popup" (the default): frameless, under the tray icon. "window": a normal framed window, for
   * Wayland, where the compositor places windows itself (the popup cannot sit under the icon) and an
   * unfocused popup never gets the blur that would hide it.
   */
  readonly kind?: "popup" | "window";
  /** Windows and Linux: the window's icon (taskbar, Alt-Tab) when no installed .desktop file names one. */
  readonly icon?: string;
}

/** The page's --bg (renderer/styles/app.css), light and dark. */
export const BACKGROUND_LIGHT = "#f5f5f3";
export const BACKGROUND_DARK = "#1c1c1e";

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const popup = (input.kind ?? "popup") === "popup";
  return {
    width: WINDOW_WIDTH,
    height: WINDOW_HEIGHT,
    useContentSize: true,
    show: false,
    frame: !popup,
    resizable: false,
    movable: !popup,
    minimizable: !popup,
    maximizable: false,
    fullscreenable: false,
    // Honoured on macOS and Windows only: on Linux the window is in the taskbar whatever this says,
    // so there it carries the app's icon and desktop name (identity.ts) to look like the app.
    skipTaskbar: popup,
    alwaysOnTop: popup,
    title: "Co-op Tray",
    ...(input.icon !== undefined ? { icon: input.icon } : {}),
    // Shown before the page paints: a white flash in dark mode otherwise.
    backgroundColor: input.dark === true ? BACKGROUND_DARK : BACKGROUND_LIGHT,
    // Keeps the hidden window's timers and rendering live, so it shows current data at once.
    paintWhenInitiallyHidden: true,
    // A menu-bar popover rounds and shadows itself on macOS; elsewhere a frameless window gets neither.
    hasShadow: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: input.devTools,
      backgroundThrottling: false,
    },
  };
}
