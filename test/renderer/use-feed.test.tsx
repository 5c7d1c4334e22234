/**
 * The feed's request sequencing (`useFeed`) in happy-dom over a fake `CoopApi`: the group selected
 * in the model is the one asked for, a late answer for a group no longer shown is dropped, and main's
 * background syncs land only when they are about what is on screen.
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiContext } from "../../renderer/api-context";
import { createAppModel, type AppModel } from "../../renderer/model/app-model";
import { ModelContext, useModel } from "../../renderer/model/context";
import { useFeed, type FeedState } from "../../renderer/use-feed";
import type { FeedQuery, FeedView } from "../../shared/contract";
import type { Result } from "../../shared/errors";
import { createFakeApi, feedOf, group, later, note, ok, settle, signedIn, type FakeApi } from "./fake-api";

const TOWERS = group(25, "Fawlty Towers", 2);
const ARGENTINA = group(34, "Fawlty Towers - Argentina");
const latestOf = (groupId: number): FeedQuery => ({ groupId, date: null, userId: null });

let root: HTMLElement;
let stop: () => void = () => undefined;
beforeEach(() => {
  root = document.createElement("div");
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  stop();
});

/** A fake main whose feeds say which group and which call answered. */
function mainWithFeeds(): FakeApi {
  const fake = createFakeApi();
  fake.answer("getState", () => ok(signedIn()));
  fake.answer("listGroups", () => ok([TOWERS, ARGENTINA]));
  fake.answer("listOutbox", () => ok([]));
  fake.answer("listMembers", () => ok([]));
  fake.answer("markSeen", () => ok(null));
  fake.answer("getHarvestV2", () => ok({ link: null, tokenPage: "https://id.getharvest.com", clientsApi: null }));
  fake.answer("getFeed", (q) => ok(feedOf(q, [note(q.groupId * 10, q.groupId, `cached ${q.groupId}`)], true)));
  fake.answer("refreshFeed", (q) => ok(feedOf(q, [note(q.groupId * 10 + 1, q.groupId, `fresh ${q.groupId}`)])));
  return fake;
}

/** Mounts a component that only runs `useFeed` for the model's selected group; returns its latest state. */
async function mountFeed(fake: FakeApi): Promise<{ model: AppModel; feed: () => FeedState }> {
  const model = createAppModel(fake.api, { storage: null });
  stop = model.start();
  let latest: FeedState | null = null;
  function Probe(): null {
    latest = useFeed(useModel().selected.value);
    return null;
  }
  await step(() => {
    render(
      <ModelContext.Provider value={model}>
        <ApiContext.Provider value={fake.api}>
          <Probe />
        </ApiContext.Provider>
      </ModelContext.Provider>,
      root,
    );
  });
  await settle();
  return {
    model,
    feed: () => {
      if (latest === null) throw new Error("not rendered");
      return latest;
    },
  };
}

/** Runs `change` as the user or main would, then lets the renders and requests it causes finish. */
async function step(change: () => void): Promise<void> {
  await act(change);
  await settle();
}

const texts = (state: FeedState): string[] | undefined => state.latest?.map((s) => s.text);

describe("useFeed", () => {
  it("shows the cached feed, then the fresh one, of the selected group", async () => {
    const fake = mainWithFeeds();
    const { feed } = await mountFeed(fake);
    expect(feed().query).toEqual(latestOf(25));
    expect(texts(feed())).toEqual(["fresh 25"]);
    expect(feed().refreshing).toBe(false);
    expect(fake.argsOf("refreshFeed")).toEqual([latestOf(25)]);
  });

  it("asks for the newly selected group on Refresh", async () => {
    const fake = mainWithFeeds();
    const { model, feed } = await mountFeed(fake);
    await step(() => {
      model.selectGroup(34);
    });
    expect(texts(feed())).toEqual(["fresh 34"]);
    const before = fake.argsOf("refreshFeed").length;
    await step(() => {
      model.refresh();
    });
    expect(fake.argsOf("refreshFeed").slice(before)).toEqual([latestOf(34)]);
    expect(model.refreshing.value).toBe(false);
  });

  it("drops a late answer for a group no longer selected", async () => {
    const fake = mainWithFeeds();
    const { model, feed } = await mountFeed(fake);
    const slow = later<Result<FeedView>>();
    fake.answer("refreshFeed", (q) =>
      q.groupId === 25 ? slow.promise : ok(feedOf(q, [note(341, 34, `fresh ${q.groupId}`)])),
    );
    await step(() => {
      model.refresh();
    });
    expect(feed().refreshing).toBe(true);
    await step(() => {
      model.selectGroup(34);
    });
    expect(texts(feed())).toEqual(["fresh 34"]);
    // Group 25's network answer arrives last: it is not what is on screen.
    await step(() => {
      slow.resolve(ok(feedOf(latestOf(25), [note(999, 25, "late 25")])));
    });
    expect(feed().query).toEqual(latestOf(34));
    expect(texts(feed())).toEqual(["fresh 34"]);
    expect(feed().refreshing).toBe(false);
  });

  it("shows main's background sync for the group on screen, and ignores one for another group", async () => {
    const fake = mainWithFeeds();
    const { feed } = await mountFeed(fake);
    await step(() => {
      fake.emit("feedUpdated", {
        groupId: 34,
        newStatuses: 1,
        feed: feedOf(latestOf(34), [note(5, 34, "elsewhere")]),
      });
    });
    expect(texts(feed())).toEqual(["fresh 25"]);
    await step(() => {
      fake.emit("feedUpdated", {
        groupId: 25,
        newStatuses: 1,
        feed: feedOf(latestOf(25), [note(6, 25, "Manuel posted"), note(251, 25, "fresh 25")]),
      });
    });
    expect(texts(feed())).toEqual(["Manuel posted", "fresh 25"]);
  });

  it("a day or a member filter is a new query; back to the group's latest on another group", async () => {
    const fake = mainWithFeeds();
    const { model, feed } = await mountFeed(fake);
    await step(() => {
      feed().setDate("2026-12-01");
    });
    expect(fake.argsOf("refreshFeed").at(-1)).toEqual({ groupId: 25, date: "2026-12-01", userId: null });
    await step(() => {
      model.selectGroup(34);
    });
    expect(feed().date).toBeNull();
    expect(fake.argsOf("refreshFeed").at(-1)).toEqual(latestOf(34));
  });

  it("marks the group seen once its latest statuses are on screen in a visible window", async () => {
    const fake = mainWithFeeds();
    await mountFeed(fake);
    expect(document.visibilityState).toBe("visible");
    expect(fake.argsOf("markSeen")).toContainEqual({ groupId: 25 });
    // Group 34 has nothing unread: nothing to mark.
    expect(fake.argsOf("markSeen")).not.toContainEqual({ groupId: 34 });
  });
});
