/**
 * A popup whose renderer crashed (or was killed for memory) is a blank window until the app
 * restarts: reload it, and log why it went. A page that crashes on every load is left alone after
 * a few quick reloads instead of spinning.
 */
import type { RenderProcessGoneDetails, WebContents } from "electron";
import type { ShellLog } from "./log";

export const MAX_RELOADS = 3;
export const RELOAD_WINDOW_MS = 60_000;

export function reloadAfterRendererCrash(
  contents: Pick<WebContents, "on" | "reload" | "isDestroyed">,
  log: ShellLog,
  now: () => number = Date.now,
): void {
  const recent: number[] = [];
  contents.on("render-process-gone", (_event, details: RenderProcessGoneDetails) => {
    log.error(`the page's process is gone (${details.reason}, exit code ${details.exitCode})`);
    // A clean exit is the app quitting, not a crash.
    if (details.reason === "clean-exit" || contents.isDestroyed()) return;
    const at = now();
    while (recent.length > 0 && (recent[0] ?? 0) <= at - RELOAD_WINDOW_MS) recent.shift();
    if (recent.length >= MAX_RELOADS) {
      log.error(`not reloading the page again: it crashed ${MAX_RELOADS} times within a minute`);
      return;
    }
    recent.push(at);
    log.info("reloading the page");
    contents.reload();
  });
}
