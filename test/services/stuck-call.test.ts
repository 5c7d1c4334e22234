/**
 * One stuck call stalls nothing else: while the sandbox drip-feeds group 25's feed (one byte every
 * 200 ms), group 34's feed syncs, a note to group 34 is sent and Harvest answers; the stuck call
 * ends at the request deadline as a timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import type { ApiFactory } from "@coop-tray/protocol";
import { SEED } from "../../sandbox/index";
import { expectValue, startHarness, type Harness } from "./app-harness";
import { waitFor } from "./helpers";
import { APP_USER_AGENT } from "../../main/app/user-agent";

const group25 = SEED.groups.fawltyTowers.id;
const group34 = SEED.groups.argentina.id;
const DEADLINE_MS = 6_000;

describe("a drip-feeding server", () => {
  let h: Harness;
  let factory: ApiFactory;

  beforeAll(async () => {
    h = await startHarness();
    const transport = { requestDeadlineMs: DEADLINE_MS };
    factory = createApiFactory({
      userAgent: APP_USER_AGENT,
      harvestUrlTemplate: h.sandbox.harvestUrlTemplate,
      transport,
    });
    await h.restart({ apiFactory: factory });
    await h.app.start();
    const basil = { email: SEED.users.basil.email, password: SEED.password };
    expectValue(await h.call("signIn", { serverUrl: h.sandbox.url, ...basil }));
    await h.app.refreshAll();
  });
  afterAll(async () => {
    h?.sandbox.control.clearFaults();
    await h?.close();
    await factory?.close();
    h?.dir.remove();
  }, 30_000);

  const syncedAt = async (groupId: number): Promise<number | null> =>
    expectValue(await h.call("listGroups")).find((g) => g.group.id === groupId)?.lastSyncedAt ?? null;

  it("other groups' sync, the outbox and Harvest go on; the stuck call ends at the deadline", async () => {
    const route = `/groups/${group25}/statuses`;
    h.sandbox.control.fault({ kind: "drip", route, method: "GET", times: Infinity, dripIntervalMs: 200 });
    h.clock.advance(1_000);
    const now = h.clock.now();
    const started = Date.now();
    void h.app.refreshAll();
    // The window asks for group 25 too: its answer is the cached feed with the timeout, at the deadline.
    const stuck = h.call("refreshFeed", { groupId: group25, date: null, userId: null });

    await waitFor(async () => (await syncedAt(group34)) === now, "group 34 to sync", 4_000);
    const note = expectValue(await h.call("postNote", { groupId: group34, text: "Que? (while 25 is stuck)" }));
    const sent = async (): Promise<boolean> =>
      expectValue(await h.call("listOutbox")).some((i) => i.id === note.id && i.state === "sent");
    await waitFor(sent, "the note to go", 4_000);
    // Harvest through the app's own factory (same connection pool); the keychain stays untouched so
    // suites running beside this one see no Harvest password.
    const { admin, subdomain } = SEED.harvest;
    const login = { subdomain, email: admin.email, password: admin.password };
    const harvest = factory.harvest(login, "xml");
    const clients = await harvest.listClients();
    expect(clients.ok && clients.value.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS);
    expect(await syncedAt(group25)).not.toBe(now);

    const view = expectValue(await stuck);
    const elapsed = Date.now() - started;
    expect(view.fromCache).toBe(true);
    expect(view.error).toMatchObject({ kind: "offline", cause: "timeout" });
    expect(view.error?.message).toMatch(/did not send a complete answer within 6 s/);
    expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 200);
    expect(elapsed).toBeLessThan(DEADLINE_MS + 3_000);
    h.sandbox.control.clearFaults();
  });
});
