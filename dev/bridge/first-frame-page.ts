/**
 * index.html with the popup's first frame, for the dev bridge: the same pre-rendered page main
 * serves for the app scheme (main/app/first-frame-page.ts), rendered by the same built renderer
 * (dist/first-frame/index.mjs, from renderer/first-frame.tsx) from whatever backend the bridge serves.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Unsubscribe } from "../../shared/contract";
import type { FirstFrame, RenderFirstFrame } from "../../shared/first-frame";
import { createFirstFramePage, type FirstFramePage } from "../../main/app/first-frame-page";

async function loadRenderer(): Promise<RenderFirstFrame> {
  const url = new URL("../../dist/first-frame/index.mjs", import.meta.url).href;
  return ((await import(url)) as { renderFirstFrame: RenderFirstFrame }).renderFirstFrame;
}

export interface FirstFrameSource {
  firstFrame(): Promise<FirstFrame | null>;
  onFirstFrameChange(listener: () => void): Unsubscribe;
}

/** The page for the renderer build in `staticDir`; close it with the bridge. */
export function firstFramePage(source: FirstFrameSource, staticDir: string): FirstFramePage {
  return createFirstFramePage({
    template: () => readFile(join(staticDir, "index.html"), "utf8"),
    frame: () => source.firstFrame(),
    renderer: loadRenderer,
    onChange: (listener) => source.onFirstFrameChange(listener),
    onError: (error) => console.error("dev bridge: the first frame could not be rendered ahead", error),
  });
}
