/**
 * index.html with the popup's first frame, for the dev bridge: the same built renderer
 * (dist/first-frame/index.mjs, from renderer/first-frame.tsx) that main uses for the app scheme,
 * loaded once, given the first frame of whatever backend the bridge serves.
 */
import type { FirstFrame, RenderFirstFrame } from "../../shared/first-frame";

let renderer: Promise<RenderFirstFrame> | null = null;

function loadRenderer(): Promise<RenderFirstFrame> {
  const url = new URL("../../dist/first-frame/index.mjs", import.meta.url).href;
  renderer ??= import(url).then((module: { renderFirstFrame: RenderFirstFrame }) => module.renderFirstFrame);
  return renderer;
}

export function firstFramePage(firstFrame: () => Promise<FirstFrame | null>): (template: string) => Promise<string> {
  return async (template) => {
    const frame = await firstFrame();
    if (frame === null) return template;
    return (await loadRenderer())(template, frame);
  };
}
