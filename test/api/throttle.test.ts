import { afterEach, describe, expect, it } from "vitest";
import type { ApiFactory, GovernorState } from "@coop-tray/protocol";
import { measureThrottleBurst } from "../../bench/api";
import { factoryFor, harvestAdmin, SEED, useSandbox } from "./helpers";

/** A compressed Harvest window: 100 calls per 1.5 s, lockout 2 s. */
const LIMIT = 100;
const WINDOW_MS = 1_500;
const env = useSandbox({ harvestLimit: LIMIT, harvestWindowSeconds: WINDOW_MS / 1000, harvestLockoutSeconds: 2 });
let factory: ApiFactory | null = null;
afterEach(async () => {
  await factory?.close();
  factory = null;
});

/** Least possible time for n calls: whole windows before the last batch may start. */
function leastPossibleMs(calls: number): number {
  return Math.floor((calls - 1) / LIMIT) * WINDOW_MS;
}

describe("the governor against the sandbox's Harvest throttle", () => {
  it("a burst of 250 calls gets zero 503s and ends within 1.15× of the least possible time", async () => {
    // Its own sandbox (see bench/api.ts): the least possible time is the whole windows before the
    // last batch plus what the server itself needs to serve that batch, measured in the same run.
    const burst = await measureThrottleBurst(250, LIMIT, WINDOW_MS);
    expect(burst.refused).toBe(0);
    expect(burst.calls).toBe(251); // 250 plus the call that learnt the account's limits
    expect(burst.windowsMs).toBe(leastPossibleMs(251));
    expect(burst.elapsedMs).toBeGreaterThanOrEqual(burst.windowsMs);
    expect(burst.elapsedMs).toBeLessThanOrEqual((burst.windowsMs + burst.serveMs) * 1.15);
  });

  it("after a 503 mid-burst nothing reaches that account until Retry-After has passed, then the burst completes", async () => {
    factory = factoryFor(env.sandbox);
    const states: Array<GovernorState & { service: string }> = [];
    factory.onGovernorState((state) => states.push(state));
    const client = factory.harvest(harvestAdmin, "xml");
    let done = 0;
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        client.getClient(SEED.harvest.clients.plain).then((result) => {
          if (++done === 20)
            env.sandbox.control.fault({ kind: "status503", route: /\/clients\//, retryAfterSeconds: 1 });
          return result;
        }),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const log = env.sandbox.control.requests.filter((r) => r.service === "harvest");
    const refused = log.filter((r) => r.status === 503);
    expect(refused).toHaveLength(1);
    const at = refused[0]!.time;
    const after = log.filter((r) => r.time > at);
    // Calls already on the wire when the 503 was sent (at most the in-flight cap less the refused one)
    // land within moments; after those, nothing until the second has passed. The time bound is loose
    // enough for a loaded CI machine and still far inside the 1 s lockout.
    const onTheWire = after.filter((r) => r.time < at + 1_000);
    expect(onTheWire.length).toBeLessThanOrEqual(5);
    for (const entry of onTheWire) expect(entry.time - at).toBeLessThan(300);
    expect(after.filter((r) => r.time >= at + 1_000).length).toBeGreaterThan(0);
    // The UI heard about the lock and its end.
    const locked = states.find((s) => s.service === "harvest" && s.lockedUntil !== null);
    expect(locked?.lockedUntil).toBeGreaterThanOrEqual(at + 1_000);
    expect(states.at(-1)).toMatchObject({ service: "harvest", lockedUntil: null, queued: 0 });
  });

  it("noWait fails fast with throttled while the account is locked", async () => {
    factory = factoryFor(env.sandbox);
    const client = factory.harvest(harvestAdmin, "json");
    env.sandbox.control.fault({ kind: "status503", route: /\/clients/, retryAfterSeconds: 30 });
    const first = await client.listClients({ noWait: true });
    expect(first).toMatchObject({ ok: false, error: { kind: "throttled", retryAfterSeconds: 30 } });
    const started = Date.now();
    const second = await client.getClient(1, { noWait: true });
    expect(Date.now() - started).toBeLessThan(100);
    expect(second).toMatchObject({ ok: false, error: { kind: "throttled" } });
    if (!second.ok && second.error.kind === "throttled")
      expect(second.error.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    // Nothing more reached the server after the 503.
    expect(env.sandbox.control.requests.filter((r) => r.path.includes("/clients"))).toHaveLength(1);
  });

  it("a POST refused with a throttled 503 is sent again once the pause is over (it never ran), and only once", async () => {
    factory = factoryFor(env.sandbox);
    const client = factory.harvest(harvestAdmin, "xml");
    env.sandbox.control.fault({ kind: "status503", route: /\/clients$/, method: "POST", retryAfterSeconds: 1 });
    const started = Date.now();
    const created = await client.createClient({
      name: "Twice Refused Ltd",
      details: null,
      currency: null,
      currencySymbol: null,
    });
    expect(created.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const posts = env.sandbox.control.requests.filter((r) => r.method === "POST" && r.path.endsWith("/clients"));
    expect(posts.map((r) => r.status)).toEqual([503, 201]);
  });

  it("a 503 without Retry-After locks for Harvest's 16 s", async () => {
    factory = factoryFor(env.sandbox);
    const client = factory.harvest(harvestAdmin, "xml");
    env.sandbox.control.fault({ kind: "status503", route: /\/clients/, retryAfterSeconds: null });
    const before = Date.now();
    const result = await client.listClients({ noWait: true });
    expect(result).toMatchObject({ ok: false, error: { kind: "throttled", retryAfterSeconds: 16 } });
    if (!result.ok && result.error.kind === "throttled")
      expect(result.error.until).toBeGreaterThanOrEqual(before + 16_000);
  });
});
