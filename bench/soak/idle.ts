/**
 * Idle wake-ups: a signed-in app whose server answers every call with `503, Retry-After: 9999999`;
 * after one such answer, the timer callbacks of the app's own clocks (feed sync, outbox,
 * connection state, throttle governor) are counted over a few real seconds.
 */
import { createApiFactory } from "@coop-tray/protocol";
import { systemClock as apiSystemClock, type Clock as ApiClock } from "@coop-tray/protocol";
import { createApp } from "../../main/app/create-app";
import { openNodeStore } from "../../main/app/open-node-store";
import { systemClock, type Clock } from "../../main/services/clock";
import type { Keychain } from "../../main/services/vault";
import { SEED, start } from "../../sandbox/index";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP_USER_AGENT } from "../../main/app/user-agent";

export interface IdleFigures {
  readonly perSecond: number;
  readonly lockoutMinutes: number;
  readonly cpuShare: number;
}

export async function idleWakeUpsPerSecond(keychain: Keychain, seconds = 5): Promise<IdleFigures> {
  const sandbox = await start({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), "coop-tray-idle-"));
  let wakeUps = 0;
  const clock: Clock = { ...systemClock, schedule: (fn, ms) => systemClock.schedule(() => (wakeUps++, fn()), ms) };
  const apiClock: ApiClock = {
    now: apiSystemClock.now,
    schedule: (fn, ms) => apiSystemClock.schedule(() => (wakeUps++, fn()), ms),
  };
  const factory = createApiFactory({
    userAgent: APP_USER_AGENT,
    clock: apiClock,
    harvestUrlTemplate: sandbox.harvestUrlTemplate,
  });
  const app = await createApp({ openStoreBackend: openNodeStore(dir), keychain, apiFactory: factory, clock });
  try {
    await app.start();
    const login = { serverUrl: sandbox.url, email: SEED.users.basil.email, password: SEED.password };
    const signedIn = await app.handlers.signIn(login);
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.message}`);
    sandbox.control.fault({ kind: "status503", times: Infinity, retryAfterSeconds: 9_999_999 });
    await app.refreshAll();
    await app.handlers.postNote({ groupId: SEED.groups.fawltyTowers.id, text: "Waiting out the lockout" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const state = await app.handlers.getState();
    const lockedUntil = state.ok ? state.value.connection.coopThrottle.lockedUntil : null;
    wakeUps = 0;
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = process.cpuUsage(cpu);
    return {
      perSecond: wakeUps / seconds,
      lockoutMinutes: lockedUntil === null ? 0 : (lockedUntil - Date.now()) / 60_000,
      cpuShare: (used.user + used.system) / 1000 / (seconds * 1000),
    };
  } finally {
    await app.stop();
    await factory.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
