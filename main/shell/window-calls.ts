/**
 * The window calls, answered by the shell: the services know nothing of windows, browsers or the
 * OS's keys. The dispatcher has validated each argument already and catches what throws.
 */
import type { WindowHandlers } from "../../shared/contract";
import { err, ok } from "../../shared/errors";
import { openExternalLink, type ExternalOpener } from "./links";
import type { ShellLog } from "./log";
import type { TrayWindow } from "./tray-window";
import type { ShortcutManager } from "./shortcut";

export interface WindowCallDeps {
  readonly shell: ExternalOpener;
  readonly popup: Pick<TrayWindow, "hide" | "isVisible">;
  readonly shortcuts: Pick<ShortcutManager, "setPaused">;
  readonly log: ShellLog;
  /** The app's quit (the tray menu's): services stop first. */
  readonly quit: () => void;
  /** After the page hid the popup itself (Escape): macOS gives the previous app its keyboard back. */
  readonly afterExplicitHide?: () => void;
}

export function shellWindowCalls({
  shell,
  popup,
  shortcuts,
  log,
  quit,
  afterExplicitHide,
}: WindowCallDeps): WindowHandlers {
  return {
    openExternal: async ({ url }) => {
      const opened = await openExternalLink(shell, url, (error) => log.warn("could not open a link", error));
      if (opened) return ok(null);
      return err({
        kind: "invalidInput",
        message: "Only http and https links can be opened.",
        issues: ["url: not an http(s) link"],
      });
    },
    hideWindow: async () => {
      popup.hide();
      afterExplicitHide?.();
      return ok(null);
    },
    pauseGlobalShortcut: async ({ paused }) => {
      // Only the visible window records keys; a late pause from a page that was just hidden must
      // not leave the shortcut off until the next time the window opens and closes.
      shortcuts.setPaused(paused && popup.isVisible());
      return ok(null);
    },
    quitApp: async () => {
      // After the answer is on its way: the page is gone once the app quits.
      setTimeout(quit, 0);
      return ok(null);
    },
  };
}
