/**
 * Window calls: what the page asks of the window it lives in, not of the services. The Electron
 * shell answers them (main/shell/window-calls.ts); in a browser the dev bridge does
 * (dev/bridge/window-calls.ts). The Node services never see them.
 */

/** Every window call: `[argument, result]`. */
export interface WindowCalls {
  /** Opens an http(s) link in the system browser; anything else is refused. */
  openExternal: [{ readonly url: string }, null];
  /** Hides the tray window (Escape). */
  hideWindow: [void, null];
  /**
   * Lets go of the global shortcut while Settings records a new one (otherwise the OS hands the
   * current keys to the app instead of the page); `false` takes it back from the settings.
   */
  pauseGlobalShortcut: [{ readonly paused: boolean }, null];
  /** Quits the app, as the tray menu's Quit does (the popup's About section offers it too). */
  quitApp: [void, null];
}

export const WINDOW_CALL_NAMES = [
  "openExternal",
  "hideWindow",
  "pauseGlobalShortcut",
  "quitApp",
] as const satisfies readonly (keyof WindowCalls)[];
