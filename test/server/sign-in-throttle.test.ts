// Sign-in throttling against the attacks it is for: parallel guesses on one account, a neighbour's
// failures behind the same address, a password spray from one address. Real SQLite, a fixed clock,
// and setTimeout faked, so a delay shows as a timer that must be advanced, not as elapsed time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "../../server/auth/passwords";
import { Verifier } from "../../server/auth/verifier";
import type { VerifierOptions } from "../../server/auth/verifier";
import { databaseFailureCounter } from "../../server/auth/failure-counter";
import type { FailureCounter } from "../../server/auth/failure-counter";
import { HttpError } from "../../server/http/errors";
import { openStore } from "../../server/store/open";
import { Store } from "../../server/store/store";

const ADDRESS = "127.0.0.1";
const ANN = { email: "ann@example.com", password: "ann-password-1" };
const BOB = { email: "bob@example.com", password: "bob-password-1" };

let dir: string;
let store: Store;
const now = 1_800_000_000_000;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "coop-throttle-"));
  store = new Store(await openStore({ sqliteFile: join(dir, "coop.sqlite") }));
  // Cheap hashes (2^10): the tests count checks, they do not time them.
  for (const user of [ANN, BOB])
    await store.users.create(
      {
        firstName: "T",
        lastName: "",
        email: user.email,
        passwordHash: await hashPassword(user.password, { log2N: 10 }),
      },
      now,
    );
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addUsers(count: number): Promise<void> {
  const passwordHash = await hashPassword("a-password-1", { log2N: 10 });
  for (let i = 0; i < count; i += 1)
    await store.users.create({ firstName: "U", lastName: "", email: `user${i}@example.com`, passwordHash }, now);
}

const verifier = (options: VerifierOptions = {}): Verifier => new Verifier(store, { now: () => now, ...options });

/** Whether a promise settles with no (fake) time passing; real time only bounds the wait for I/O. */
async function settlesAtOnce<T>(promise: Promise<T>): Promise<{ settled: boolean; value?: T; error?: unknown }> {
  let outcome: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => void (outcome = { settled: true, value }),
    (error: unknown) => void (outcome = { settled: true, error }),
  );
  const deadline = performance.now() + 5000;
  while (!outcome.settled && performance.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  return outcome;
}

/** Runs every pending wait (fake time) until the promise settles; returns the fake ms it needed. */
async function settleWithTime<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; waitedMs: number }> {
  let outcome: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => void (outcome = { settled: true, value }),
    (error: unknown) => void (outcome = { settled: true, error }),
  );
  let waitedMs = 0;
  const deadline = performance.now() + 20_000;
  while (!outcome.settled && performance.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    if (vi.getTimerCount() > 0) {
      await vi.advanceTimersByTimeAsync(50);
      waitedMs += 50;
    }
  }
  if (!outcome.settled) throw new Error("never settled");
  return { ...outcome, waitedMs };
}

