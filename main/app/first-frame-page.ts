/**
 * index.html with the popup's first frame in it (shared/first-frame.ts), rendered ahead of time:
 * when what the frame shows changes (the store, the app's state), not when the page is asked for.
 * Serving the page is then sending a buffer; the app scheme (main/shell/protocol.ts) and the dev
 * bridge (dev/bridge/first-frame-page.ts) both serve it from here.
 *
 * Never stale: a change marks the page out of date at once, and a page asked for while it is out of
 * date waits for the render of the data as it is then (the one under way when it covers the
 * change). A page whose relative times ("5 min. ago") may have moved on is rendered again too (see
 * `MAX_AGE_MS`). When rendering fails the caller serves index.html as it is, and the page starts
 * the usual way.
 */
import type { Unsubscribe } from "../../shared/contract";
import { firstFrameJson, type FirstFrame, type RenderFirstFrame } from "../../shared/first-frame";

/**
 * The feed's own clock ticks every 30 s (renderer/views/feed.tsx), so its relative times may be
 * that old in a page that is open; a first frame is rendered again (in the background) once it is
 * that old, and one found older on a request (the timer ran late, the computer slept) is rendered
 * again before it is sent. A sync changes the frame (its time) and renders it anyway.
 */
export const MAX_AGE_MS = 30_000;

/** Changes usually come in bursts (a sync writes groups, feeds and state): rendered once after them. */
const SETTLE_MS = 50;

export interface FirstFramePageSources {
  /** index.html as built. */
  readonly template: () => Promise<string>;
  /** The first frame's data now, or null when there is none (the template is then the page). */
  readonly frame: () => Promise<FirstFrame | null>;
  /** `renderFirstFrame` of the built first-frame renderer (dist/first-frame). */
  readonly renderer: () => Promise<RenderFirstFrame>;
  /** Calls `listener` whenever something the first frame shows may have changed. */
  readonly onChange: (listener: () => void) => Unsubscribe;
  readonly now?: () => number;
  /** A render in the background failed (the next page asked for tries again and reports to its caller). */
  readonly onError?: (error: unknown) => void;
}

export interface FirstFramePage {
  /** The page to send, up to date with the data; rejects when it cannot be rendered. */
  page(): Promise<Buffer>;
  /** Renders done so far (each one a renderToString of the frame); the template alone counts too. */
  readonly renders: number;
  /** Stops listening for changes; `page()` still answers. */
  close(): void;
}

interface Rendered {
  readonly body: Buffer;
  /** The frame's data without its time, or null for the template alone: an unchanged key needs no render. */
  readonly key: string | null;
  readonly renderedAt: number;
}

export function createFirstFramePage(sources: FirstFramePageSources): FirstFramePage {
  const now = sources.now ?? Date.now;
  let current: Rendered | null = null;
  /** A change arrived since the last render began. */
  let outdated = true;
  let rendering: Promise<void> | null = null;
  let settle: ReturnType<typeof setTimeout> | null = null;
  let ageing: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let renders = 0;

  const tooOld = (page: Rendered): boolean => page.key !== null && now() - page.renderedAt >= MAX_AGE_MS;
  const upToDate = (page: Rendered | null): page is Rendered => page !== null && !outdated && !tooOld(page);

  async function render(): Promise<void> {
    outdated = false;
    const renderedAt = now();
    const frame = await sources.frame();
    const key = frame === null ? null : firstFrameJson({ ...frame, renderedAt: 0 });
    // Something else in the store changed (a draft, a timer): the page stays as it is.
    if (current !== null && key === current.key && !tooOld(current)) return;
    const template = await sources.template();
    const html = frame === null ? template : (await sources.renderer())(template, frame);
    renders += 1;
    current = { body: Buffer.from(html, "utf8"), key, renderedAt };
    if (ageing !== null) clearTimeout(ageing);
    ageing = null;
    if (key !== null && !closed) {
      ageing = setTimeout(() => {
        ageing = null;
        refresh().catch((error: unknown) => sources.onError?.(error));
      }, MAX_AGE_MS);
      ageing.unref?.();
    }
  }

  /** One render at a time; a render asked for while one runs follows it (when still needed). */
  async function refresh(): Promise<void> {
    while (rendering !== null) await rendering.catch(() => undefined);
    if (upToDate(current)) return;
    const run = render().catch((error: unknown) => {
      // Not rendered: the next page asked for tries again.
      outdated = true;
      throw error;
    });
    rendering = run.finally(() => (rendering = null));
    await rendering;
  }

  const changed = (): void => {
    outdated = true;
    if (settle !== null) return;
    settle = setTimeout(() => {
      settle = null;
      refresh().catch((error: unknown) => sources.onError?.(error));
    }, SETTLE_MS);
    settle.unref?.();
  };
  const stop = sources.onChange(changed);
  // The first render starts now: the window's first load usually comes soon after the app starts.
  refresh().catch((error: unknown) => sources.onError?.(error));

  return {
    async page() {
      await refresh();
      if (current === null) throw new Error("the first frame was not rendered");
      return current.body;
    },
    get renders() {
      return renders;
    },
    close() {
      closed = true;
      stop();
      for (const timer of [settle, ageing]) if (timer !== null) clearTimeout(timer);
      settle = ageing = null;
    },
  };
}
