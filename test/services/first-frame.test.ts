/**
 * The popup's first frame, from a real app over the sandbox: the group the page showed last (kept
 * across restarts), its cached feed only (never a round trip), and nothing once signed out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED } from "../../sandbox/index";
import { expectValue, startHarness, type Harness } from "./app-harness";

const group25 = SEED.groups.fawltyTowers.id;
const group34 = SEED.groups.argentina.id;

describe("the first frame", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.app.start();
  });
  afterAll(async () => {
    await h?.close();
    h?.dir.remove();
  });

  it("is nothing before signing in", async () => {
    expect(await h.app.firstFrame()).toBeNull();
  });

  it("opens on the group the page showed last, with its cached feed, also after a restart", async () => {
    expectValue(await h.signIn());
    await h.app.refreshAll();
    const first = await h.app.firstFrame();
    // Nothing shown yet: the first group.
    expect(first?.groupId).toBe(expectValue(await h.call("listGroups"))[0]?.group.id);

    const shown = expectValue(await h.call("getFeed", { groupId: group34, date: null, userId: null }));
    const frame = await h.app.firstFrame();
    expect(frame?.groupId).toBe(group34);
    expect(frame?.feed.statuses.map((s) => s.id)).toEqual(shown.statuses.map((s) => s.id));
    expect(frame?.state.account.email).toBe(SEED.users.basil.email);
    expect(frame?.groups.map((g) => g.group.id).sort()).toEqual([group25, group34].sort());

    // A day or one member's statuses is not what the popup opens on.
    expectValue(await h.call("getFeed", { groupId: group25, date: "2008-11-19", userId: null }));
    expect((await h.app.firstFrame())?.groupId).toBe(group34);

    await h.restart();
    await h.app.start();
    expect((await h.app.firstFrame())?.groupId).toBe(group34);
  });

  it("never asks Co-op: with the server gone it is served from the cache", async () => {
    await h.sandbox.control.goOffline();
    const before = h.sandbox.control.requests.length;
    const frame = await h.app.firstFrame();
    expect(frame?.feed.statuses.length).toBeGreaterThan(0);
    expect(h.sandbox.control.requests.length).toBe(before);
    await h.sandbox.control.goOnline();
  });

  it("is nothing again after signing out, and forgets the group shown", async () => {
    expectValue(await h.call("signOut"));
    expect(await h.app.firstFrame()).toBeNull();
    expectValue(await h.signIn());
    await h.app.refreshAll();
    expect((await h.app.firstFrame())?.groupId).toBe(expectValue(await h.call("listGroups"))[0]?.group.id);
  });
});
