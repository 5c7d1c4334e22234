/** The idle and sleep decisions on a fake clock: when to ask, what each answer does, sleep never counted. */
import { beforeEach, describe, expect, it } from "vitest";
import { IdleWatcher, type IdleAction, type IdlePrompt, type IdleSettings } from "../../main/services/idle";

let now = Date.UTC(2026, 11, 1, 9, 0, 0);
let settings: IdleSettings = { idleDetection: true, idleMinutes: 10 };
let running: number | null = 42;
let runningSince: number | null = null;
let watcher: IdleWatcher;
let prompts: (IdlePrompt | null)[];
let removals: IdleAction[];

beforeEach(() => {
  now = Date.UTC(2026, 11, 1, 9, 0, 0);
  settings = { idleDetection: true, idleMinutes: 10 };
  running = 42;
  runningSince = null;
  watcher = new IdleWatcher(
    { now: () => now },
    () => settings,
    () => running,
    () => runningSince,
  );
  prompts = [];
  removals = [];
  watcher.on("prompt", (p) => prompts.push(p));
  watcher.on("removeSleep", (a) => removals.push(a));
});

/** The shell polls idle seconds every 30 s; this plays `minutes` of no input, then input again. */
function away(minutes: number): void {
  for (let s = 30; s <= minutes * 60; s += 30) {
    now += 30_000;
    watcher.observeIdle(s);
  }
  now += 30_000;
  watcher.observeIdle(5);
}

describe("idle", () => {
  it("asks once the user is back after ≥ 10 minutes idle, with the idle span", async () => {
    const left = now;
    away(12);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({
      reason: "idle",
      entryId: 42,
      since: left,
      removed: false,
      choices: ["removeAndContinue", "removeAndStop", "keep"],
    });
    expect(prompts[0]!.until - prompts[0]!.since).toBe(12 * 60_000 + 25_000);
  });

  it("does not ask for less than the setting, when switched off, or with no timer running", () => {
    away(9);
    settings = { idleDetection: true, idleMinutes: 20 };
    away(15);
    settings = { idleDetection: false, idleMinutes: 10 };
    away(30);
    settings = { idleDetection: true, idleMinutes: 10 };
    running = null;
    away(30);
    expect(prompts).toEqual([]);
  });

  it("each answer: remove and continue, remove and stop, keep", () => {
    away(11);
    const prompt = prompts[0]!;
    expect(watcher.answer(prompt.id, "removeAndContinue")).toEqual({
      entryId: 42,
      removeMs: prompt.until - prompt.since,
      since: prompt.since,
      then: "continue",
    });
    expect(prompts.at(-1)).toBeNull();
    expect(watcher.answer(prompt.id, "keep")).toBeNull();
    away(11);
    expect(watcher.answer(prompts.at(-1)!.id, "removeAndStop")).toMatchObject({ then: "stop", entryId: 42 });
    away(11);
    expect(watcher.answer(prompts.at(-1)!.id, "keep")).toBeNull();
    expect(watcher.prompt).toBeNull();
  });

  it("an answer to an old prompt, or a choice not offered, does nothing", () => {
    away(11);
    const first = prompts[0]!;
    expect(watcher.answer(first.id + 1, "keep")).toBeNull();
    expect(watcher.prompt).not.toBeNull();
  });

  it("never reaches back before the timer started: 12 idle minutes on a timer started 50 s before the return", () => {
    for (let s = 30; s <= 12 * 60; s += 30) {
      now += 30_000;
      watcher.observeIdle(s);
    }
    runningSince = now - 20_000;
    now += 30_000;
    watcher.observeIdle(5);
    expect(prompts).toEqual([]);
  });

  it("counts only the idle time since the timer started when it started during the absence", () => {
    const left = now;
    runningSince = left + 4 * 60_000;
    away(12);
    expect(prompts[0]).toMatchObject({ reason: "idle", since: runningSince });
    expect(prompts[0]!.until - prompts[0]!.since).toBe(8 * 60_000 + 25_000);
  });

  it("a timer stopped elsewhere withdraws the question", () => {
    away(11);
    watcher.timerChanged(null);
    expect(prompts.at(-1)).toBeNull();
    expect(watcher.prompt).toBeNull();
  });
});

describe("sleep", () => {
  it("is removed at once on resume, then the user only chooses continue or stop", () => {
    watcher.suspended();
    const slept = now;
    now += 3 * 3_600_000;
    watcher.resumed();
    expect(removals).toEqual([{ entryId: 42, removeMs: 3 * 3_600_000, since: slept, then: "continue" }]);
    expect(prompts.at(-1)).toMatchObject({
      reason: "sleep",
      removed: true,
      choices: ["removeAndContinue", "removeAndStop"],
    });
    const prompt = watcher.prompt!;
    expect(watcher.answer(prompt.id, "keep")).toBeNull();
    expect(watcher.prompt).not.toBeNull();
    // Already removed: stopping takes nothing more off.
    expect(watcher.answer(prompt.id, "removeAndStop")).toEqual({
      entryId: 42,
      removeMs: 0,
      since: slept,
      then: "stop",
    });
  });

  it("counts idle time that led into the sleep as part of the absence, even with idle detection off", () => {
    const left = now;
    for (let s = 30; s <= 15 * 60; s += 30) {
      now += 30_000;
      watcher.observeIdle(s);
    }
    watcher.suspended();
    now += 60 * 60_000;
    watcher.resumed();
    expect(removals[0]).toMatchObject({ since: left, removeMs: now - left });
    settings = { idleDetection: false, idleMinutes: 10 };
    watcher.suspended();
    const slept = now;
    now += 10 * 60_000;
    watcher.resumed();
    expect(removals[1]).toMatchObject({ since: slept, removeMs: 10 * 60_000 });
  });

  it("a 20 s nap raises nothing and removes nothing", () => {
    watcher.suspended();
    now += 20_000;
    watcher.resumed();
    expect(removals).toEqual([]);
    expect(prompts).toEqual([]);
  });

  it("removes only the sleep after the timer started", () => {
    watcher.suspended();
    now += 30 * 60_000;
    runningSince = now - 10 * 60_000;
    now += 5 * 60_000;
    watcher.resumed();
    expect(removals).toEqual([{ entryId: 42, removeMs: 15 * 60_000, since: runningSince, then: "continue" }]);
  });

  it("nothing happens for a sleep without a running timer", () => {
    running = null;
    watcher.suspended();
    now += 60 * 60_000;
    watcher.resumed();
    expect(removals).toEqual([]);
    expect(prompts).toEqual([]);
  });
});
