import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { SlidingWindowThrottle } from "../../sandbox/throttle";
import { BASIL, HARVEST_ADMIN, call, decode } from "./helpers";

describe("SlidingWindowThrottle arithmetic", () => {
  it("serves `limit` calls per window, refuses the next and locks out", () => {
    const throttle = new SlidingWindowThrottle(3, 10_000, 10_000);
    expect([0, 1000, 2000].map((t) => throttle.take(t).ok)).toEqual([true, true, true]);
    expect(throttle.take(3000)).toEqual({ ok: false, retryAfterSeconds: 10, lockedUntil: 13_000 });
    // The refused call is a request in the window too (rate_limit_status may report count > max_calls).
    expect(throttle.count(3000)).toBe(4);
  });

  it("a call during the lockout is refused and extends it; refused calls are counted, never served", () => {
    const throttle = new SlidingWindowThrottle(2, 10_000, 5_000);
    throttle.take(0);
    throttle.take(0);
    expect(throttle.take(1000)).toMatchObject({ ok: false, lockedUntil: 6000 });
    // The lockout ends at 9 s, but the window is full until 10 s: Retry-After names the later.
    expect(throttle.take(4000)).toMatchObject({ ok: false, lockedUntil: 9000, retryAfterSeconds: 6 });
    expect(throttle.lockedUntil(8999)).toBe(9000);
    // The window slid past both served calls by 10 s; the lockout ended at 9 s.
    expect(throttle.take(10_000)).toEqual({ ok: true });
    // The call just served and the two refused at 1 s and 4 s are still in the window.
    expect(throttle.count(10_000)).toBe(3);
    expect(throttle.lockedUntil(10_000)).toBeNull();
  });

  it("the window slides: a slot frees exactly when the oldest call is a full window old", () => {
    const throttle = new SlidingWindowThrottle(2, 1500, 2000);
    throttle.take(0);
    throttle.take(700);
    expect(throttle.count(1499)).toBe(2);
    expect(throttle.count(1500)).toBe(1);
    expect(throttle.take(1500)).toEqual({ ok: true });
    expect(throttle.take(1600).ok).toBe(false);
  });

  it("Retry-After is a whole number of seconds, rounded up", () => {
    const throttle = new SlidingWindowThrottle(1, 1500, 1500);
    throttle.take(0);
    expect(throttle.take(1)).toMatchObject({ ok: false, retryAfterSeconds: 2 });
  });
});

