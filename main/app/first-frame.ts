/**
 * The data of the popup's first frame (shared/first-frame.ts): what the page would get from
 * getState, listGroups and listOutbox, and the cached latest feed of the group shown last (or of
 * the first group). Every source is local: nothing here waits on a server. Null when there is
 * nothing to show at once (signed out, no group, a group never synced); the page then starts the
 * usual way.
 */
import type { AppState, FeedView, GroupSummary, OutboxItem } from "../../shared/contract";
import { FIRST_FRAME_VERSION, type FirstFrame } from "../../shared/first-frame";
import type { Clock } from "../services/clock";
import type { FeedSync } from "../services/feeds";
import type { Outbox } from "../services/outbox";
import type { AppStatus } from "./app-status";

type Source<T> = () => T | Promise<T>;

export interface FirstFrameSources {
  readonly state: Source<AppState>;
  /** The cached group list. */
  readonly groups: Source<readonly GroupSummary[]>;
  readonly outbox: Source<readonly OutboxItem[]>;
  /** A group's cached latest statuses, or null. */
  readonly cachedLatest: (groupId: number) => FeedView | null | Promise<FeedView | null>;
  readonly shownGroupId: Source<number | null>;
  readonly now?: () => number;
}

export async function collectFirstFrame(sources: FirstFrameSources): Promise<FirstFrame | null> {
  const state = await sources.state();
  const account = state.account;
  if (account === null) return null;
  const [groups, outbox, shownId] = await Promise.all([sources.groups(), sources.outbox(), sources.shownGroupId()]);
  const shown = groups.find((g) => g.group.id === shownId) ?? groups[0];
  if (shown === undefined) return null;
  const feed = await sources.cachedLatest(shown.group.id);
  if (feed === null) return null;
  return {
    version: FIRST_FRAME_VERSION,
    state: { ...state, account },
    groups,
    outbox,
    groupId: shown.group.id,
    feed,
    renderedAt: (sources.now ?? Date.now)(),
  };
}

/** The first frame from the app's own services: its state, the cached feeds and the outbox. */
export function appFirstFrame(app: {
  readonly status: Pick<AppStatus, "state">;
  readonly feeds: Pick<FeedSync, "summaries" | "cachedLatest" | "shownGroupId">;
  readonly outbox: Pick<Outbox, "list">;
  readonly clock: Clock;
}): Promise<FirstFrame | null> {
  const { status, feeds, outbox, clock } = app;
  return collectFirstFrame({
    state: () => status.state(),
    groups: () => feeds.summaries(),
    outbox: () => outbox.list(),
    cachedLatest: (groupId) => feeds.cachedLatest(groupId),
    shownGroupId: () => feeds.shownGroupId(),
    now: () => clock.now(),
  });
}
