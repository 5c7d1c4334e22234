/**
 * After one answer with a huge Retry-After, a signed-in idle app must sleep: its own timers (feed
 * sync, outbox, connection state, the throttle governor) wake it at most about once per second.
 * Real timers, counted through the clocks the app is given; the sandbox answers every call with
 * `503, Retry-After: 9999999` (Node would run such a timer after 1 ms: a hot loop).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import { systemClock as apiSystemClock, type Clock as ApiClock } from "@coop-tray/protocol";
import type { ApiFactory } from "@coop-tray/protocol";
import { createApp, type CoopTrayApp } from "../../main/app/create-app";
import { openNodeStore } from "../../main/app/open-node-store";
import { systemClock, type Clock } from "../../main/services/clock";
import { SEED, start as startSandbox } from "../../sandbox/index";
import { realKeychain, tempDir, waitFor } from "./helpers";
import { APP_USER_AGENT } from "../../main/app/user-agent";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe("an idle app after a huge Retry-After", () => {
  const dir = tempDir();
  let sandbox: Sandbox;
  let factory: ApiFactory;
  let app: CoopTrayApp;
  let wakeUps = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const clock: Clock = {
      ...systemClock,
      schedule: (fn, ms) => systemClock.schedule(() => (wakeUps++, fn()), ms),
    };
    const apiClock: ApiClock = {
      now: apiSystemClock.now,
      schedule: (fn, ms) => apiSystemClock.schedule(() => (wakeUps++, fn()), ms),
    };
    factory = createApiFactory({
      userAgent: APP_USER_AGENT,
      clock: apiClock,
      harvestUrlTemplate: sandbox.harvestUrlTemplate,
    });
    const keychain = await realKeychain();
    app = await createApp({ openStoreBackend: openNodeStore(dir.path), keychain, apiFactory: factory, clock });
    await app.start();
    const login = { serverUrl: sandbox.url, email: SEED.users.basil.email, password: SEED.password };
    const signedIn = await app.handlers.signIn(login);
    expect(signedIn.ok).toBe(true);
  });

  afterAll(async () => {
    await app?.stop();
    await factory?.close();
    await sandbox?.close();
    dir.remove();
  });

  it("wakes at most about once per second, and the lockout is at most 15 minutes", async () => {
    sandbox.control.fault({ kind: "status503", times: Infinity, retryAfterSeconds: 9_999_999 });
    const before = Date.now();
    await app.refreshAll();
    const posted = await app.handlers.postNote({ groupId: SEED.groups.fawltyTowers.id, text: "Waiting it out" });
    expect(posted.ok).toBe(true);
    const state = await waitFor(async () => {
      const s = await app.handlers.getState();
      return s.ok && s.value.connection.coopThrottle.lockedUntil !== null ? s.value : null;
    }, "the lockout");
    expect(state.connection.coopThrottle.lockedUntil as number).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 1_000);
    expect(state.connection.coopThrottle.lockedUntil as number).toBeGreaterThan(before + 14 * 60_000);

    wakeUps = 0;
    const cpu = process.cpuUsage();
    const seconds = 3;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = process.cpuUsage(cpu);
    expect(wakeUps / seconds).toBeLessThanOrEqual(1);
    // And the process is really idle (the old hot loop burnt a fifth of a core).
    expect((used.user + used.system) / 1000 / (seconds * 1000)).toBeLessThan(0.1);
  });
});
