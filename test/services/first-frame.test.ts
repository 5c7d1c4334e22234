/**
 * The popup's first frame, from a real app over the sandbox: the group the page showed last (kept
 * across restarts), its cached feed only (never a round trip), and nothing once signed out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED } from "../../sandbox/index";
import { createFirstFramePage } from "../../main/app/first-frame-page";
import type { FirstFrame } from "../../shared/first-frame";
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

  it("announces every change of what it shows, so the page rendered ahead is the data as it is and as it is on disk", async () => {
    /** The frame as the page would show it: its group, statuses and notes on their way. */
    const shown = (frame: FirstFrame | null) =>
      frame && {
        groupId: frame.groupId,
        statuses: frame.feed.statuses.map((s) => s.id),
        outbox: frame.outbox.map((item) => [item.id, item.state]),
      };
    const page = createFirstFramePage({
      template: async () => "",
      frame: () => h.app.firstFrame(),
      renderer: async () => (_template, frame) => JSON.stringify(shown(frame)),
      onChange: (listener) => h.app.onFirstFrameChange(listener),
    });
    const served = async () => JSON.parse((await page.page()).toString("utf8")) as ReturnType<typeof shown>;
    try {
      const groupId = (await served())?.groupId ?? 0;
      expect(groupId).toBeGreaterThan(0);
      const renders = page.renders;
      await served();
      expect(page.renders).toBe(renders);

      // Someone else posts; a sync brings it into the cache, and the next page has it.
      const posted = expectValue(await h.coopAs().postNote(groupId, "Mind the moose head"));
      expect((await served())?.statuses).not.toContain(posted);
      await h.app.refreshAll();
      expect((await served())?.statuses[0]).toBe(posted);

      // A note of ours is in the page from the moment it is queued.
      const queued = expectValue(await h.call("postNote", { groupId, text: "Gone to the wine merchant" }));
      expect((await served())?.outbox.map(([id]) => id)).toContain(queued.id);

      // Once it is sent and synced back, what a restart reads from disk is what the last page showed.
      let last = await served();
      for (
        let tries = 0;
        tries < 100 && !last?.outbox.some(([id, state]) => id === queued.id && state === "sent");
        tries++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        last = await served();
      }
      await h.app.refreshAll();
      last = await served();
      expect(last?.outbox).toContainEqual([queued.id, "sent"]);
      await h.restart();
      expect(shown(await h.app.firstFrame())).toEqual(last);
    } finally {
      page.close();
    }
  });
});
