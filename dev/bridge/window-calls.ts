/**
 * The window calls as the dev bridge answers them. A browser tab has no tray window to hide and no
 * global shortcut to pause, and the preview does not launch programs on the developer's machine,
 * so a link is checked but not opened. The checks are the app's: the dispatcher validates every
 * argument first (an openExternal with a file: or javascript: URL is refused there, as in the app).
 */
import type { WindowHandlers } from "../../shared/contract";
import { ok } from "../../shared/errors";

export function browserWindowCalls(): WindowHandlers {
  return {
    openExternal: async () => ok(null),
    hideWindow: async () => ok(null),
    pauseGlobalShortcut: async () => ok(null),
    // A preview is stopped with Ctrl-C in its terminal, not from a browser tab.
    quitApp: async () => ok(null),
  };
}
