/**
 * index.html pre-rendered with the first frame (main/app/first-frame-page.ts): rendered when the
 * data changes, sent as it is on request, never older than the data nor than its relative times.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FirstFrame, RenderFirstFrame } from "../../shared/first-frame";
import { createFirstFramePage, MAX_AGE_MS, type FirstFramePage } from "../../main/app/first-frame-page";

const TEMPLATE = '<!doctype html><div id="app"></div>';

/** A frame that differs by its group only (the page's renderer is a stand-in here). */
const frameOf = (groupId: number, renderedAt = 0): FirstFrame => ({ groupId, renderedAt }) as unknown as FirstFrame;

function setup() {
  let data: FirstFrame | null = frameOf(25);
  let clock = 1_000;
  let failNext = false;
  const calls = { frame: 0, render: 0, templates: [] as string[] };
  let listener: (() => void) | null = null;
  const render: RenderFirstFrame = (template, frame) => {
    calls.render += 1;
    calls.templates.push(template);
    if (failNext) {
      failNext = false;
      throw new Error("render failed");
    }
    return template.replace("</div>", `group ${frame?.groupId}</div>`);
  };
  const errors: unknown[] = [];
  const page = createFirstFramePage({
    template: async () => TEMPLATE,
    frame: async () => {
      calls.frame += 1;
      return data === null ? null : { ...data, renderedAt: clock };
    },
    renderer: async () => render,
    onChange: (l) => {
      listener = l;
      return () => (listener = null);
    },
    now: () => clock,
    onError: (error) => errors.push(error),
  });
  return {
    page,
    calls,
    errors,
    text: async () => (await page.page()).toString("utf8"),
    set: (frame: FirstFrame | null) => (data = frame),
    change: () => listener?.(),
    listening: () => listener !== null,
    advance: (ms: number) => (clock += ms),
    failNext: () => (failNext = true),
  };
}

let open: FirstFramePage | null = null;
afterEach(() => open?.close());

/** A page rendered once already, closed after the test. */
async function started(): Promise<ReturnType<typeof setup>> {
  const s = setup();
  open = s.page;
  await s.text();
  return s;
}

describe("the pre-rendered first frame", () => {
  it("is rendered once ahead from index.html as built, then sent as it is on every request", async () => {
    const s = setup();
    open = s.page;
    expect(await s.text()).toBe('<!doctype html><div id="app">group 25</div>');
    expect(await s.text()).toBe('<!doctype html><div id="app">group 25</div>');
    expect(await s.text()).toBe('<!doctype html><div id="app">group 25</div>');
    expect(s.calls).toEqual({ frame: 1, render: 1, templates: [TEMPLATE] });
    expect(s.page.renders).toBe(1);
  });

  it("never sends a page older than the data: a request right after a change waits for the new render", async () => {
    const s = await started();
    s.set(frameOf(34));
    s.change();
    expect(await s.text()).toContain("group 34");
    expect(s.calls.render).toBe(2);
  });

  it("renders once after a burst of changes, in the background, and not for changes that leave the frame as it was", async () => {
    const s = await started();
    s.change();
    s.change();
    await new Promise((resolve) => setTimeout(resolve, 120));
    // Read again, found the same: no render.
    expect(s.calls).toMatchObject({ frame: 2, render: 1 });
    s.set(frameOf(34));
    for (let i = 0; i < 5; i++) s.change();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(s.calls).toMatchObject({ frame: 3, render: 2 });
    expect(await s.text()).toContain("group 34");
    expect(s.calls).toMatchObject({ frame: 3, render: 2 });
  });

  it("renders again before sending once its relative times may have moved on (a late timer, a sleep)", async () => {
    const s = await started();
    s.advance(MAX_AGE_MS - 1);
    await s.text();
    expect(s.calls.render).toBe(1);
    s.advance(1);
    await s.text();
    expect(s.calls.render).toBe(2);
  });

  it("renders again in the background as it ages, so a request does not wait for it", async () => {
    vi.useFakeTimers();
    try {
      const s = await started();
      s.advance(MAX_AGE_MS);
      await vi.advanceTimersByTimeAsync(MAX_AGE_MS);
      expect(s.calls.render).toBe(2);
      await s.text();
      expect(s.calls.render).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends index.html as it is when there is no frame (signed out), however old", async () => {
    const s = setup();
    open = s.page;
    s.set(null);
    s.change();
    expect(await s.text()).toBe(TEMPLATE);
    s.advance(10 * MAX_AGE_MS);
    expect(await s.text()).toBe(TEMPLATE);
    expect(s.calls.render).toBe(1);
  });

  it("rejects when the render fails, and the next request tries again", async () => {
    const s = await started();
    s.failNext();
    s.set(frameOf(34));
    s.change();
    await expect(s.page.page()).rejects.toThrow("render failed");
    expect(await s.text()).toContain("group 34");
  });

  it("reports a failed render in the background", async () => {
    const s = await started();
    s.failNext();
    s.set(frameOf(34));
    s.change();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(String(s.errors[0])).toContain("render failed");
    expect(await s.text()).toContain("group 34");
  });

  it("stops following the data when closed", async () => {
    const s = setup();
    await s.text();
    s.page.close();
    expect(s.listening()).toBe(false);
  });
});
