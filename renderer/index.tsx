/**
 * The renderer's entry: the one transport is the preload's `window.coop`. Without it the page says
 * so on screen; it never looks for another way to reach main.
 */
import { render } from "preact";
import type { CoopApi } from "../shared/contract";
import { FIRST_FRAME_ELEMENT_ID, readFirstFrame } from "../shared/first-frame";
import { App } from "./app";
import { afterNextPaint } from "./boot";
import { createAppModel } from "./model/app-model";
import { NoTransportView } from "./views/no-transport";
import { watchShellInfo } from "./shell-info";
import { watchWindowVisibility } from "./window-visibility";
import "./styles/app.css";
// One stylesheet for every view, lazy or not (esbuild does not load a lazy chunk's CSS by itself).
import "./styles/timers.css";

const root = document.getElementById("app");
const api = (globalThis as { coop?: CoopApi }).coop;
if (!api) console.error("Co-op Tray: window.coop is missing; the preload did not run");
// The first frame main rendered into the page, if any: the app starts from the data it was rendered
// from, and Preact's render takes over the markup on screen (it reuses the nodes that match).
watchWindowVisibility(api);
watchShellInfo(api);
const firstFrame = readFirstFrame(document.getElementById(FIRST_FRAME_ELEMENT_ID)?.textContent);
const start = (): void => {
  if (!root) return;
  if (!api) {
    render(<NoTransportView />, root);
    return;
  }
  const model = createAppModel(api, { firstFrame });
  // Subscribed and asking before the first render: the calls leave while the app renders.
  model.start();
  render(<App model={model} />, root);
};
// The first frame paints before the app starts: rendering the app first would hold that paint back
// by the app's whole start (its first render, the first use of Intl, the bridge).
if (firstFrame !== null && api) void afterNextPaint().then(start);
else start();
