import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SEED } from "../../sandbox/index";
import type { OutboxItem } from "../../shared/contract";
import { basilForSuite, expectValue, startHarness, type Harness } from "./app-harness";
import { waitFor } from "./helpers";

const group25 = SEED.groups.fawltyTowers.id;
const group34 = SEED.groups.argentina.id;
const POST_ROUTE = `/groups/${group25}/statuses`;

describe("the note outbox against the sandbox", () => {
  let h: Harness;
  basilForSuite((harness) => (h = harness), { refreshed: true });

  afterEach(() => {
    h.sandbox.control.clearFaults();
  });

  const outbox = async (): Promise<readonly OutboxItem[]> => expectValue(await h.call("listOutbox"));
  const item = async (id: string): Promise<OutboxItem | undefined> => (await outbox()).find((i) => i.id === id);
  const onServer = (groupId: number, text: string) =>
    h.sandbox.control.statuses(groupId).filter((s) => s.text === text);
  const posts = (groupId: number) =>
    h.sandbox.control.requests.filter((r) => r.method === "POST" && r.path === `/groups/${groupId}/statuses`);

  /** Lets the backoff run out on the fake clock until the note settles. */
  async function settle(id: string, state: OutboxItem["state"]): Promise<OutboxItem> {
    return waitFor(async () => {
      const current = await item(id);
      if (current?.state === state) return current;
      if (current?.state === "queued" && current.nextAttemptAt !== null && current.nextAttemptAt > h.clock.now())
        h.clock.advance(current.nextAttemptAt - h.clock.now());
      return null;
    }, `note ${id} to be ${state}`);
  }

  it("sends a note once and records the status id", async () => {
    h.sandbox.control.clearLog();
    const posted = expectValue(await h.call("postNote", { groupId: group25, text: "Plain sailing" }));
    const sent = await settle(posted.id, "sent");
    const server = onServer(group25, "Plain sailing");
    expect(server).toHaveLength(1);
    expect(sent.statusId).toBe(server[0]?.id);
    expect(sent.attempts).toBe(1);
    expect(posts(group25)).toHaveLength(1);
  });

  it("after a reset (the answer lost) looks for the note first, finds none, and sends it once", async () => {
    h.sandbox.control.clearLog();
    // The sandbox answers a write with a reset without keeping it.
    h.sandbox.control.fault({ kind: "reset", route: POST_ROUTE, method: "POST" });
    const posted = expectValue(await h.call("postNote", { groupId: group25, text: "Lost in the post?" }));
    const failedOnce = await waitFor(
      async () => ((await item(posted.id))?.lastError ? item(posted.id) : null),
      "the reset to be seen",
    );
    expect(failedOnce?.state).toBe("queued");
    expect(failedOnce?.lastError?.kind).toBe("offline");
    const sent = await settle(posted.id, "sent");
    expect(onServer(group25, "Lost in the post?")).toHaveLength(1);
    expect(sent.statusId).toBe(onServer(group25, "Lost in the post?")[0]?.id);
    const log = h.sandbox.control.requests.filter((r) => r.path === POST_ROUTE).map((r) => r.method);
    // Posted (reset), looked (GET) before posting again; polling may add GETs around them.
    expect(log.filter((m) => m === "POST")).toHaveLength(2);
    const first = log.indexOf("POST");
    expect(log.slice(first + 1, log.lastIndexOf("POST"))).toContain("GET");
  });

  it("when the connection drops after the server kept the note, finds it and does not post again", async () => {
    h.sandbox.control.clearLog();
    h.sandbox.control.fault({ kind: "latency", route: POST_ROUTE, method: "POST", latencyMs: 60_000 });
    const posted = expectValue(await h.call("postNote", { groupId: group25, text: "Did it arrive?" }));
    await waitFor(() => onServer(group25, "Did it arrive?").length === 1, "the server to keep the note");
    expect((await item(posted.id))?.state).toBe("sending");
    await h.sandbox.control.goOffline();
    const ambiguous = await waitFor(async () => {
      const current = await item(posted.id);
      return current?.state === "queued" ? current : null;
    }, "the dropped connection to be seen");
    expect(ambiguous.lastError?.kind).toBe("offline");
    await h.sandbox.control.goOnline();
    const sent = await settle(posted.id, "sent");
    expect(onServer(group25, "Did it arrive?")).toHaveLength(1);
    expect(sent.statusId).toBe(onServer(group25, "Did it arrive?")[0]?.id);
    expect(posts(group25)).toHaveLength(1);
  });

  it("after a 500 (the server did not keep it) looks, finds nothing and sends again, once", async () => {
    h.sandbox.control.clearLog();
    h.sandbox.control.fault({ kind: "status500", route: POST_ROUTE, method: "POST" });
    const posted = expectValue(await h.call("postNote", { groupId: group25, text: "Second time lucky" }));
    const sent = await settle(posted.id, "sent");
    expect(sent.attempts).toBe(2);
    expect(onServer(group25, "Second time lucky")).toHaveLength(1);
    expect(posts(group25)).toHaveLength(2);
  });

  it("backs off exponentially while the server keeps failing", async () => {
    h.sandbox.control.fault({ kind: "status502", route: POST_ROUTE, method: "POST", times: 3 });
    const posted = expectValue(await h.call("postNote", { groupId: group25, text: "Persistence" }));
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const waiting = await waitFor(async () => {
        const current = await item(posted.id);
        return current?.attempts === attempt && current.state === "queued" && current.nextAttemptAt !== null
          ? current
          : null;
      }, `attempt ${attempt} to fail`);
      delays.push((waiting.nextAttemptAt as number) - h.clock.now());
      h.clock.advance((waiting.nextAttemptAt as number) - h.clock.now());
    }
    // 2 s, 4 s, 8 s (jitter pinned to the middle).
    expect(delays).toEqual([2_000, 4_000, 8_000]);
    await settle(posted.id, "sent");
    expect(onServer(group25, "Persistence")).toHaveLength(1);
  });

  it("stops on a 4xx with the server's message; edit, retry and discard", async () => {
    const posted = expectValue(await h.call("postNote", { groupId: 999_999, text: "To nowhere" }));
    const failed = await settle(posted.id, "failed");
    expect(failed.lastError?.kind).toBe("notFound");
    expect(failed.lastError?.message.length).toBeGreaterThan(0);
    const retried = expectValue(await h.call("retryNote", { id: posted.id }));
    expect(retried.state).toBe("queued");
    await settle(posted.id, "failed");
    const edited = expectValue(await h.call("editNote", { id: posted.id, text: "To nowhere, again" }));
    expect(edited).toMatchObject({ state: "queued", text: "To nowhere, again", attempts: 0 });
    await settle(posted.id, "failed");
    const empty = await h.call("editNote", { id: posted.id, text: "   " });
    expect(!empty.ok && empty.error.kind).toBe("invalidInput");
    expectValue(await h.call("discardNote", { id: posted.id }));
    expect(await item(posted.id)).toBeUndefined();
    const gone = await h.call("retryNote", { id: posted.id });
    expect(!gone.ok && gone.error.kind).toBe("invalidInput");
  });

  it("a queued note can be edited or cancelled until it leaves; one whose send may have arrived cannot", async () => {
    h.sandbox.control.clearLog();
    await h.sandbox.control.goOffline();
    const typo = expectValue(await h.call("postNote", { groupId: group25, text: "Teh duck is off" }));
    const cancelled = expectValue(await h.call("postNote", { groupId: group25, text: "Never mind" }));
    await waitFor(async () => (await item(typo.id))?.lastError?.kind === "offline", "a first attempt to fail offline");
    expect(await item(typo.id)).toMatchObject({ state: "queued", mayHaveArrived: false });
    const fixed = expectValue(await h.call("editNote", { id: typo.id, text: "The duck is off" }));
    expect(fixed).toMatchObject({ state: "queued", text: "The duck is off" });
    expectValue(await h.call("discardNote", { id: cancelled.id }));
    await h.sandbox.control.goOnline();
    await settle(typo.id, "sent");
    expect(onServer(group25, "The duck is off")).toHaveLength(1);
    expect(onServer(group25, "Teh duck is off")).toHaveLength(0);
    expect(onServer(group25, "Never mind")).toHaveLength(0);

    // A 500 may come after the server kept the note: until checked it is neither edited nor cancelled.
    h.sandbox.control.fault({ kind: "status500", route: POST_ROUTE, method: "POST" });
    const unsure = expectValue(await h.call("postNote", { groupId: group25, text: "Did the 500 keep me?" }));
    const waiting = await waitFor(async () => {
      const current = await item(unsure.id);
      return current?.state === "queued" && current.attempts === 1 ? current : null;
    }, "the 500 to be answered");
    expect(waiting.mayHaveArrived).toBe(true);
    for (const refused of [
      await h.call("editNote", { id: unsure.id, text: "Changed my mind" }),
      await h.call("discardNote", { id: unsure.id }),
    ])
      expect(!refused.ok && refused.error.message).toMatch(/may already have reached the server/);
    await settle(unsure.id, "sent");
    expect(onServer(group25, "Did the 500 keep me?")).toHaveLength(1);
  });

  it("keeps each group's order across an outage, and a restart resumes the queue", async () => {
    await h.sandbox.control.goOffline();
    const texts = ["First, the soup", "Then, the duck", "Finally, the trifle"];
    const ids: string[] = [];
    for (const text of texts) ids.push(expectValue(await h.call("postNote", { groupId: group25, text })).id);
    const other = expectValue(await h.call("postNote", { groupId: group34, text: "Meanwhile in Buenos Aires" }));
    await waitFor(
      async () => (await item(ids[0] as string))?.lastError?.kind === "offline",
      "the first attempt to fail offline",
    );
    // Only the head of each group was tried.
    expect((await item(ids[1] as string))?.attempts).toBe(0);

    // Quit and start again while still offline: the queue is on disk.
    await h.restart();
    await h.app.start();
    expect((await outbox()).filter((i) => ids.includes(i.id) && i.state === "queued")).toHaveLength(3);

    await h.sandbox.control.goOnline();
    h.clock.advance(5 * 60_000);
    for (const id of [...ids, other.id]) await settle(id, "sent");
    const order = texts.map((text) => onServer(group25, text)[0]?.id ?? -1);
    expect(order.every((id) => id > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const text of texts) expect(onServer(group25, text)).toHaveLength(1);
    expect(onServer(group34, "Meanwhile in Buenos Aires")).toHaveLength(1);
  });

  it("waits out a throttle's Retry-After before sending", async () => {
    h.sandbox.control.fault({ kind: "status503", route: POST_ROUTE, method: "POST", retryAfterSeconds: 30 });
    const posted = expectValue(await h.call("postNote", { groupId: group25, text: "After the rush" }));
    const waiting = await waitFor(async () => {
      const current = await item(posted.id);
      return current?.lastError?.kind === "throttled" ? current : null;
    }, "the throttled attempt");
    expect((waiting.nextAttemptAt as number) - h.clock.now()).toBeGreaterThanOrEqual(29_000);
    await settle(posted.id, "sent");
    expect(onServer(group25, "After the rush")).toHaveLength(1);
  });

  it("keeps unsent notes across sign-out for the same account only", async () => {
    await h.sandbox.control.goOffline();
    const note = expectValue(await h.call("postNote", { groupId: group25, text: "Before I go" }));
    await waitFor(async () => (await item(note.id))?.lastError?.kind === "offline", "the offline attempt");
    expectValue(await h.call("signOut"));
    const signedOut = await h.call("listOutbox");
    expect(!signedOut.ok && signedOut.error.kind).toBe("signedOut");
    await h.sandbox.control.goOnline();

    expectValue(
      await h.call("signIn", { serverUrl: h.sandbox.url, email: SEED.users.polly.email, password: SEED.password }),
    );
    expect((await outbox()).map((i) => i.text)).not.toContain("Before I go");
    h.clock.advance(5 * 60_000);
    await h.app.refreshAll();
    expect(onServer(group25, "Before I go")).toHaveLength(0);

    expectValue(await h.signIn());
    // Back for the same account, and already on its way.
    expect(["queued", "sending", "sent"]).toContain((await outbox()).find((i) => i.id === note.id)?.state);
    await settle(note.id, "sent");
    const server = onServer(group25, "Before I go");
    expect(server).toHaveLength(1);
    expect(server[0]?.userId).toBe(SEED.users.basil.id);
  });
});

describe("feed sync under a Co-op throttle", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ sandbox: { coopThrottle: { limit: 6, windowSeconds: 20 } } });
    await h.app.start();
  });

  afterAll(async () => {
    await h?.close();
    h?.dir.remove();
  });

  it("pauses while locked out (no calls at all) and resumes after", async () => {
    expectValue(await h.signIn());
    const locked = await waitFor(async () => {
      await h.app.refreshAll();
      return expectValue(await h.call("getState")).connection.coopThrottle.lockedUntil;
    }, "the throttle to lock");
    expect(h.app.trayState()).toBe("throttled");
    const before = h.sandbox.control.requests.length;
    await h.app.refreshAll();
    h.app.windowShown();
    await h.app.refreshAll();
    expect(h.sandbox.control.requests.length).toBe(before);

    // Past the lockout (and the window), the scheduled resume syncs again.
    h.clock.advance(locked - h.clock.now() + 21_000);
    await waitFor(() => h.app.trayState() !== "throttled", "the lockout to lift");
    await h.app.refreshAll();
    expect(h.sandbox.control.requests.length).toBeGreaterThan(before);
    const groups = expectValue(await h.call("listGroups"));
    expect(groups.every((g) => g.lastSyncedAt !== null)).toBe(true);
  });
});
