/**
 * Renderer benchmark: bundle size, and in Chromium how fast a feed gets on screen, each as a ratio
 * against a baseline measured in the same browser in the same run:
 *
 * - open → cached feed painted ÷ the same markup (and stylesheet) served as a static page with no
 *   script and the bridge's response headers, the floor for painting that feed served as the app's
 *   page is (also printed: ÷ that page without the headers); and each ÷ a blank page's navigation → first paint
 *   (all served over loopback HTTP by Node, each in a fresh page of its own browser profile, as the
 *   tray window reopens with its profile, taken in turn in every run);
 * - render 1,000 statuses (data received → painted) ÷ setting 1,000 plain `<li>` rows with the same
 *   texts through innerHTML in the same page, up to the frame that paints them.
 *
 * The UI runs through the real bridge against the in-memory backend, so the figures measure the
 * renderer and not the services or the network. Timings are medians of several runs.
 */
import { readdir, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { SECURITY_HEADERS } from "../dev/bridge/static-files";
import { chromiumLaunchOptions } from "../dev/chromium";
import { createFakeBackend } from "../dev/fake-backend";
import { startFakeBridge } from "../dev/fake-bridge";
import type { BenchLine } from "./types";

const RUNS = 11;
/** Sizes are the shipped bundle's; timings run the preview build, which adds the bridge client. */
const shippedDir = join(process.cwd(), "dist/renderer");
const staticDir = join(process.cwd(), "dist/preview");
const round = (ms: number): number => Math.round(ms * 10) / 10;
const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function gzipSize(file: string): Promise<number> {
  return gzipSync(await readFile(join(shippedDir, file)), { level: 9 }).length;
}

/**
 * What opening the popup loads: app.js (renderer/start.ts), the app it loads (its own dynamic
 * import, once the first frame has painted) and every chunk those import statically; then every chunk.
 */
async function scriptSizes(): Promise<{ readonly opening: number; readonly all: number }> {
  const seen = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = await readFile(join(shippedDir, file), "utf8");
    // esbuild's static imports are `from"./chunk-….js"` (or a bare `import"./chunk-….js"`); dynamic ones are `import("./…")`.
    for (const match of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) await visit(match[1] ?? "");
    if (file === "app.js")
      for (const match of code.matchAll(/import\(\s*"\.\/([\w.-]+\.js)"\s*\)/g)) await visit(match[1] ?? "");
  };
  await visit("app.js");
  let opening = 0;
  for (const file of seen) opening += await gzipSize(file);
  let all = 0;
  for (const file of await readdir(shippedDir)) if (file.endsWith(".js")) all += await gzipSize(file);
  return { opening, all };
}

/**
 * Kept by every page the bench opens: when each element marked with `elementtiming` first painted,
 * from the Element Timing API (renderTime: when the frame holding it was presented), the same
 * measure for the blank page, the static page and the app; and, for the app's first status row
 * (its author carries `elementtiming="first-status"`), the app's markup at that moment (rows that
 * scrolling's windowing adds later are not part of it).
 */
const PAINT_WATCHER = `globalThis.__painted = {};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.identifier in globalThis.__painted) continue;
    globalThis.__painted[entry.identifier] = entry.renderTime || entry.loadTime;
    if (entry.identifier === "first-status") globalThis.__firstFrame = document.getElementById("app")?.outerHTML ?? "";
  }
}).observe({ type: "element", buffered: true });`;

type Watched = { readonly __painted: Record<string, number>; readonly __firstFrame?: string };

/** Waits until the element `identifier` has painted in `page`; navigation start → that paint. */
async function paintedAt(page: Page, identifier: string): Promise<number> {
  await page.waitForFunction((id) => (globalThis as unknown as Watched).__painted[id] !== undefined, identifier);
  return page.evaluate((id) => (globalThis as unknown as Watched).__painted[id] ?? Number.NaN, identifier);
}

/** A page served over loopback HTTP, closed with `close`. */
interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A static page with no script, served over loopback HTTP (no-store): the blank page is one line of
 * text; the static feed is the app's own markup of the painted feed with its stylesheet, which is
 * what painting that feed costs at the least (the floor for any way of rendering it).
 *
 * `headers`: the bridge's own response headers, so that the page is served like the app's. One of
 * them, Cross-Origin-Opener-Policy, puts each load in a new browsing context group (a renderer
 * process of its own), which costs a load tens of milliseconds here; main's app scheme sends none.
 */
