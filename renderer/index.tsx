/**
 * The app, loaded by the page's script (start.ts) once the first frame, if any, has painted: the one
 * transport is the preload's `window.coop`. Without it the page says so on screen; it never looks
 * for another way to reach main.
 */
import { render } from "preact";
import type { CoopApi } from "../shared/contract";
import { FIRST_FRAME_ELEMENT_ID, readFirstFrame } from "../shared/first-frame";
import { App } from "./app";
import { createAppModel } from "./model/app-model";
import { NoTransportView } from "./views/no-transport";

const root = document.getElementById("app");
const api = (globalThis as { coop?: CoopApi }).coop;
if (!api) console.error("Co-op Tray: window.coop is missing; the preload did not run");
// The first frame main rendered into the page, if any: the app starts from the data it was rendered
// from, and Preact's render takes over the markup on screen (it reuses the nodes that match).
const firstFrame = readFirstFrame(document.getElementById(FIRST_FRAME_ELEMENT_ID)?.textContent);
if (root && !api) render(<NoTransportView />, root);
else if (root && api) {
  const model = createAppModel(api, { firstFrame });
  // Subscribed and asking before the first render: the calls leave while the app renders.
  model.start();
  render(<App model={model} />, root);
}