describe("Harvest throttle over HTTP (injected clock)", () => {
  let sb: Sandbox;
  let clock = 1_700_000_000_000;
  beforeAll(async () => {
    sb = await start({ port: 0, now: () => clock, harvestLimit: 3, harvestWindowSeconds: 10 });
  });
  afterAll(() => sb.close());
  afterEach(() => sb.control.reset());

  const whoami = (): Promise<{ status: number; headers: Record<string, string> }> =>
    call(`${sb.url}/harvest/fawlty`, "/account/who_am_i", { as: HARVEST_ADMIN, format: "json" });

  it("over the limit → 503 with integer Retry-After; calls while locked out extend the lockout", async () => {
    for (let i = 0; i < 3; i += 1) expect((await whoami()).status).toBe(200);
    const over = await whoami();
    expect(over.status).toBe(503);
    expect(over.headers["retry-after"]).toBe("10");
    expect(sb.control.throttleState("fawlty")).toEqual({ count: 4, lockedUntil: clock + 10_000 });

    clock += 9_000;
    expect((await whoami()).status).toBe(503);
    expect(sb.control.throttleState("fawlty").lockedUntil).toBe(clock + 10_000);
    clock += 9_999;
    expect((await whoami()).status).toBe(503);
    clock += 10_000;
    expect((await whoami()).status).toBe(200);
    expect(sb.control.throttleState("fawlty")).toEqual({ count: 1, lockedUntil: null });
    // The log shows every call, served or refused.
    expect(sb.control.requests.map((r) => r.status)).toEqual([200, 200, 200, 503, 503, 503, 200]);
  });

  it("rate_limit_status is not counted itself and reports the configured figures", async () => {
    await whoami();
    clock += 2000;
    const answer = await call(`${sb.url}/harvest/fawlty`, "/account/rate_limit_status", {
      as: HARVEST_ADMIN,
      format: "json",
    });
    expect(decode(answer, "json")).toEqual({
      last_access_at: new Date(Math.floor(clock / 1000) * 1000).toISOString().replace(".000Z", "Z"),
      count: 1,
      timeframe_limit: 10,
      max_calls: 3,
      lockout_seconds: 10,
    });
    clock += 10_001;
    const later = decode(
      await call(`${sb.url}/harvest/fawlty`, "/account/rate_limit_status", { as: HARVEST_ADMIN, format: "xml" }),
      "xml",
    ) as { count: number };
    expect(later.count).toBe(0);
  });

  it("rate_limit_status answers during a lockout, says over the limit, and neither extends the lockout nor uses a slot", async () => {
    for (let i = 0; i < 3; i += 1) expect((await whoami()).status).toBe(200);
    expect((await whoami()).status).toBe(503);
    const lockedUntil = sb.control.throttleState("fawlty").lockedUntil;
    clock += 1000;
    const status = await call(`${sb.url}/harvest/fawlty`, "/account/rate_limit_status", {
      as: HARVEST_ADMIN,
      format: "json",
    });
    expect(status.status).toBe(200);
    expect(decode(status, "json")).toMatchObject({ count: 4, max_calls: 3 });
    expect(sb.control.throttleState("fawlty")).toEqual({ count: 4, lockedUntil });
    // Polled as often as a client likes while it waits: still no penalty, and the wait ends on time.
    for (let i = 0; i < 5; i += 1)
      expect(
        (await call(`${sb.url}/harvest/fawlty`, "/account/rate_limit_status/", { as: HARVEST_ADMIN })).status,
      ).toBe(200);
    clock = (lockedUntil ?? 0) + 1;
    expect((await whoami()).status).toBe(200);
  });

  it("setHarvestThrottle changes the figures at once; a fractional window is reported truthfully", async () => {
    sb.control.setHarvestThrottle(5, 1.5);
    const answer = decode(
      await call(`${sb.url}/harvest/fawlty`, "/account/rate_limit_status", { as: HARVEST_ADMIN, format: "xml" }),
      "xml",
    );
    expect(answer).toMatchObject({ max_calls: 5, timeframe_limit: 1.5, lockout_seconds: 2 });
    sb.control.setHarvestThrottle(3, 10);
  });

  it("Co-op is not throttled by default", async () => {
    for (let i = 0; i < 6; i += 1)
      expect((await call(sb.url, "/groups", { as: BASIL, format: "json" })).status).toBe(200);
  });
});

describe("Co-op throttle (opt-in)", () => {
  it("refuses over its limit with 503 and Retry-After", async () => {
    const clock = 1_700_000_000_000;
    const sb = await start({ port: 0, now: () => clock, coopThrottle: { limit: 2, windowSeconds: 5 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push((await call(sb.url, "/groups", { as: BASIL, format: "xml" })).status);
      expect(statuses).toEqual([200, 200, 503]);
      expect((await call(sb.url, "/groups", { as: BASIL, format: "xml" })).headers["retry-after"]).toBe("5");
    } finally {
      await sb.close();
    }
  });
});

describe("Harvest throttle at speed (real clock)", () => {
  it("250 calls fired at once: exactly 100 served, the rest 503, well within 3 s", async () => {
    const sb = await start({ port: 0 });
    try {
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 250 }, () =>
          call(`${sb.url}/harvest/fawlty`, "/clients", { as: HARVEST_ADMIN, format: "json" }),
        ),
      );
      const elapsed = performance.now() - started;
      expect(answers.filter((a) => a.status === 200)).toHaveLength(100);
      expect(answers.filter((a) => a.status === 503 && a.headers["retry-after"] === "15")).toHaveLength(150);
      expect(elapsed).toBeLessThan(3000);
      // Every request is counted, served or refused.
      expect(sb.control.throttleState("fawlty").count).toBe(250);
    } finally {
      await sb.close();
    }
  });
});
