/**
 * Harvest v2 timers on the sandbox: company mode, assignments, time entries, one running timer per
 * user, both views agreeing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HARVEST_V2_SEED, SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { ARGENTINA, FAWLTY, POLLY_TOKEN, allPages, v2 } from "./harvest-v2-helpers";

let sb: Sandbox;
// 19 Nov 2008, 18:00 UTC (London is on UTC in November): 47 min after Polly's seed timer started.
const START = Date.UTC(2008, 10, 19, 18, 0, 0);
let clock = START;

beforeAll(async () => {
  sb = await start({ port: 0, now: () => clock });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.control.reset();
  clock = START;
});

const api = (path: string): string => `${sb.harvestV2ApiUrl}${path}`;
const P = HARVEST_V2_SEED.projects;
const T = HARVEST_V2_SEED.tasks;
const polly = { token: POLLY_TOKEN };
type Entry = Record<string, unknown> & { id: number; is_running: boolean; hours: number };
const entries = (answer: { json: Record<string, unknown> }): Entry[] => answer.json["time_entries"] as Entry[];

describe("company, me and assignments", () => {
  it("tells the timer mode and the clock; only administrators change the mode", async () => {
    expect((await v2(api("/company"))).json).toMatchObject({
      name: "Fawlty Towers",
      wants_timestamp_timers: false,
      clock: "24h",
      week_start_day: "Monday",
    });
    expect((await v2(api("/company"), { account: ARGENTINA })).json).toMatchObject({
      wants_timestamp_timers: true,
      clock: "12h",
    });
    expect((await v2(api("/company"), polly)).status).toBe(200);
    expect(
      (await v2(api("/company"), { ...polly, method: "PATCH", body: { wants_timestamp_timers: true } })).status,
    ).toBe(403);
    const changed = await v2(api("/company"), { method: "PATCH", body: { wants_timestamp_timers: true } });
    expect(changed.json["wants_timestamp_timers"]).toBe(true);
  });

  it("users/me is open to members, with their time zone's Harvest name", async () => {
    expect((await v2(api("/users/me"), polly)).json).toMatchObject({
      id: SEED.harvest.nonAdmin.id,
      first_name: "Polly",
      last_name: "Sherman",
      timezone: "London",
      is_active: true,
    });
  });

  it("project_assignments lists the user's active projects with their tasks, never archived ones", async () => {
    const { items } = await allPages(api("/users/me/project_assignments?per_page=1"), "project_assignments", polly);
    const projects = items.map((a) => (a["project"] as { id: number }).id).sort();
    expect(projects).toEqual([P.gourmetNight, P.healthInspection]);
    const gourmet = items.find((a) => (a["project"] as { id: number }).id === P.gourmetNight);
    expect(gourmet).toMatchObject({
      is_active: true,
      client: { id: 1, name: "City of Torquay" },
      project: { name: "Gourmet Night", code: "GN" },
    });
    const tasks = (gourmet?.["task_assignments"] as { task: { id: number; name: string } }[]).map((t) => t.task);
    expect(tasks).toEqual([
      { id: T.putButter, name: "Put butter on trays" },
      { id: T.fetchLobster, name: "Fetch the lobster" },
      { id: T.cookDuck, name: "Cook the duck" },
    ]);
  });
});

describe("time entries", () => {
  it("lists v1's entries in v2's shape; members see only their own", async () => {
    const mine = entries(await v2(api("/time_entries?from=2008-11-19&to=2008-11-19"), polly));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      id: HARVEST_V2_SEED.runningEntryId,
      spent_date: "2008-11-19",
      user: { id: SEED.harvest.nonAdmin.id, name: "Polly Sherman" },
      client: { id: 1, name: "City of Torquay" },
      project: { id: P.gourmetNight, name: "Gourmet Night" },
      task: { id: T.putButter, name: "Put butter on trays" },
      notes: "Timer with a note",
      is_running: true,
      timer_started_at: "2008-11-19T17:13:12Z",
      hours_without_timer: 22.91,
      // 22.91 h before this run, plus 46 min 48 s of it.
      hours: 23.69,
    });
    const all = entries(await v2(api("/time_entries"), polly));
    expect(new Set(all.map((e) => (e["user"] as { id: number }).id))).toEqual(new Set([SEED.harvest.nonAdmin.id]));
    const everyone = entries(await v2(api("/time_entries")));
    expect(everyone.map((e) => e.id).sort((a, b) => a - b)).toEqual([200, 1372990, 1372995, 1373078]);
    // Sorted by spent_date, newest first.
    expect(everyone.map((e) => e["spent_date"])).toEqual(["2008-11-19", "2008-11-18", "2008-11-18", "2008-11-17"]);
    expect(entries(await v2(api(`/time_entries?user_id=${SEED.harvest.admin.id}`))).map((e) => e.id)).toEqual([
      1372995,
    ]);
    expect(entries(await v2(api("/time_entries?is_running=true"))).map((e) => e.id)).toEqual([
      HARVEST_V2_SEED.runningEntryId,
    ]);
    expect((await v2(api("/time_entries?from=yesterday"))).status).toBe(422);
    expect((await v2(api("/time_entries/1372995"), polly)).status).toBe(404);
  });

  it("starting a timer stops the running one; the Co-op feed shows the new entry", async () => {
    const started = await v2(api("/time_entries"), {
      ...polly,
      method: "POST",
      body: {
        project_id: P.healthInspection,
        task_id: T.hideRat,
        spent_date: "2008-11-19",
        notes: "Rat in the biscuit tin",
      },
    });
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({
      is_running: true,
      hours: 0,
      notes: "Rat in the biscuit tin",
      project: { id: P.healthInspection },
      task: { id: T.hideRat, name: "Hide the rat" },
      started_time: null,
      timer_started_at: "2008-11-19T18:00:00Z",
    });
    const previous = await v2(api(`/time_entries/${HARVEST_V2_SEED.runningEntryId}`), polly);
    expect(previous.json).toMatchObject({ is_running: false, hours: 23.69, timer_started_at: null });
    expect(entries(await v2(api("/time_entries?is_running=true"), polly)).map((e) => e.id)).toEqual([
      started.json["id"],
    ]);
    const feed = sb.control.statuses(SEED.groups.fawltyTowers.id);
    expect(feed.find((s) => s.type === "DayEntry" && s.id === started.json["id"])).toMatchObject({
      text: "Rat in the biscuit tin",
      userId: SEED.users.polly.id,
    });
  });

  it("restart keeps the id on a duration account; stopping a stopped or restarting a running one: 422", async () => {
    const id = HARVEST_V2_SEED.runningEntryId;
    clock = START + 12 * 60_000;
    const stopped = await v2(api(`/time_entries/${id}/stop`), { ...polly, method: "PATCH" });
    expect(stopped.status).toBe(200);
    expect(stopped.json).toMatchObject({ id, is_running: false, hours: 23.89 });
    const again = await v2(api(`/time_entries/${id}/stop`), { ...polly, method: "PATCH" });
    expect(again.status).toBe(422);
    expect(again.json.message).toMatch(/only possible if it's currently running/);
    clock += 60 * 60_000;
    const restarted = await v2(api(`/time_entries/${id}/restart`), { ...polly, method: "PATCH" });
    expect(restarted.json).toMatchObject({
      id,
      is_running: true,
      hours_without_timer: 23.89,
      timer_started_at: "2008-11-19T19:12:00Z",
    });
    clock += 6 * 60_000;
    expect((await v2(api(`/time_entries/${id}`), polly)).json["hours"]).toBe(23.99);
    expect((await v2(api(`/time_entries/${id}/restart`), { ...polly, method: "PATCH" })).status).toBe(422);
  });

  it("creating with hours makes a stopped entry; PATCH edits the notes only", async () => {
    const made = await v2(api("/time_entries"), {
      ...polly,
      method: "POST",
      body: { project_id: P.gourmetNight, task_id: T.cookDuck, spent_date: "2008-11-18", hours: 1.5 },
    });
    expect(made.json).toMatchObject({ is_running: false, hours: 1.5, notes: null });
    expect(entries(await v2(api("/time_entries?is_running=true"), polly)).map((e) => e.id)).toEqual([
      HARVEST_V2_SEED.runningEntryId,
    ]);
    const edited = await v2(api(`/time_entries/${made.json["id"] as number}`), {
      ...polly,
      method: "PATCH",
      body: { notes: "Duck with cherries" },
    });
    expect(edited.json).toMatchObject({
      notes: "Duck with cherries",
      hours: 1.5,
      spent_date: "2008-11-18",
      task: { id: T.cookDuck },
    });
    expect((await v2(api(`/time_entries/${made.json["id"] as number}`), { ...polly, method: "DELETE" })).status).toBe(
      200,
    );
  });

  it("refuses a timer without project, task or date, on an archived project, or a task not on it", async () => {
    const base = { project_id: P.gourmetNight, task_id: T.putButter, spent_date: "2008-11-19" };
    for (const body of [
      { ...base, project_id: undefined },
      { ...base, task_id: undefined },
      { ...base, spent_date: undefined },
      { ...base, project_id: P.annualDinner, task_id: T.setTables },
      { ...base, task_id: T.hideRat },
      { ...base, spent_date: "19/11/2008" },
    ]) {
      const answer = await v2(api("/time_entries"), { ...polly, method: "POST", body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.json.message).toBeTruthy();
    }
    expect(
      (await v2(api("/time_entries"), { ...polly, method: "POST", body: { ...base, user_id: SEED.harvest.admin.id } }))
        .status,
    ).toBe(403);
  });

  it("on a timestamp account: start and end times in the account's clock, and restart makes a new entry", async () => {
    const account = { account: ARGENTINA };
    // Buenos Aires is UTC-2 in November 2008: 18:00 UTC is 4:00pm there.
    const started = await v2(api("/time_entries"), {
      ...account,
      method: "POST",
      body: { project_id: P.paellaNight, task_id: T.paella, spent_date: "2008-11-19" },
    });
    expect(started.json).toMatchObject({ is_running: true, started_time: "4:00pm", ended_time: null });
    clock += 90 * 60_000;
    const stopped = await v2(api(`/time_entries/${started.json["id"] as number}/stop`), {
      ...account,
      method: "PATCH",
    });
    expect(stopped.json).toMatchObject({ is_running: false, started_time: "4:00pm", ended_time: "5:30pm", hours: 1.5 });
    const restarted = await v2(api(`/time_entries/${started.json["id"] as number}/restart`), {
      ...account,
      method: "PATCH",
    });
    expect(restarted.json["id"]).not.toBe(started.json["id"]);
    expect(restarted.json).toMatchObject({
      is_running: true,
      hours: 0,
      started_time: "5:30pm",
      project: { id: P.paellaNight },
      task: { id: T.paella },
    });
    const logged = await v2(api("/time_entries"), {
      ...account,
      method: "POST",
      body: {
        project_id: P.paellaNight,
        task_id: T.paella,
        spent_date: "2008-11-18",
        started_time: "8:00am",
        ended_time: "9:15am",
      },
    });
    expect(logged.json).toMatchObject({ is_running: false, hours: 1.25, started_time: "8:00am", ended_time: "9:15am" });
    expect(
      (
        await v2(api("/time_entries"), {
          ...account,
          method: "POST",
          body: { project_id: P.paellaNight, task_id: T.paella, spent_date: "2008-11-18", started_time: "25:00" },
        })
      ).status,
    ).toBe(422);
  });

  it("keeps v2's records through a data file", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "sandbox-v2-")), "data.json");
    const first = await start({ port: 0, now: () => clock, dataFile: file });
    const made = await v2(`${first.harvestV2ApiUrl}/time_entries`, {
      ...polly,
      method: "POST",
      body: { project_id: P.healthInspection, task_id: T.inspectKitchen, spent_date: "2008-11-19" },
    });
    await v2(`${first.harvestV2ApiUrl}/company`, {
      account: FAWLTY,
      method: "PATCH",
      body: { wants_timestamp_timers: true },
    });
    await first.close();
    const second = await start({ port: 0, now: () => clock, dataFile: file });
    try {
      const again = await v2(`${second.harvestV2ApiUrl}/time_entries/${made.json["id"] as number}`, polly);
      expect(again.json).toMatchObject({
        is_running: true,
        task: { id: T.inspectKitchen, name: "Inspect the kitchen" },
      });
      expect((await v2(`${second.harvestV2ApiUrl}/company`)).json["wants_timestamp_timers"]).toBe(true);
    } finally {
      await second.close();
    }
  });
});
