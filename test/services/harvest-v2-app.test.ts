/**
 * Harvest v2 through the app's own handlers (createApp on the real keychain, a temp store and the
 * sandbox, on a fake clock): connecting, the running timer announced for the tray, sleep taken off
 * at once, the idle question answered, a timer's share offered, and the token never in a result.
 */
import { describe, expect, it } from "vitest";
import { HARVEST_V2_SEED, SEED } from "../../sandbox/index";
import type { IdlePrompt, RunningTimer } from "../../shared/harvest-v2-state";
import { expectValue, type Harness } from "./app-harness";
import { harvestV2Harness, pollyConnected } from "./harvest-v2-harness";

const V2 = HARVEST_V2_SEED;
const start = harvestV2Harness();

/** Polly connected on the seed's evening, her seed timer running. */
async function connected(token: string = V2.tokens.polly): Promise<Harness> {
  const { app, outcome } = await pollyConnected(start, token);
  expect(outcome).toMatchObject({ kind: "connected" });
  return app;
}

describe("Harvest v2 through the app", () => {
  it("announces the running timer, takes a sleep off at once, and stops on the answer", async () => {
    const app = await connected();
    const running: (RunningTimer | null)[] = [];
    const prompts: (IdlePrompt | null)[] = [];
    app.app.on("runningTimer", (t) => running.push(t));
    app.app.on("idlePrompt", (p) => prompts.push(p));
    const day = expectValue(await app.call("getTimers", { refresh: true }));
    expect(day.entries[0]).toMatchObject({ id: V2.runningEntryId, isRunning: true, hours: 23.69 });
    expect(app.app.runningTimer()).toMatchObject({ entryId: V2.runningEntryId, projectName: "Gourmet Night" });

    app.app.power.suspended();
    app.clock.advance(2 * 3_600_000);
    app.app.power.resumed();
    expect(prompts.at(-1)).toMatchObject({
      reason: "sleep",
      removed: true,
      choices: ["removeAndContinue", "removeAndStop"],
    });
    // The two hours asleep come off: 23.69 h stays 23.69 h.
    await expect
      .poll(async () => (await app.call("getTimers", { refresh: true })).ok && app.app.runningTimer()?.baselineMs)
      .toBe(app.clock.now() - Math.round(23.69 * 3_600_000));
    const prompt = prompts.at(-1)!;
    // Sleep is never kept as work: "keep" is not offered, and is refused.
    expect(await app.call("answerIdle", { promptId: prompt.id, choice: "keep" })).toMatchObject({
      ok: false,
      error: { kind: "invalidInput" },
    });
    expect(await app.call("answerIdle", { promptId: prompt.id, choice: "removeAndStop" })).toEqual({
      ok: true,
      value: null,
    });
    expect(app.app.runningTimer()).toBeNull();
    expect(expectValue(await app.call("getTimers", { refresh: true })).entries[0]).toMatchObject({
      id: V2.runningEntryId,
      isRunning: false,
      hours: 23.69,
    });
    expect(await app.call("answerIdle", { promptId: prompt.id, choice: "removeAndStop" })).toMatchObject({
      ok: false,
      error: { kind: "invalidInput" },
    });
  });

  it("asks after idle time and removes it on the answer; a timer its group already shows is not shared again", async () => {
    const app = await connected();
    await app.call("getTimers", { refresh: true });
    const prompts: (IdlePrompt | null)[] = [];
    app.app.on("idlePrompt", (p) => prompts.push(p));
    app.app.power.observeIdle(15 * 60);
    app.clock.advance(60_000);
    app.app.power.observeIdle(2);
    const prompt = prompts.at(-1)!;
    expect(prompt).toMatchObject({ reason: "idle", choices: ["removeAndContinue", "removeAndStop", "keep"] });
    expect(await app.call("answerIdle", { promptId: prompt.id, choice: "removeAndStop" })).toEqual({
      ok: true,
      value: null,
    });
    const after = expectValue(await app.call("getTimers", { refresh: true }));
    // 23.69 h + 1 min, less the 15 min 58 s idle: stopped at 23.44 h.
    expect(after.entries.find((e) => e.id === V2.runningEntryId)).toMatchObject({ isRunning: false, hours: 23.44 });
    expect(app.app.runningTimer()).toBeNull();

    const options = expectValue(await app.call("shareTimerOptions", { entryId: V2.runningEntryId }));
    expect(options.text).toBe("Working on Gourmet Night — Put butter on trays (City of Torquay): Timer with a note");
    // Co-op gathers Polly's Harvest entries into her group's feed: it shows this one already.
    expect(options.groups).toEqual([{ groupId: SEED.groups.fawltyTowers.id, name: "Fawlty Towers", already: "entry" }]);
    expect(
      await app.call("shareTimer", {
        groupId: SEED.groups.fawltyTowers.id,
        entryId: V2.runningEntryId,
        text: options.text,
      }),
    ).toMatchObject({ ok: false, error: { kind: "invalidInput" } });
    for (const result of app.results) expect(result).not.toContain(V2.tokens.polly.split(".pt.")[1]);
  });

  it("connecting a token asks the Co-op server to gather the member now, with no timer running", async () => {
    const app = await start();
    await app.app.start();
    // Basil's Harvest login is kept by Co-op (the seed), so the server gathers him; no timer of his runs.
    expectValue(await app.signIn(SEED.users.basil.email));
    const gathers = () =>
      app.sandbox.control.requests.filter(
        (r) => r.method === "POST" && r.path === `/users/${SEED.users.basil.id}/harvest_credential/gather`,
      );
    expect(expectValue(await app.call("connectHarvestV2", { token: V2.tokens.basil }))).toMatchObject({
      kind: "chooseAccount",
    });
    // Only choosing the account connects: nothing is gathered for a token still waiting for it.
    expect(gathers()).toEqual([]);
    expectValue(await app.call("chooseHarvestAccount", { accountId: V2.accounts.fawlty.id }));
    await expect.poll(() => gathers().map((r) => r.status)).toEqual([200]);
    expect(app.app.runningTimer()).toBeNull();
  });

  it("the idle setting switches the question off, and Settings keep the minutes", async () => {
    const app = await connected();
    await app.call("getTimers", { refresh: true });
    expect(expectValue(await app.call("updateSettings", { idleDetection: false, idleMinutes: 20 }))).toMatchObject({
      idleDetection: false,
      idleMinutes: 20,
    });
    const prompts: (IdlePrompt | null)[] = [];
    app.app.on("idlePrompt", (p) => prompts.push(p));
    app.app.power.observeIdle(30 * 60);
    app.app.power.observeIdle(1);
    expect(prompts).toEqual([]);
    expect(expectValue(await app.call("getHarvestV2"))).toMatchObject({
      link: { accountId: V2.accounts.fawlty.id },
      clientsApi: "v2",
      tokenPage: "https://id.getharvest.com/developers",
    });
  });
});
