/**
 * For suites that connect Harvest v2 through the app: one harness a test, which afterEach disconnects
 * (so the token leaves the real keychain), closes and removes; and the seed's evening on the fake clock.
 */
import { afterEach } from "vitest";
import { HARVEST_V2_SEED, SEED } from "../../sandbox/index";
import type { CallResult } from "../../shared/contract";
import { expectValue, startHarness, type Harness } from "./app-harness";

/** 19 Nov 2008, 18:00 UTC, a Wednesday: Polly's seed timer is running. */
export const SEED_EVENING = Date.UTC(2008, 10, 19, 18, 0, 0);

/** Registers the afterEach clean-up; the returned function starts the test's harness. */
export function harvestV2Harness(): (options?: Parameters<typeof startHarness>[0]) => Promise<Harness> {
  let current: Harness | null = null;
  afterEach(async () => {
    const h = current;
    current = null;
    if (h === null) return;
    await h.call("disconnectHarvestV2");
    await h.close();
    h.dir.remove();
  });
  return async (options) => {
    current = await startHarness(options);
    return current;
  };
}

/** Moves the harness's clock on to SEED_EVENING and starts the app. */
export async function startOnSeedEvening(app: Harness): Promise<void> {
  app.clock.advance(SEED_EVENING - app.clock.now());
  await app.app.start();
}

/** Signs in as `email` and connects Harvest v2 with `token`: answers how the connection went. */
export async function signInAndConnect(
  app: Harness,
  email: string,
  token: string,
): Promise<Extract<CallResult<"connectHarvestV2">, { ok: true }>["value"]> {
  expectValue(await app.signIn(email));
  return expectValue(await app.call("connectHarvestV2", { token }));
}

/** Polly signed in on the seed's evening with Harvest v2 connected by `token`. */
export async function pollyConnected(start: () => Promise<Harness>, token: string = HARVEST_V2_SEED.tokens.polly) {
  const app = await start();
  await startOnSeedEvening(app);
  return { app, outcome: await signInAndConnect(app, SEED.users.polly.email, token) };
}
