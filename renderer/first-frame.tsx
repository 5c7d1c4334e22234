/**
 * Renders the popup's first frame to HTML, outside any browser: main calls it when it serves
 * index.html (main/shell/protocol.ts), and so does the dev bridge. It is the real `App` given the
 * first frame's data, rendered by preact-render-to-string (the Preact team's renderer; escaping and
 * attribute rules are not ours to write), so what paints before any script runs is exactly what the
 * renderer's own first render produces from the same data (see shared/first-frame.ts).
 *
 * Only what renders without effects appears: effects (loading, subscriptions, the link detector)
 * run once the renderer has taken over in the page.
 */
import { renderToString } from "preact-render-to-string";
import { CALL_NAMES, EVENT_NAMES, type CoopApi } from "../shared/contract";
import { FIRST_FRAME_ELEMENT_ID, firstFrameJson, type RenderFirstFrame } from "../shared/first-frame";
import { App } from "./app";
import { createAppModel } from "./model/app-model";

/**
 * The page's `window.coop` while rendering: nothing may be asked for then (the data is all in the
 * first frame), so every call answers that it cannot run, and events never fire.
 */
function inertApi(): CoopApi {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES)
    api[name] = () =>
      Promise.resolve({
        ok: false,
        error: { kind: "internal", message: "Not available while rendering the first frame." },
      });
  const on: Record<string, unknown> = {};
  for (const event of EVENT_NAMES) on[event] = () => () => undefined;
  api["on"] = on;
  return api as unknown as CoopApi;
}

const APP_ROOT = '<div id="app"></div>';
const MODULE_PRELOAD = /\n?[ \t]*<link rel="modulepreload"[^>]*>/g;

/**
 * index.html with the first frame in it: the app's markup inside `#app`, and the data block after
 * it. The template is returned unchanged when there is no first frame (signed out, nothing cached)
 * or it lacks the root element.
 *
 * The page's script loads the app only after that frame has painted (renderer/start.ts), so the
 * template's modulepreload links go: before the paint, nothing but the stylesheet is fetched.
 */
export const renderFirstFrame: RenderFirstFrame = (template, frame) => {
  if (frame === null || !template.includes(APP_ROOT)) return template;
  // The model's initial state is the frame's; it is never started (no calls, no subscriptions).
  const model = createAppModel(inertApi(), { firstFrame: frame, storage: null });
  const markup = renderToString(<App model={model} />);
  const data = `<script type="application/json" id="${FIRST_FRAME_ELEMENT_ID}">${firstFrameJson(frame)}</script>`;
  return template.replace(MODULE_PRELOAD, "").replace(APP_ROOT, () => `<div id="app">${markup}</div>\n    ${data}`);
};
