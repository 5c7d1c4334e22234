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
}

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: WINDOW_WIDTH,
    height: WINDOW_HEIGHT,
    useContentSize: true,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: "Co-op Tray",
    backgroundColor: "#ffffff",
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