async function serveStaticPage(
  body: string,
  css: string | null,
  headers: Readonly<Record<string, string>> = {},
): Promise<Served> {
  const head = css === null ? "" : '<link rel="stylesheet" href="app.css">';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static</title>${head}</head><body>${body}</body></html>`;
  const server = createServer((req, res) => {
    const isCss = req.url === "/app.css" && css !== null;
    res.writeHead(200, {
      ...headers,
      "content-type": isCss ? "text/css" : "text/html; charset=utf-8",
      "cache-control": "no-store",
    });
    res.end(isCss ? css : html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Navigation start → the paint of `identifier`, in a fresh page of `context`. The app's page is
 * closed only once the app has taken the feed over (its own mark), so that its start does not run
 * on into the next page measured.
 */
async function openAndPaint(context: BrowserContext, url: string, identifier: string, app = false): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    const painted = await paintedAt(page, identifier);
    if (app) await page.waitForFunction(() => performance.getEntriesByName("feed-painted").length > 0);
    return painted;
  } finally {
    await page.close();
  }
}

async function watchedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 380, height: 560 } });
  await context.addInitScript(PAINT_WATCHER);
  return context;
}

interface OpenRuns {
  readonly blank: number[];
  readonly app: number[];
  /** The static feed served with the bridge's headers, as the app's page is. */
  readonly floor: number[];
  /** The same served with no such headers (no browsing context group switch). */
  readonly plainFloor: number[];
}

/**
 * Open → painted for the blank page, the app on a cached feed of `count` statuses (through the
 * bridge, index.html pre-rendered as main serves it) and that feed's markup as a static page,
 * taken in turn in every run (each run starting with the next of the three), so a change of load
 * on the machine weighs on all three alike. Each in a fresh page of its own profile, as the tray
 * window reopens with its profile; the first run warms Chromium's caches and is not counted.
 */
async function measureOpen(browser: Browser, count: number): Promise<OpenRuns> {
  const bridge = await startFakeBridge(createFakeBackend({ statusCount: count }), staticDir);
  const contexts = await Promise.all([1, 2, 3, 4].map(() => watchedContext(browser)));
  const [blankContext, appContext, floorContext, plainContext] = contexts as [
    BrowserContext,
    BrowserContext,
    BrowserContext,
    BrowserContext,
  ];
  const served: Served[] = [];
  try {
    // The markup to serve statically is the app's own at its first paint.
    const first = await appContext.newPage();
    await first.goto(bridge.url);
    await paintedAt(first, "first-status");
    const markup = (await first.evaluate("globalThis.__firstFrame ?? ''")) as string;
    await first.close();
    const css = await readFile(join(staticDir, "app.css"), "utf8");
    const blank = await serveStaticPage('<p elementtiming="blank">blank</p>', null);
    served.push(blank);
    const floor = await serveStaticPage(markup, css, SECURITY_HEADERS);
    served.push(floor);
    const plainFloor = await serveStaticPage(markup, css);
    served.push(plainFloor);
    const runs: OpenRuns = { blank: [], app: [], floor: [], plainFloor: [] };
    const pages: [keyof OpenRuns, () => Promise<number>][] = [
      ["blank", () => openAndPaint(blankContext, blank.url, "blank")],
      ["app", () => openAndPaint(appContext, bridge.url, "first-status", true)],
      ["floor", () => openAndPaint(floorContext, floor.url, "first-status")],
      ["plainFloor", () => openAndPaint(plainContext, plainFloor.url, "first-status")],
    ];
    for (let run = 0; run <= RUNS; run++) {
      // Each run starts with the next page, so none is always the one measured after another.
      for (let i = 0; i < pages.length; i++) {
        const [name, open] = pages[(run + i) % pages.length] as [keyof OpenRuns, () => Promise<number>];
        const painted = await open();
        if (run > 0) runs[name].push(painted);
      }
    }
    return runs;
  } finally {
    for (const context of contexts) await context.close();
    for (const server of served) await server.close();
    await bridge.close();
  }
}

/**
 * Time to put 1,000 plain rows with the feed's texts on screen through innerHTML, in `page`: from
 * the assignment to the frame that paints them. Sent as source text: the bench runs under tsx,
 * whose helpers do not exist in the page.
 */
const INNER_HTML_BASELINE = `(async () => {
  const rows = [];
  for (let i = 0; i < 1000; i++) {
    rows.push("<li><p><b>Person " + (i % 6) + "</b> <time>" + i + " min ago</time></p><p>Fixing the hotel sign again, note "
      + i + ".</p><p>1:30 City of Torquay › Hotel refurbishment</p></li>");
  }
  const html = rows.join("");
  const host = document.createElement("ol");
  host.style.cssText = "position:fixed;inset:0;overflow:auto;margin:0;background:Canvas;z-index:99";
  document.body.append(host);
  const started = performance.now();
  host.innerHTML = html;
  // A task posted from the frame callback runs once that frame's style, layout and paint are done.
  await new Promise((resolve) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); }));
  const painted = performance.now();
  host.remove();
  return painted - started;
})()`;

async function measureInnerHtml(page: Page): Promise<number> {
  return (await page.evaluate(INNER_HTML_BASELINE)) as number;
}

interface FeedRuns {
  readonly open: number[];
  /** Data received → painted when the user switches to another group of as many statuses. */
  readonly render: number[];
  readonly innerHtml: number[];
}

/**
 * Switches the open page to the other group and returns data received → painted for its feed: the
 * render cost itself, in a page that has already painted once (as the innerHTML baseline is).
 */
const SWITCH_GROUP = `(async () => {
  const select = document.getElementById("group-select");
  const other = [...select.options].find((o) => o.value !== select.value);
  performance.clearMarks("feed-received");
  performance.clearMarks("feed-painted");
  select.value = other.value;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const painted = performance.getEntriesByName("feed-painted")[0];
    const received = performance.getEntriesByName("feed-received")[0];
    if (painted && received) return painted.startTime - received.startTime;
  }
})()`;

/** Opens the app `RUNS` times on a feed of `count` cached statuses, in fresh pages of one profile. */
async function measureFeed(browser: Browser, count: number): Promise<FeedRuns> {
  const bridge = await startFakeBridge(createFakeBackend({ statusCount: count }), staticDir);
  const context = await watchedContext(browser);
  const runs: FeedRuns = { open: [], render: [], innerHtml: [] };
  try {
    for (let run = 0; run <= RUNS; run++) {
      const page = await context.newPage();
      await page.goto(bridge.url);
      // Painted (from the first frame in the HTML), then taken over by the app (its own mark).
      const painted = await paintedAt(page, "first-status");
      await page.waitForFunction(() => performance.getEntriesByName("feed-painted").length > 0);
      const total = await page.evaluate(() =>
        Number(document.querySelector(".feed-list")?.getAttribute("data-total") ?? Number.NaN),
      );
      if (total !== count) throw new Error(`expected a feed of ${count} statuses, saw ${total}`);
      const inner = await measureInnerHtml(page);
      const switched = (await page.evaluate(SWITCH_GROUP)) as number;
      await page.close();
      // The first load warms Chromium's caches and leaves the remembered group behind; not counted.
      if (run === 0) continue;
      runs.open.push(painted);
      runs.render.push(switched);
      runs.innerHtml.push(inner);
    }
  } finally {
    await context.close();
    await bridge.close();
  }
  return runs;
}

export async function benchRenderer(): Promise<BenchLine[]> {
  const js = await scriptSizes();
  const css = await gzipSize("app.css");
  const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  const lines: BenchLine[] = [
    {
      name: "renderer JS+CSS gzipped, loaded on open",
      value: kb(js.opening + css),
      unit: "KB",
      note: `JS ${kb(js.opening)} KB (app.js, the app it loads and their static chunks) + CSS ${kb(css)} KB; aim ≤ 40 KB`,
    },
    {
      name: "renderer JS+CSS gzipped, every chunk",
      value: kb(js.all + css),
      unit: "KB",
      note: `JS ${kb(js.all)} KB + CSS ${kb(css)} KB; the views after the feed load once it has painted`,
    },
  ];
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const open = await measureOpen(browser, 50);
    const blank = median(open.blank);
    const app = median(open.app);
    const floor = median(open.floor);
    const plainFloor = median(open.plainFloor);
    const raw = (times: readonly number[]): string => times.map((ms) => Math.round(ms)).join(" ");
    lines.push(
      {
        name: "open → cached feed painted ÷ the same markup as a static page",
        value: ratio(app, floor),
        unit: "×",
        note:
          `${round(app)} ms vs ${round(floor)} ms, 50 statuses, both with the bridge's headers, medians of ${RUNS}; ` +
          `aim ≤ 1.15×; ÷ the static page without them (${round(plainFloor)} ms): ${ratio(app, plainFloor)}×`,
      },
      {
        name: "open → cached feed of 50 painted ÷ blank page first paint",
        value: ratio(app, blank),
        unit: "×",
        note: `${round(app)} ms vs ${round(blank)} ms, medians of ${RUNS}; aim ≤ 1.5×`,
      },
      {
        name: "the same painted feed as a static page (no script) ÷ blank page first paint",
        value: ratio(plainFloor, blank),
        unit: "×",
        note: `${round(plainFloor)} ms vs ${round(blank)} ms: what painting this markup and stylesheet costs at the least`,
      },
      {
        name: "open → painted, every run (ms): app | static feed (bridge's headers | none) | blank",
        value: RUNS,
        unit: "runs",
        note: `${raw(open.app)} | ${raw(open.floor)} | ${raw(open.plainFloor)} | ${raw(open.blank)}`,
      },
    );
    const large = await measureFeed(browser, 1000);
    const render = median(large.render);
    const inner = median(large.innerHtml);
    lines.push({
      name: "render 1,000 statuses ÷ 1,000 plain <li> via innerHTML",
      value: ratio(render, inner),
      unit: "×",
      note: `${round(render)} ms vs ${round(inner)} ms, data received → painted on switching group, medians of ${RUNS}; aim ≤ 0.25×`,
    });
    lines.push({
      name: "open → feed of 1,000 painted",
      value: round(median(large.open)),
      unit: "ms",
      note: `median of ${RUNS}`,
    });
  } finally {
    await browser.close();
  }
  return lines;
}
