/**
 * Bounded waits: a Retry-After of 9999999 or an HTTP date in 2099 is clamped to 15 minutes, and a
 * timer longer than Node's limit (2^31 − 1 ms) waits instead of firing after 1 ms.
 */
import { describe, expect, it } from "vitest";
import { Governor, MAX_LOCKOUT_MS, systemClock as apiClock } from "@coop-tray/protocol";
import { retryAfterSeconds, statusError } from "@coop-tray/protocol";
import { systemClock as serviceClock } from "../../main/services/clock";
import { FakeClock } from "./fake-clock";

const FAR = 2 ** 31 + 5_000;
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("bounded waits", () => {
  it("clamps Retry-After to 15 minutes, in seconds and as an HTTP date", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterSeconds("9999999", now)).toBe(900);
    expect(retryAfterSeconds("99999999999999", now)).toBe(900);
    expect(retryAfterSeconds("Thu, 01 Jan 2099 00:00:00 GMT", now)).toBe(900);
    expect(retryAfterSeconds("16", now)).toBe(16);
    expect(retryAfterSeconds(new Date(now + 120_000).toUTCString(), now)).toBe(120);
    const headers = { "retry-after": "9999999" };
    const body = Buffer.alloc(0);
    const error = statusError({ status: 503, headers, body, format: "xml", server: "Harvest", what: "x", now });
    expect(error?.kind === "throttled" && error.until - now).toBe(900_000);
    expect(error?.message).toMatch(/900 s/);
  });

  it("never locks the governor for longer than the bound, whatever it is told", () => {
    const clock = new FakeClock();
    const governor = new Governor("g", { maxCalls: Infinity, windowMs: 1000 }, clock);
    governor.lock(clock.now() + 1e12);
    expect(governor.state.lockedUntil).toBe(clock.now() + MAX_LOCKOUT_MS);
    governor.dispose();
  });

  it("a timer past Node's limit does not fire at once (services' clock and the governor's)", async () => {
    let fired = 0;
    const cancelService = serviceClock.schedule(() => fired++, FAR);
    const cancel = apiClock.schedule(() => fired++, FAR);
    await settle(80);
    cancelService();
    cancel();
    expect(fired).toBe(0);
  });

  it("a cancelled long timer never fires, and a short one still does", async () => {
    let fired = 0;
    const cancelShort = serviceClock.schedule(() => fired++, 5);
    const cancelled = serviceClock.schedule(() => (fired += 100), 5);
    cancelled();
    await settle(40);
    expect(fired).toBe(1);
    cancelShort();
  });
});
