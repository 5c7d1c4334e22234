/**
 * The Harvest account belongs to the Co-op user who linked it: after Basil signs out and Polly signs
 * in on the same computer, nothing of Basil's Harvest (the link, his timers, his tasks, a Stop that
 * works on his entry) reaches Polly; Basil signing back in finds his link as he left it, without
 * the token again. The app's own handlers on the real keychain, a temp store and the sandbox.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accountKey } from "../../main/services/account-key";
import { defaultDoc } from "../../main/services/store";
import { harvestTokenAccountName, KEYCHAIN_SERVICE } from "../../main/services/vault";
import { HARVEST_V2_SEED, SEED } from "../../sandbox/index";
import type { RunningTimer } from "../../shared/harvest-v2-state";
import { expectValue, type Harness } from "./app-harness";
import { harvestV2Harness, signInAndConnect, startOnSeedEvening } from "./harvest-v2-harness";
import { realKeychain, tempDir } from "./helpers";

const V2 = HARVEST_V2_SEED;
const start = harvestV2Harness();

/** Basil signed in, Harvest connected with his token, a timer of his running. */
async function basilTracking(): Promise<{ app: Harness; entryId: number }> {
  const app = await start();
  await startOnSeedEvening(app);
  expect(await signInAndConnect(app, SEED.users.basil.email, V2.tokens.basil)).toMatchObject({
    kind: "chooseAccount",
  });
  expectValue(await app.call("chooseHarvestAccount", { accountId: V2.accounts.fawlty.id }));
  const started = expectValue(
    await app.call("startTimer", { projectId: V2.projects.gourmetNight, taskId: V2.tasks.putButter, notes: null }),
  );
  expect(app.app.runningTimer()).toMatchObject({ entryId: started.id });
  expectValue(await app.call("listTaskOptions", { refresh: true }));
  return { app, entryId: started.id };
}

const stops = (app: Harness) =>
  app.sandbox.control.requests.filter((r) => r.method === "PATCH" && r.path.endsWith("/stop"));

describe("the Harvest account after sign-out", () => {
  it("leaves the tray with the user: signing out announces no running timer", async () => {
    const { app } = await basilTracking();
    const running: (RunningTimer | null)[] = [];
    app.app.on("runningTimer", (timer) => running.push(timer));
    expectValue(await app.call("signOut"));
    expect(app.app.runningTimer()).toBeNull();
    expect(running.at(-1)).toBeNull();
    expect(expectValue(await app.call("getHarvestV2")).link).toBeNull();
    // Kept for Basil alone: under his Co-op account, never the entry any user of this base would read.
    const keychain = await realKeychain();
    const base = app.sandbox.harvestV2ApiUrl;
    const basil = accountKey({ serverUrl: app.sandbox.url, email: SEED.users.basil.email });
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, harvestTokenAccountName(base, basil))).toBe(V2.tokens.basil);
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, harvestTokenAccountName(base))).toBeNull();
    // Back in, so the clean-up's disconnect removes his token.
    expectValue(await app.signIn(SEED.users.basil.email));
  });

  it("is neither shown to nor usable by the next Co-op user, who links their own", async () => {
    const { app, entryId } = await basilTracking();
    expectValue(await app.call("signOut"));
    expectValue(await app.signIn(SEED.users.polly.email));
    const state = expectValue(await app.call("getHarvestV2"));
    expect(state.link).toBeNull();
    // Polly's own v1 login (kept by Co-op) may serve her clients; Basil's token never does.
    expect(state.clientsApi).not.toBe("v2");
    expect(app.app.runningTimer()).toBeNull();
    const notConnected = { ok: false, error: { kind: "signedOut" } };
    expect(await app.call("getTimers", { refresh: false })).toMatchObject(notConnected);
    expect(await app.call("getTimers", { refresh: true })).toMatchObject(notConnected);
    expect(await app.call("listTaskOptions", { refresh: false })).toMatchObject(notConnected);
    expect(await app.call("stopTimer", { entryId })).toMatchObject(notConnected);
    expect(await app.call("restartTimer", { entryId })).toMatchObject(notConnected);
    expect(await app.call("editTimerNotes", { entryId, notes: "Polly was here" })).toMatchObject(notConnected);
    expect(await app.call("shareTimerOptions", { entryId })).toMatchObject({ ok: false });
    expect(await app.call("shareTimer", { groupId: SEED.groups.fawltyTowers.id, entryId, text: "Hi" })).toMatchObject({
      ok: false,
    });
    expect(await app.call("listClients", { refresh: false })).toMatchObject({ ok: false });
    // Basil's timer still runs in Harvest: nothing Polly pressed reached it.
    expect(stops(app)).toEqual([]);

    expect(expectValue(await app.call("connectHarvestV2", { token: V2.tokens.polly }))).toMatchObject({
      kind: "connected",
      link: { userName: "Polly Sherman" },
    });
    const day = expectValue(await app.call("getTimers", { refresh: true }));
    expect(day.entries.map((e) => e.id)).not.toContain(entryId);
    expect(app.app.runningTimer()).toMatchObject({ entryId: V2.runningEntryId });
    expectValue(await app.call("disconnectHarvestV2"));
    expectValue(await app.call("signOut"));
    expectValue(await app.signIn(SEED.users.basil.email));
  });

  it("comes back for the user who linked it, without the token again", async () => {
    const { app, entryId } = await basilTracking();
    expectValue(await app.call("signOut"));
    expectValue(await app.signIn(SEED.users.polly.email));
    expectValue(await app.call("signOut"));
    expectValue(await app.signIn(SEED.users.basil.email));
    expect(expectValue(await app.call("getHarvestV2")).link).toMatchObject({
      accountId: V2.accounts.fawlty.id,
      userName: "Basil Fawlty",
    });
    const day = expectValue(await app.call("getTimers", { refresh: true }));
    expect(day.entries[0]).toMatchObject({ id: entryId, isRunning: true });
    expect(app.app.runningTimer()).toMatchObject({ entryId });
    expect(expectValue(await app.call("stopTimer", { entryId }))).toMatchObject({ isRunning: false });
  });
});

describe("a store file from before links had owners", () => {
  it("drops its one link, since whose it was cannot be told", async () => {
    const dir = tempDir();
    // Written by the earlier version after Basil linked and Polly signed in: the link is Basil's.
    const polly = { serverUrl: "http://127.0.0.1:1", email: SEED.users.polly.email, userId: null, name: "Polly" };
    const link = {
      apiUrl: "http://127.0.0.1:1/v2",
      accountId: V2.accounts.fawlty.id,
      accountName: "Fawlty Towers",
      userId: 50001,
      userName: "Basil Fawlty",
      email: SEED.users.basil.email,
      timezone: null,
      accessRoles: ["administrator"],
      wantsTimestampTimers: false,
      clock: null,
      linkedAt: 0,
    };
    const recent = { accountId: V2.accounts.fawlty.id, projectId: 301, taskId: 801, at: 0 };
    const old = { ...defaultDoc(), account: { ...polly, harvest: null }, harvestV2: link, recentTasks: [recent] };
    delete (old as Partial<typeof old>).harvestLinks;
    writeFileSync(join(dir.path, "coop-tray.json"), JSON.stringify(old), "utf8");
    const app = await start({ dir });
    expect(expectValue(await app.call("getHarvestV2")).link).toBeNull();
    expect(await app.call("getTimers", { refresh: true })).toMatchObject({ ok: false, error: { kind: "signedOut" } });
  });
});
