/**
 * The renderer model over a fake `CoopApi`: main's events land in its signals, its actions ask main
 * for the right things, and nothing of one account outlives a change of account.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAppModel, DRAFT_SAVE_DELAY_MS, type AppModel, type GroupMemory } from "../../renderer/model/app-model";
import type { OutboxItem } from "../../shared/contract";
import { createFakeApi, feedOf, group, later, ok, settle, signedIn, signedOut, type FakeApi } from "./fake-api";

const TOWERS = group(25, "Fawlty Towers");
const ARGENTINA = group(34, "Fawlty Towers - Argentina", 3);

function memory(initial: Record<string, string> = {}): GroupMemory & { readonly items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

function outboxItem(id: string, text: string): OutboxItem {
  return {
    id,
    groupId: 25,
    text,
    state: "queued",
    createdAt: 1,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    statusId: null,
    mayHaveArrived: false,
  };
}

function signedInApi(): FakeApi {
  const fake = createFakeApi();
  fake.answer("getState", () => ok(signedIn()));
  fake.answer("listGroups", () => ok([TOWERS, ARGENTINA]));
  fake.answer("refreshGroups", () => ok([TOWERS, ARGENTINA]));
  fake.answer("listOutbox", () => ok([]));
  fake.answer("getFeed", (query) => ok(feedOf(query, [], true)));
  fake.answer("getHarvestV2", () =>
    ok({ link: null, tokenPage: "https://id.getharvest.com/developers", clientsApi: null }),
  );
  return fake;
}

let stops: (() => void)[] = [];
function started(fake: FakeApi, storage: GroupMemory | null = memory()): AppModel {
  const model = createAppModel(fake.api, { storage });
  stops.push(model.start());
  return model;
}
afterEach(() => {
  stops.forEach((stop) => stop());
  stops = [];
});

describe("the app model", () => {
  it("subscribes once to each of main's events, and the stop unsubscribes every one", async () => {
    const fake = signedInApi();
    const model = createAppModel(fake.api, { storage: null });
    const stop = model.start();
    for (const event of ["stateChanged", "groupsChanged", "outboxChanged", "feedUpdated", "openComposer"] as const)
      expect(fake.listeners(event)).toBe(1);
    stop();
    for (const event of ["stateChanged", "groupsChanged", "outboxChanged", "feedUpdated", "openComposer"] as const)
      expect(fake.listeners(event)).toBe(0);
  });

  it("starts with the state, the groups and the outbox, on the group shown last time, its feed asked for at once", async () => {
    const fake = signedInApi();
    fake.answer("listOutbox", () => ok([outboxItem("a", "Fixing the sign")]));
    const model = started(fake, memory({ "coop-tray:last-group": "34" }));
    // The remembered group's cached feed leaves with the first calls, before any view asks.
    expect(fake.argsOf("getFeed")).toEqual([{ groupId: 34, date: null, userId: null }]);
    await settle();
    expect(model.state.value?.account?.email).toBe("basil@fawltytowers.com");
    expect(model.groups.value?.map((g) => g.group.id)).toEqual([25, 34]);
    expect(model.selected.value?.group.name).toBe("Fawlty Towers - Argentina");
    expect(model.outbox.value.map((item) => item.text)).toEqual(["Fixing the sign"]);
    expect(model.takePrefetchedFeed({ groupId: 34, date: null, userId: null })).not.toBeNull();
    // Taken once: a second mount asks main itself.
    expect(model.takePrefetchedFeed({ groupId: 34, date: null, userId: null })).toBeNull();
  });

  it("keeps the selection on a group that exists, and remembers the one selected", async () => {
    const storage = memory({ "coop-tray:last-group": "99" });
    const fake = signedInApi();
    const model = started(fake, storage);
    await settle();
    expect(model.groupId.value).toBe(25);
    model.selectGroup(34);
    expect(model.selected.value?.group.id).toBe(34);
    expect(storage.items.get("coop-tray:last-group")).toBe("34");
    model.selectGroup(12_345);
    expect(model.groupId.value).toBe(25);
    // The selected group leaves the list (deleted elsewhere): the first one is selected.
    model.selectGroup(34);
    fake.emit("groupsChanged", [TOWERS]);
    expect(model.groupId.value).toBe(25);
  });

  it("follows main's events into its signals", async () => {
    const fake = signedInApi();
    const model = started(fake);
    await settle();
    fake.emit("groupsChanged", [TOWERS, { ...ARGENTINA, unread: 7 }]);
    expect(model.groups.value?.[1]?.unread).toBe(7);
    fake.emit("outboxChanged", [outboxItem("b", "Queued")]);
    expect(model.outbox.value).toHaveLength(1);
    const update = { groupId: 25, newStatuses: 1, feed: feedOf({ groupId: 25, date: null, userId: null }, []) };
    fake.emit("feedUpdated", update);
    expect(model.feedUpdate.value).toBe(update);
    fake.emit("navigate", { view: "settings" });
    expect(model.view.value).toBe("settings");
    fake.emit("stateChanged", { ...signedIn(), notices: ["Saved data was reset."] });
    expect(model.state.value?.notices).toEqual(["Saved data was reset."]);
    fake.emit("idlePrompt", null);
    expect(model.idlePrompt.value).toBeNull();
  });

  it("reads the invitations again when main says one came, for the Groups tab's badge", async () => {
    const fake = signedInApi();
    const pending = [
      { id: 7, groupId: 41, groupName: "Kitchen", inviterName: "Polly Sherman", createdAt: "2008-11-19T18:00:00Z" },
    ];
    fake.answer("listInvitations", () => ok(pending));
    const model = started(fake);
    await settle();
    expect(fake.listeners("invitationsChanged")).toBe(1);
    const asked = fake.calls.filter((c) => c.name === "listInvitations").length;
    fake.emit("invitationsChanged", null);
    await settle();
    expect(fake.calls.filter((c) => c.name === "listInvitations")).toHaveLength(asked + 1);
    expect(model.invitations.value).toEqual(pending);
  });

  it("opens the composer as a request taken once, from main's event or the action", async () => {
    const fake = signedInApi();
    const model = started(fake);
    await settle();
    model.show("clients");
    fake.emit("openComposer", null);
    expect(model.view.value).toBe("feed");
    expect(model.composeRequested.value).toBe(true);
    expect(model.takeComposeRequest()).toBe(true);
    expect(model.takeComposeRequest()).toBe(false);
    expect(model.composeRequested.value).toBe(false);
    model.openComposer();
    expect(model.takeComposeRequest()).toBe(true);
  });

  it("Refresh runs what the mounted views registered, every group from any view, and the state on Settings", async () => {
    const fake = signedInApi();
    const model = started(fake);
    await settle();
    const slow = later<void>();
    let runs = 0;
    const unregister = model.onRefresh(() => {
      runs++;
      return slow.promise;
    });
    const before = fake.calls.length;
    model.refresh();
    expect(runs).toBe(1);
    // Refresh on the feed refreshes every group too, not only the open one (issue 21), and the
    // invitations the Groups tab counts.
    expect(fake.calls.slice(before).map((c) => c.name)).toEqual(["refreshGroups", "listInvitations"]);
    expect(model.refreshing.value).toBe(true);
    slow.resolve();
    await settle();
    expect(model.refreshing.value).toBe(false);

    unregister();
    model.show("settings");
    model.refresh();
    model.show("groups");
    model.refresh();
    expect(runs).toBe(1);
    expect(fake.calls.slice(before).map((c) => c.name)).toEqual([
      "refreshGroups",
      "listInvitations",
      "getState",
      "refreshGroups",
      "listInvitations",
      "refreshGroups",
      "listInvitations",
    ]);
  });

  it("signing out forgets the account's groups and outbox; the next account's are read afresh", async () => {
    const fake = signedInApi();
    fake.answer("listOutbox", () => ok([outboxItem("a", "Basil's note")]));
    const model = started(fake);
    await settle();
    model.show("timers");
    fake.emit("stateChanged", signedOut());
    expect(model.groups.value).toBeNull();
    expect(model.outbox.value).toEqual([]);
    expect(model.view.value).toBe("feed");

    fake.answer("listGroups", () => ok([group(40, "Polly's group")]));
    fake.answer("listOutbox", () => ok([]));
    fake.emit("stateChanged", signedIn("polly@fawltytowers.com"));
    await settle();
    expect(model.groups.value?.map((g) => g.group.name)).toEqual(["Polly's group"]);
    expect(model.groupId.value).toBe(40);
    expect(model.outbox.value).toEqual([]);
  });

  it("drops a group list that answers for an account signed out meanwhile", async () => {
    const fake = signedInApi();
    const model = started(fake);
    await settle();
    const slow = later<ReturnType<typeof ok<readonly (typeof TOWERS)[]>>>();
    fake.answer("refreshGroups", () => slow.promise);
    model.show("groups");
    model.refresh();
    fake.emit("stateChanged", signedOut());
    slow.resolve(ok([TOWERS, ARGENTINA]));
    await settle();
    expect(model.groups.value).toBeNull();
  });

  it("hands the first frame's feed to the first mount only", () => {
    const fake = signedInApi();
    const feed = feedOf({ groupId: 25, date: null, userId: null }, []);
    const model = createAppModel(fake.api, {
      storage: null,
      firstFrame: {
        version: 1,
        state: signedIn() as never,
        groups: [TOWERS, ARGENTINA],
        outbox: [],
        groupId: 25,
        feed,
        renderedAt: 1,
      },
    });
    // The model starts from the frame: what the first render shows is what main rendered.
    expect(model.state.value?.account?.email).toBe("basil@fawltytowers.com");
    expect(model.selected.value?.group.id).toBe(25);
    expect(model.takeFirstFeed(34)).toBeNull();
    expect(model.takeFirstFeed(25)).toBeNull();
    const again = createAppModel(fake.api, {
      storage: null,
      firstFrame: {
        version: 1,
        state: signedIn() as never,
        groups: [TOWERS],
        outbox: [],
        groupId: 25,
        feed,
        renderedAt: 1,
      },
    });
    expect(again.takeFirstFeed(25)).toBe(feed);
    expect(again.takeFirstFeed(25)).toBeNull();
    // Nothing is asked of main until the page starts the model.
    expect(fake.calls).toEqual([]);
  });
});

describe("composer drafts in the model", () => {
  it("reads the account's drafts, keeps typing at once, saves once typing pauses, and forgets them on sign-out", async () => {
    const fake = signedInApi();
    fake.answer("listDrafts", () => ok([{ groupId: TOWERS.group.id, text: "Kept from last time" }]));
    fake.answer("saveDraft", () => ok(null));
    const model = started(fake);
    await settle();
    expect(model.drafts.value.get(TOWERS.group.id)).toBe("Kept from last time");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      model.setDraft(ARGENTINA.group.id, "O");
      model.setDraft(ARGENTINA.group.id, "Ol");
      model.setDraft(ARGENTINA.group.id, "Ola");
      expect(model.drafts.value.get(ARGENTINA.group.id)).toBe("Ola");
      expect(fake.argsOf("saveDraft")).toEqual([]);
      vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
      expect(fake.argsOf("saveDraft")).toEqual([{ groupId: ARGENTINA.group.id, text: "Ola" }]);

      // A group switch flushes without waiting; posting clears with an empty text.
      model.setDraft(TOWERS.group.id, "");
      model.flushDrafts();
      expect(fake.argsOf("saveDraft").at(-1)).toEqual({ groupId: TOWERS.group.id, text: "" });
      expect(model.drafts.value.has(TOWERS.group.id)).toBe(false);

      fake.emit("stateChanged", signedOut());
      expect(model.drafts.value.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
