/**
 * The page's script (built as app.js): small, so it is quick to load and run. When index.html holds
 * the first frame (main rendered it ahead, shared/first-frame.ts), the app itself (index.tsx and all
 * it imports) is loaded only once that frame has painted: compiling and running it would otherwise
 * hold the paint back (module scripts run when the HTML is parsed, before the first frame). Without
 * a first frame, or in a hidden window (which paints nothing), the app loads at once.
 */
import type { CoopApi } from "../shared/contract";
import { FIRST_FRAME_ELEMENT_ID } from "../shared/first-frame";
import { afterNextPaint } from "./boot";
import { holdEarlyInput } from "./early-input";
import { watchShellInfo } from "./shell-info";
import { isWindowVisible, watchWindowVisibility } from "./window-visibility";
// One stylesheet for every view, lazy or not (esbuild does not load a lazy chunk's CSS by itself),
// imported here so that it is the page's app.css.
import "./styles/app.css";
import "./styles/timers.css";

// The shell tells each load whether it is on screen, and what it knows of the app, once the page
// has loaded: listened to here, before that can happen, not by the app loaded after the paint.
const api = (globalThis as { coop?: CoopApi }).coop;
watchWindowVisibility(api);
watchShellInfo(api);

let loading: Promise<unknown> | null = null;
const load = (): Promise<unknown> =>
  (loading ??= import("./index").catch((error: unknown) =>
    console.error("Co-op Tray: the app could not be loaded", error),
  ));

if (document.getElementById(FIRST_FRAME_ELEMENT_ID) !== null && isWindowVisible()) {
  // Until the app runs, what the user does to the frame on screen is held for it (early-input.ts).
  const early = holdEarlyInput(() => void load());
  void afterNextPaint()
    .then(load)
    // The app rendered when its module ran; its effects (the keyboard's commands) run after its paint.
    .then(afterNextPaint)
    .then(() => early.release());
} else void load();
