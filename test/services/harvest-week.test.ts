/**
 * The week through the app's own handlers over the sandbox's Harvest v2 (fake clock on 19 Nov 2008,
 * a Wednesday): day totals Monday to Sunday, another day's entries, a past entry added, edited
 * (duration, project, task, notes) and deleted, each checked in Harvest's own answer.
 */
import { describe, expect, it } from "vitest";
import { HARVEST_V2_SEED } from "../../sandbox/index";
import { addDays, dayTotals, isDay, weekOf } from "../../main/services/time-week";
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import { expectValue, type Harness } from "./app-harness";
import { harvestV2Harness, pollyConnected } from "./harvest-v2-harness";

const V2 = HARVEST_V2_SEED;
const start = harvestV2Harness();

const connected = async (): Promise<Harness> => (await pollyConnected(start)).app;

describe("the week's calendar", () => {
  it("runs Monday to Sunday around any day, across months and years", () => {
    expect(weekOf("2008-11-19")).toEqual([
      "2008-11-17",
      "2008-11-18",
      "2008-11-19",
      "2008-11-20",
      "2008-11-21",
      "2008-11-22",
      "2008-11-23",
    ]);
    expect(weekOf("2026-01-01")[0]).toBe("2025-12-29");
    expect(weekOf("2026-12-06")[0]).toBe("2026-11-30");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("2026-12-07")).toBe(true);
  });

  it("adds each day's hours", () => {
    const entry = (spentDate: string, hours: number) => ({ spentDate, hours }) as HarvestTimeEntry;
    expect(dayTotals(["2008-11-18", "2008-11-19"], [entry("2008-11-19", 1.25), entry("2008-11-19", 0.5)])).toEqual([
      { day: "2008-11-18", hours: 0 },
      { day: "2008-11-19", hours: 1.75 },
    ]);
  });
});

describe("the week through the app", () => {
  it("totals each day, shows another day, and adds, edits and deletes a past entry in Harvest", async () => {
    const app = await connected();
    const week = expectValue(await app.call("getTimeWeek", { day: null }));
    expect(week.today).toBe("2008-11-19");
    expect(week.day).toBe("2008-11-19");
    expect(week.days.map((d) => d.day)).toEqual(weekOf("2008-11-19"));
    const todayTotal = week.days.find((d) => d.day === week.today)?.hours ?? 0;
    expect(todayTotal).toBeCloseTo(week.entries.reduce((sum, e) => sum + e.hours, 0));

    const monday = "2008-11-17";
    const added = expectValue(
      await app.call("addTimeEntry", {
        projectId: V2.projects.gourmetNight,
        taskId: V2.tasks.putButter,
        spentDate: monday,
        hours: 1.5,
        notes: "Forgot to track the butter",
      }),
    );
    expect(added).toMatchObject({ spentDate: monday, hours: 1.5, isRunning: false });
    const mondayView = expectValue(await app.call("getTimeWeek", { day: monday }));
    expect(mondayView.entries.map((e) => e.id)).toContain(added.id);
    expect(mondayView.days[0]?.hours).toBeCloseTo((week.days[0]?.hours ?? 0) + 1.5);

    const edited = expectValue(
      await app.call("editTimeEntry", {
        entryId: added.id,
        projectId: V2.projects.healthInspection,
        taskId: V2.tasks.hideRat,
        hours: 0.75,
        notes: "Hid the rat",
      }),
    );
    expect(edited).toMatchObject({ hours: 0.75, notes: "Hid the rat", task: { name: "Hide the rat" } });

    expectValue(await app.call("deleteTimeEntry", { entryId: added.id }));
    const after = expectValue(await app.call("getTimeWeek", { day: monday }));
    expect(after.entries.map((e) => e.id)).not.toContain(added.id);
  });

  it("during Harvest's lockout, Timers keeps showing today's entries (the running timer too) as last read", async () => {
    const app = await connected();
    const first = expectValue(await app.call("getTimers", { refresh: true }));
    expect(first.entries.some((e) => e.isRunning)).toBe(true);
    // A minute later Harvest asks for a pause on its time entries.
    app.clock.advance(60_000);
    app.sandbox.control.fault({ kind: "status503", route: /time_entries/, times: Infinity, retryAfterSeconds: 30 });
    expect(await app.call("getTimeWeek", { day: null })).toMatchObject({ ok: false, error: { kind: "throttled" } });
    const during = await app.call("getTimers", { refresh: false });
    expect(during).toMatchObject({ ok: true, value: { fetchedAt: first.fetchedAt } });
    expect(expectValue(during).entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    // Asked to refresh, the refusal is said (the page shows it beside what it has).
    expect(await app.call("getTimers", { refresh: true })).toMatchObject({ ok: false, error: { kind: "throttled" } });
  });

  it("refuses a duration of nothing or over a day, and a date that is not one, before asking Harvest", async () => {
    const app = await connected();
    const base = { projectId: V2.projects.gourmetNight, taskId: V2.tasks.putButter, notes: null };
    for (const bad of [
      { ...base, spentDate: "2008-11-17", hours: 0 },
      { ...base, spentDate: "2008-11-17", hours: 25 },
      { ...base, spentDate: "2008-02-30", hours: 1 },
    ]) {
      const result = await app.call("addTimeEntry", bad);
      expect(result.ok).toBe(false);
    }
  });
});