describe("sign-in throttling", () => {
  it("slows 60 parallel wrong guesses on one account like sequential ones: most are refused before any hash", async () => {
    const waits: number[] = [];
    const v = verifier({
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => v.verify(ANN.email, `wrong-guess-${i}`, "203.0.113.9")),
    );
    const checked = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.flatMap((o) =>
      o.status === "rejected" && o.reason instanceof HttpError && o.reason.status === 429 ? [o.reason] : [],
    );
    expect(checked.every((o) => o.value === null)).toBe(true);
    // Five free, then 0.25 s doubling, each after the one before: only a handful fit under the 10 s cap.
    expect(checked.length).toBeGreaterThanOrEqual(6);
    expect(checked.length).toBeLessThanOrEqual(12);
    expect(refused.length).toBe(60 - checked.length);
    for (const error of refused) expect(Number(error.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // The checked ones were spread out as if sent one after another (0.25 + 0.5 + 1 + 2 + 4 s).
    expect(Math.max(0, ...waits)).toBeGreaterThanOrEqual(7_000);
  });

  it("checks and counts a new login's burst once across routes, and a remembered one's read brings the group", async () => {
    const counted = databaseFailureCounter(store.handle);
    let checks = 0;
    const failures: FailureCounter = {
      ...counted,
      update: (keys, change) => ((checks += 1), counted.update(keys, change)),
    };
    const v = verifier({ failures });
    // The app's first requests arrive together: a user route and a member route with the same login.
    const wrong = await Promise.all([
      v.signIn(ANN.email, "not-it", ADDRESS),
      v.signIn(ANN.email, "not-it", ADDRESS, 1),
      v.signIn(ANN.email, "not-it", ADDRESS, 2),
    ]);
    expect(wrong).toEqual([null, null, null]);
    expect(checks, "one attempt counted for the burst").toBe(1);
    checks = 0;
    const group = await store.groups.create(
      {
        name: "Team",
        timezone: "UTC",
        ownerId: (await store.users.byEmail(ANN.email))?.id ?? 0,
        feedKey: "k",
        apiToken: "t",
      },
      now,
      false,
    );
    const first = await Promise.all([
      v.signIn(ANN.email, ANN.password, ADDRESS),
      v.signIn(ANN.email, ANN.password, ADDRESS, group.id),
    ]);
    expect(first.map((found) => found?.user.email)).toEqual([ANN.email, ANN.email]);
    // Once checked (attempt counted, then taken back on success), the login is remembered: no more counting.
    expect(checks).toBe(2);
    const again = await v.signIn(ANN.email, ANN.password, ADDRESS, group.id);
    expect(again?.group).toEqual(await store.groups.ofMember(group.id, again?.user.id ?? 0));
    expect((await v.signIn(ANN.email, ANN.password, ADDRESS, group.id + 1))?.group).toBeNull();
    expect(checks).toBe(2);
  });

  it("never delays another account's correct first sign-in after a neighbour's failures from the same address", async () => {
    const v = verifier();
    for (let i = 0; i < 30; i += 1) {
      const outcome = await settleWithTime(v.verify(ANN.email, `wrong-${i}`, ADDRESS));
      expect(outcome.error === undefined || (outcome.error as HttpError).status === 429).toBe(true);
    }
    const bob = await settlesAtOnce(v.verify(BOB.email, BOB.password, ADDRESS));
    expect(bob.settled, "Bob's sign-in waited on a timer").toBe(true);
    expect(bob.value?.email).toBe(BOB.email);
  });

  it("a correct password resets its own counter: the next slip owes no wait", async () => {
    const v = verifier();
    for (let i = 0; i < 7; i += 1) await settleWithTime(v.verify(ANN.email, `wrong-${i}`, ADDRESS));
    const ann = await settleWithTime(v.verify(ANN.email, ANN.password, ADDRESS));
    expect((ann.value as { email: string } | null)?.email).toBe(ANN.email);
    const slip = await settlesAtOnce(v.verify(ANN.email, "a-typo", ADDRESS));
    expect(slip.settled, "the first slip after a correct password waited").toBe(true);
    expect(slip.value).toBeNull();
  });

  it("stops a password spray over many accounts from one address beyond a high bar, with 429 and Retry-After", async () => {
    await addUsers(25);
    const v = verifier({ addressFailures: 20 });
    const answers: unknown[] = [];
    for (let i = 0; i < 25; i += 1) {
      const outcome = await settleWithTime(v.verify(`user${i}@example.com`, "Summer2026!", "198.51.100.7"));
      answers.push(outcome.error ?? outcome.value);
    }
    expect(answers.slice(0, 20).every((a) => a === null)).toBe(true);
    for (const a of answers.slice(20)) {
      expect(a).toBeInstanceOf(HttpError);
      expect((a as HttpError).status).toBe(429);
      expect(Number((a as HttpError).headers["retry-after"])).toBeGreaterThan(0);
    }
    // Another address is not affected.
    expect((await settlesAtOnce(v.verify(BOB.email, BOB.password, "192.0.2.1"))).value?.email).toBe(BOB.email);
  });

  it("lets a known colleague in while their account is under attack from elsewhere, or their address is hot", async () => {
    await settleWithTime(verifier().verify(ANN.email, ANN.password, ADDRESS));
    // A distributed attack on Ann's account fills its schedule; a spray makes her address hot.
    const attacker = verifier({ addressFailures: 20 });
    await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => settleWithTime(attacker.verify(ANN.email, `guess-${i}`, `198.51.100.${i}`))),
    );
    await addUsers(25);
    for (let i = 0; i < 25; i += 1)
      await settleWithTime(attacker.verify(`user${i}@example.com`, "Summer2026!", ADDRESS));
    // The address is hot for anyone not known there (Bob never signed in from it)…
    await expect(verifier({ addressFailures: 20 }).verify(BOB.email, BOB.password, ADDRESS)).rejects.toMatchObject({
      status: 429,
    });
    // …but a new instance (nothing remembered, the same counts) lets Ann in from where she signed in before.
    const ann = await settlesAtOnce(verifier({ addressFailures: 20 }).verify(ANN.email, ANN.password, ADDRESS));
    expect(ann.error).toBeUndefined();
    expect(ann.settled, "Ann's sign-in waited on a timer").toBe(true);
    expect(ann.value?.email).toBe(ANN.email);
  });
});
