/**
 * The API layer's benchmark: decode throughput of a 50-status feed in XML and JSON against the bare
 * parsers on the same bytes, and the throttle governor's efficiency on a compressed Harvest window.
 * Prints nothing; returns lines for `bench/index.ts`.
 */
import { XMLParser } from "fast-xml-parser";
import { createApiFactory, decodeStatuses } from "@coop-tray/protocol";
import { start } from "../sandbox/index";
import type { WireFormat } from "@coop-tray/protocol/models";
import type { BenchLine } from "./types";
import { APP_USER_AGENT } from "../main/app/user-agent";

const ADMIN = { subdomain: "fawlty", email: "basil@fawltytowers.com", password: "barcelona" } as const;

/** Runs `fn` for about `ms` after a warm-up; returns calls per second. */
function rate(fn: () => unknown, ms = 1_000): number {
  for (let i = 0; i < 50; i++) fn();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 10; i++) fn();
    calls += 10;
    elapsed = performance.now() - started;
  }
  return (calls * 1000) / elapsed;
}

/** The sandbox's own 50-status feed bytes (group 25's latest), in one format. */
async function feedBytes(format: WireFormat): Promise<Buffer> {
  const sandbox = await start({ port: 0 });
  try {
    const response = await fetch(`${sandbox.url}/groups/25/statuses`, {
      headers: {
        accept: format === "xml" ? "application/xml" : "application/json",
        authorization: `Basic ${Buffer.from("basil@fawltytowers.com:fawltytowers").toString("base64")}`,
      },
    });
    return Buffer.from(await response.arrayBuffer());
  } finally {
    await sandbox.close();
  }
}

async function decodeLines(format: WireFormat): Promise<BenchLine[]> {
  const bytes = await feedBytes(format);
  const check = decodeStatuses(bytes, format);
  if (!check.ok || check.value.length !== 50) throw new Error(`the ${format} feed did not decode to 50 statuses`);
  // The baselines get the same bytes: fast-xml-parser with its defaults, and JSON.parse.
  const bare = new XMLParser();
  const baseline = format === "xml" ? () => bare.parse(bytes) : () => JSON.parse(bytes.toString("utf8"));
  // Alternate short rounds and keep each side's best, so load from elsewhere on the machine hits
  // both sides alike instead of skewing the ratio.
  let best = 0;
  let theirs = 0;
  for (let round = 0; round < 6; round++) {
    best = Math.max(
      best,
      rate(() => decodeStatuses(bytes, format), 250),
    );
    theirs = Math.max(theirs, rate(baseline, 250));
  }
  // Cost ratio = our time per decode ÷ the baseline's = the baseline's rate ÷ ours.
  const ratio = Number((theirs / best).toFixed(2));
  const note =
    format === "xml"
      ? "full decode (well-formedness check + parse + typing + model validation) ÷ fast-xml-parser's default parse of the same bytes; aim ≤ 1.5"
      : "full decode ÷ JSON.parse of the same bytes, for reference (JSON.parse is native; the 1.5× aim is the XML line's)";
  return [
    {
      name: `decode 50-status feed (${format})`,
      value: Math.round(best),
      unit: "decodes/s",
      note: `${bytes.length} bytes`,
    },
    { name: `decode cost vs bare parse (${format})`, value: ratio, unit: "×", note },
  ];
}

export interface BurstFigures {
  readonly calls: number;
  readonly elapsedMs: number;
  /** Whole windows before the last batch may start: floor((calls - 1) / limit) × window. */
  readonly windowsMs: number;
  /** The server's own time for the final batch, measured unthrottled in the same run. */
  readonly serveMs: number;
  readonly refused: number;
}

/**
 * A burst of `calls` Harvest calls (plus the one that learns the limits) against a sandbox whose
 * account allows `limit` per `windowMs`. The least possible time is the whole windows before the
 * last batch plus the time the server itself needs for that batch.
 */
export async function measureThrottleBurst(calls = 250, limit = 100, windowMs = 1_500): Promise<BurstFigures> {
  const sandbox = await start({ port: 0, harvestLimit: 1_000_000, harvestWindowSeconds: windowMs / 1000 });
  try {
    const total = calls + 1;
    const lastBatch = total - Math.floor((total - 1) / limit) * limit;
    // 1. The server's pace for the last batch, with warm connections and no throttle anywhere.
    const free = createApiFactory({
      userAgent: APP_USER_AGENT,
      harvestUrlTemplate: sandbox.harvestUrlTemplate,
      learnHarvestLimits: false,
      harvestLimits: { maxCalls: Infinity, windowMs },
    });
    const warm = free.harvest(ADMIN, "json");
    await Promise.all(Array.from({ length: 12 }, () => warm.getClient(6)));
    const serveStarted = performance.now();
    await Promise.all(Array.from({ length: lastBatch }, () => warm.getClient(6)));
    const serveMs = performance.now() - serveStarted;
    await free.close();
    // 2. The burst through the governor, from cold (it learns the limits first).
    sandbox.control.reset();
    sandbox.control.setHarvestThrottle(limit, windowMs / 1000);
    const factory = createApiFactory({ userAgent: APP_USER_AGENT, harvestUrlTemplate: sandbox.harvestUrlTemplate });
    const client = factory.harvest(ADMIN, "json");
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: calls }, () => client.getClient(6, { priority: "background" })),
    );
    const elapsedMs = performance.now() - started;
    await factory.close();
    const failed = results.filter((result) => !result.ok).length;
    if (failed > 0) throw new Error(`${failed} burst calls failed`);
    const refused = sandbox.control.requests.filter(
      (entry) => entry.service === "harvest" && entry.status === 503,
    ).length;
    return { calls: total, elapsedMs, windowsMs: Math.floor((total - 1) / limit) * windowMs, serveMs, refused };
  } finally {
    await sandbox.close();
  }
}

export async function benchApi(): Promise<BenchLine[]> {
  const lines = [...(await decodeLines("xml")), ...(await decodeLines("json"))];
  const burst = await measureThrottleBurst();
  const least = burst.windowsMs + burst.serveMs;
  lines.push(
    {
      name: "throttle efficiency (250 calls, 100 per 1.5 s)",
      value: Number((least / burst.elapsedMs).toFixed(3)),
      unit: "least/actual",
      note: `${Math.round(burst.elapsedMs)} ms actual; least ${Math.round(least)} ms = ${burst.windowsMs} ms of windows + ${Math.round(burst.serveMs)} ms the server needs for the last batch; ${burst.refused} × 503; aim ≥ 0.9`,
    },
    {
      name: "throttle efficiency, windows only",
      value: Number((burst.windowsMs / burst.elapsedMs).toFixed(3)),
      unit: "least/actual",
      note: "counting only the whole windows, as if the server answered instantly",
    },
  );
  return lines;
}
