import { afterEach, describe, expect, it } from "vitest";
import { SEED, start, type Sandbox } from "../../sandbox/index";
import { parseArgs } from "../../sandbox/cli-args";
import { BASIL, call } from "./helpers";

const DAY = 86_400_000;
let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

interface WireStatus {
  id: number;
  type: string;
  created_at: string;
  spent_at?: string;
  timer_started_at?: string | null;
}

async function feed(s: Sandbox, path = "/groups/25/statuses"): Promise<WireStatus[]> {
  const answer = await call(s.url, path, { as: BASIL, format: "json" });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text) as WireStatus[];
}

describe("the recent seed (demo and preview)", () => {
  it("moves the seed forward by whole days so the newest status is within the last day, never in the future", async () => {
    const now = Date.parse("2026-11-23T19:00:00Z");
    sandbox = await start({ port: 0, recentSeed: true, now: () => now });
    const statuses = await feed(sandbox);
    const newest = Date.parse(statuses[0]!.created_at);
    expect(newest).toBeLessThanOrEqual(now);
    expect(now - newest).toBeLessThan(DAY);
    // Whole days: the original docs' sample note keeps its time of day (20:19:45 UTC), here the day before `now`.
    const note = statuses.find((s) => s.type === "Note" && s.id === SEED.statuses.noteId)!;
    expect(note.created_at).toBe("2026-11-22T20:19:45Z");
    // The DayEntry's day, timer and creation move together.
    const entry = statuses.find((s) => s.type === "DayEntry" && s.id === SEED.statuses.dayEntryId)!;
    expect(entry.spent_at).toBe("2026-11-22");
    expect(entry.timer_started_at).toBe("2026-11-22T17:13:12Z");
    // Day browsing finds them on their new day.
    expect((await feed(sandbox, "/groups/25/20261122")).map((s) => `${s.type}:${s.id}`)).toContain(
      `Note:${SEED.statuses.noteId}`,
    );
  });

  it("is off by default: the original Co-op docs' 2008 dates", async () => {
    sandbox = await start({ port: 0 });
    const note = (await feed(sandbox)).find((s) => s.type === "Note" && s.id === SEED.statuses.noteId)!;
    expect(note.created_at).toBe("2008-11-19T20:19:45Z");
  });

  it("survives a reset and is asked for with --recent on the command line", async () => {
    let now = Date.parse("2026-11-23T21:00:00Z");
    sandbox = await start({ port: 0, recentSeed: true, now: () => now });
    now += 3 * DAY;
    sandbox.control.reset();
    const newest = Date.parse((await feed(sandbox))[0]!.created_at);
    expect(now - newest).toBeLessThan(DAY);
    expect(parseArgs(["--recent"]).options.recentSeed).toBe(true);
    expect(parseArgs([]).options.recentSeed).toBeUndefined();
  });
});
