import { describe, expect, it } from "vitest";
import { Governor, type Ticket } from "@coop-tray/protocol";
import type { GovernorState } from "@coop-tray/protocol";
import type { ApiResult } from "../../shared/errors";
import { FakeClock, flush } from "./fake-clock";

function setup(maxCalls: number, windowMs: number, maxConcurrent = Infinity) {
  const clock = new FakeClock();
  const governor = new Governor("fawlty@test", { maxCalls, windowMs }, clock, maxConcurrent);
  const states: GovernorState[] = [];
  governor.onState((state) => states.push(state));
  return { clock, governor, states };
}

/** Acquire and record when (fake time) the slot was granted. */
function track(
  governor: Governor,
  clock: FakeClock,
  label: string,
  log: Array<[string, number]>,
  priority: "interactive" | "background" = "interactive",
): Promise<ApiResult<Ticket>> {
  return governor.acquire({ priority }).then((result) => {
    if (result.ok) log.push([label, clock.now()]);
    return result;
  });
}

describe("the throttle governor", () => {
  it("keeps a margin under the limit and releases the next call one window after the oldest answer", async () => {
    const { clock, governor } = setup(100, 15_000);
    const granted: Array<[string, number]> = [];
    const tickets: Array<Promise<ApiResult<Ticket>>> = [];
    for (let i = 0; i < 100; i++) tickets.push(track(governor, clock, `c${i}`, granted));
    await flush();
    // 98 go at once (2 % margin); the rest wait.
    expect(granted).toHaveLength(98);
    expect(governor.state.queued).toBe(2);
    const start = clock.now();
    await clock.advance(100);
    for (const ticket of tickets.slice(0, 98)) {
      const result = await ticket;
      if (result.ok) result.value.release();
    }
    await clock.advance(14_000);
    expect(granted).toHaveLength(98);
    await clock.advance(1_500);
    expect(granted).toHaveLength(100);
    // Never earlier than a full window after the answers came back.
    expect(granted[98]![1]).toBeGreaterThanOrEqual(start + 100 + 15_000);
  });

  it("counts calls in flight, so slow answers never let more than the limit out", async () => {
    const { clock, governor } = setup(10, 1_000);
    const granted: Array<[string, number]> = [];
    for (let i = 0; i < 20; i++) void track(governor, clock, `c${i}`, granted);
    await clock.advance(60_000); // nobody answers: nothing more is sent, however long we wait
    expect(granted).toHaveLength(9); // 10 minus a margin of one
  });

  it("serves interactive calls before background ones, first come first served within each", async () => {
    const { clock, governor } = setup(1, 1_000);
    const order: string[] = [];
    const first = await governor.acquire();
    const answerAtOnce = (label: string, priority: "interactive" | "background"): void => {
      void governor.acquire({ priority }).then((result) => {
        if (!result.ok) return;
        order.push(label);
        result.value.release();
      });
    };
    answerAtOnce("bg1", "background");
    answerAtOnce("ui1", "interactive");
    answerAtOnce("bg2", "background");
    answerAtOnce("ui2", "interactive");
    await flush();
    expect(governor.state.queued).toBe(4);
    if (first.ok) first.value.release();
    await clock.advance(10_000);
    expect(order).toEqual(["ui1", "ui2", "bg1", "bg2"]);
    expect(governor.state.queued).toBe(0);
  });

  it("locks after a 503 until Retry-After, tells listeners, and resumes afterwards", async () => {
    const { clock, governor, states } = setup(100, 15_000);
    const lockedAt = clock.now();
    governor.lock(lockedAt + 16_000);
    expect(governor.state.lockedUntil).toBe(lockedAt + 16_000);
    expect(states.at(-1)).toEqual({ key: "fawlty@test", queued: 0, lockedUntil: lockedAt + 16_000 });
    const granted: Array<[string, number]> = [];
    void track(governor, clock, "after", granted);
    await clock.advance(15_999);
    expect(granted).toEqual([]);
    expect(states.at(-1)?.queued).toBe(1);
    await clock.advance(1);
    expect(granted).toEqual([["after", lockedAt + 16_000]]);
    expect(states.at(-1)).toEqual({ key: "fawlty@test", queued: 0, lockedUntil: null });
  });

  it("noWait fails fast with throttled and the seconds to wait", async () => {
    const { clock, governor } = setup(100, 15_000);
    governor.lock(clock.now() + 7_200);
    const result = await governor.acquire({ noWait: true });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "throttled", retryAfterSeconds: 8, until: clock.now() + 7_200 },
    });
  });

  it("learns the server's limits and counts calls others already made in the window", async () => {
    const { clock, governor } = setup(100, 15_000);
    governor.learn({ maxCalls: 40, windowMs: 15_000 }, 30);
    const granted: Array<[string, number]> = [];
    for (let i = 0; i < 20; i++) void track(governor, clock, `c${i}`, granted);
    await flush();
    // 40 - 1 (margin) - 30 already used = 9
    expect(granted).toHaveLength(9);
  });

  it("lets only a few calls be in flight at once, and noWait still queues behind them", async () => {
    const { clock, governor } = setup(100, 15_000, 3);
    const tickets = await Promise.all([governor.acquire(), governor.acquire(), governor.acquire()]);
    const granted: Array<[string, number]> = [];
    void track(governor, clock, "fourth", granted);
    const quick = governor.acquire({ noWait: true });
    await flush();
    expect(granted).toEqual([]);
    expect(governor.state.queued).toBe(2);
    const first = tickets[0]!;
    if (first.ok) first.value.release();
    await flush();
    expect(granted.map(([label]) => label)).toEqual(["fourth"]);
    for (const ticket of tickets.slice(1)) if (ticket.ok) ticket.value.release();
    expect(await quick).toMatchObject({ ok: true });
  });

  it("a cancelled waiter leaves the queue", async () => {
    const { clock, governor } = setup(100, 15_000);
    governor.lock(clock.now() + 5_000);
    const controller = new AbortController();
    const pending = governor.acquire({ signal: controller.signal });
    await flush();
    expect(governor.state.queued).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { kind: "offline" } });
    expect(governor.state.queued).toBe(0);
  });
});
