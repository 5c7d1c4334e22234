/** A running timer's hours in the team feed: ticking from its start, never restarted by a sync. */
import { describe, expect, it } from "vitest";
import { runningHours } from "../../renderer/running-hours";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const MIN = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

describe("a running timer's hours in the feed", () => {
  it("counts on from when the feed was fetched; a stopped entry keeps its hours; never less than sent", () => {
    const entry = { key: "DayEntry:1", hours: 1.5, timerStartedAt: iso(NOW - MIN) };
    expect(runningHours(entry, NOW, NOW + 30 * MIN)).toBeCloseTo(2);
    expect(runningHours({ ...entry, key: "DayEntry:2", timerStartedAt: null }, NOW, NOW + 30 * MIN)).toBe(1.5);
    expect(runningHours({ ...entry, key: "DayEntry:3" }, NOW, NOW - MIN)).toBe(1.5);
  });

  it("ticks from timer_started_at when Co-op's hours lag Harvest's (a fresh timer sent as 0)", () => {
    const entry = { key: "DayEntry:10", hours: 0, timerStartedAt: iso(NOW - 9 * MIN) };
    expect(runningHours(entry, NOW, NOW) * 60).toBeCloseTo(9);
    expect(runningHours(entry, NOW, NOW + MIN) * 60).toBeCloseTo(10);
  });

  it("is not reset by a sync every minute that sends the same stale hours", () => {
    // No usable start time: only the first sighting of the figure can be counted from.
    const entry = { key: "DayEntry:20", hours: 0.5, timerStartedAt: "not a time" };
    expect(runningHours(entry, NOW, NOW)).toBeCloseTo(0.5);
    expect(runningHours(entry, NOW + MIN, NOW + MIN) * 60).toBeCloseTo(31);
    expect(runningHours(entry, NOW + 2 * MIN, NOW + 2 * MIN) * 60).toBeCloseTo(32);
    // New hours from Co-op: counted from the fetch that brought them.
    expect(runningHours({ ...entry, hours: 0.6 }, NOW + 3 * MIN, NOW + 4 * MIN) * 60).toBeCloseTo(37);
  });
});
