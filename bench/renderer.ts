/**
 * Renderer benchmark: bundle size, and in Chromium how fast a feed gets on screen. The UI runs
 * through the real bridge against the in-memory backend, so the figures measure the renderer and
 * not the services or the network. Timings are medians of several fresh page loads.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import { startBridge } from "../dev/bridge/server";
import { chromiumLaunchOptions } from "../dev/chromium";
import { createFakeBackend } from "../dev/fake-backend";
import type { BenchLine } from "./types";

const RUNS = 7;
/** Sizes are the shipped bundle's; timings run the preview build, which adds the bridge client. */
const shippedDir = join(process.cwd(), "dist/renderer");
const staticDir = join(process.cwd(), "dist/preview");

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function gzipSize(file: string): Promise<number> {
  return gzipSync(await readFile(join(shippedDir, file)), { level: 9 }).length;
}

/** Opens the app `RUNS` times on a feed of `count` cached statuses; per run: ms from navigation to painted, and data-to-paint. */
async function measureFeed(browser: Browser, count: number): Promise<{ open: number[]; render: number[] }> {
  const backend = createFakeBackend({ statusCount: count });
  const bridge = await startBridge({ port: 0, dispatch: backend.dispatch, subscribe: backend.subscribe, staticDir });
  const open: number[] = [];
  const render: number[] = [];
  try {
    for (let run = 0; run <= RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 380, height: 560 } });
      const page = await context.newPage();
      await page.goto(bridge.url);
      await page.waitForFunction(() => performance.getEntriesByName("feed-painted").length > 0);
      const [painted, received, shown] = await page.evaluate(() => [
        performance.getEntriesByName("feed-painted")[0]?.startTime ?? Number.NaN,
        performance.getEntriesByName("feed-received")[0]?.startTime ?? Number.NaN,
        document.querySelectorAll(".feed-list > li").length,
      ]);
      await context.close();
      if (shown !== count) throw new Error(`expected ${count} statuses on screen, saw ${shown}`);
      // The first load warms Chromium's caches for the bundle; it is not counted.
      if (run === 0) continue;
      open.push(painted);
      render.push(painted - received);
    }
  } finally {
    await bridge.close();
  }
  return { open, render };
}

export async function benchRenderer(): Promise<BenchLine[]> {
  const js = await gzipSize("app.js");
  const css = await gzipSize("app.css");
  const lines: BenchLine[] = [
    { name: "renderer JS+CSS gzipped", value: Math.round(((js + css) / 1024) * 10) / 10, unit: "KB", note: `JS ${(js / 1024).toFixed(1)} KB + CSS ${(css / 1024).toFixed(1)} KB; aim < 40 KB` },
  ];
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const small = await measureFeed(browser, 50);
    lines.push({ name: "open → cached feed of 50 painted", value: Math.round(median(small.open) * 10) / 10, unit: "ms", note: `median of ${RUNS}, from navigation start` });
    const large = await measureFeed(browser, 1000);
    lines.push({ name: "render a feed of 1,000 statuses", value: Math.round(median(large.render) * 10) / 10, unit: "ms", note: `median of ${RUNS}, data received → painted` });
    lines.push({ name: "open → feed of 1,000 painted", value: Math.round(median(large.open) * 10) / 10, unit: "ms", note: `median of ${RUNS}` });
  } finally {
    await browser.close();
  }
  return lines;
}
