/**
 * The feed's requests, apart from how it looks: the cached view at once, then the network; a newer
 * query or Refresh supersedes an older one, so a late answer for a group, day or member no longer on
 * screen is dropped; main's background syncs land when they are about what is shown; the group is
 * marked seen once its latest statuses are on screen in a visible window.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { FeedQuery, FeedView as Feed, GroupSummary } from "../shared/contract";
import type { AppError } from "../shared/errors";
import type { CalendarDate, Member, Status } from "@coop-tray/protocol/models";
import { afterNextPaint } from "./boot";
import { useOnRefresh, useWindowVisible } from "./hooks";
import { useModel } from "./model/context";

export interface FeedState {
  /** null without a group. */
  readonly query: FeedQuery | null;
  readonly date: CalendarDate | null;
  readonly setDate: (date: CalendarDate | null) => void;
  readonly userId: number | null;
  readonly setUserId: (userId: number | null) => void;
  /** The last view shown (it may still be another query's while the new one loads). */
  readonly feed: Feed | null;
  /** The statuses of exactly `query`, newest first; null until they are in. */
  readonly latest: readonly Status[] | null;
  readonly error: AppError | null;
  /** A network refresh is in flight. */
  readonly refreshing: boolean;
  /** The group's members, for the filter (read after the first paint). */
  readonly members: readonly Member[];
  /** Cached first, then the network, for what is on screen (Try again). */
  readonly reload: () => void;
}

export function sameQuery(a: FeedQuery, b: FeedQuery): boolean {
  return a.groupId === b.groupId && a.date === b.date && a.userId === b.userId;
}

export function useFeed(group: GroupSummary | null): FeedState {
  const model = useModel();
  const api = model.api;
  const groupId = group?.group.id ?? null;
  const [date, setDate] = useState<CalendarDate | null>(null);
  const [userId, setUserId] = useState<number | null>(null);
  // The first frame's feed seeds the first mount only (taken once).
  const [feed, setFeed] = useState<Feed | null>(() => model.takeFirstFeed(groupId));
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [members, setMembers] = useState<readonly Member[]>([]);
  const sequence = useRef(0);

  // A different group starts from its latest statuses, everyone's.
  useLayoutEffect(() => {
    setDate(null);
    setUserId(null);
    setMembers([]);
    if (groupId === null) return;
    // The member filter is not needed for the first paint of the feed.
    void afterNextPaint()
      .then(() => api.listMembers({ groupId }))
      .then((result) => {
        if (result.ok && currentQuery.current?.groupId === groupId) setMembers(result.value);
      });
  }, [groupId, api]);

  const query = useMemo<FeedQuery | null>(
    () => (groupId === null ? null : { groupId, date, userId }),
    [groupId, date, userId],
  );
  const currentQuery = useRef<FeedQuery | null>(query);
  currentQuery.current = query;

  const show = useCallback((view: Feed): void => {
    performance.mark("feed-received");
    setFeed(view);
    setError(null);
  }, []);

  /**
   * Reads the cache, then (when asked) the network. A newer query or refresh supersedes an older
   * one; a background cache re-read never cancels a refresh in flight.
   */
  const load = useCallback(
    async (q: FeedQuery, refresh: boolean): Promise<void> => {
      const mine = refresh ? ++sequence.current : sequence.current;
      const current = (): boolean =>
        mine === sequence.current && currentQuery.current !== null && sameQuery(currentQuery.current, q);
      const cached = await (model.takePrefetchedFeed(q) ?? api.getFeed(q));
      if (!current()) return;
      if (cached.ok) show(cached.value);
      else setError(cached.error);
      if (!refresh) return;
      setRefreshing(true);
      // The cached statuses paint first; a fast answer from the network must not hold that frame back.
      if (cached.ok) await afterNextPaint();
      if (!current()) {
        setRefreshing(false);
        return;
      }
      const fresh = await api.refreshFeed(q);
      if (mine !== sequence.current) return;
      setRefreshing(false);
      if (!current()) return;
      if (fresh.ok) show(fresh.value);
      else setError(fresh.error);
    },
    [model, api, show],
  );

  // New query: cached first, then the network (before paint, so the request leaves a frame sooner).
  useLayoutEffect(() => {
    if (query === null) return;
    setFeed((current) => (current && sameQuery(current.query, query) ? current : null));
    void load(query, true);
  }, [query, load]);

  // Main synced in the background: the event carries the new latest view; show it when it is what
  // is on screen (days and member views are not polled, so nothing else changed).
  const update = model.feedUpdate.value;
  useEffect(() => {
    if (update === null || currentQuery.current === null || !sameQuery(currentQuery.current, update.feed.query)) return;
    show(update.feed);
  }, [update, show]);

  // The header's Refresh: cached first, then the network, for what is on screen.
  useOnRefresh(() => (query !== null ? load(query, true) : undefined));

  // Seen once the latest statuses of the group are on screen: in a window that is showing (the tray
  // window renders hidden at start, and unread counts must survive that).
  const visible = useWindowVisible();
  const unread = group?.unread ?? 0;
  useEffect(() => {
    if (!visible || groupId === null || !feed || unread === 0) return;
    if (feed.query.groupId === groupId && feed.query.date === null) void api.markSeen({ groupId });
  }, [api, feed, groupId, unread, visible]);

  // Benchmarks and tests wait for this mark: set right after the frame that paints the statuses (a
  // task posted from its frame callback runs once its style, layout and paint are done).
  useLayoutEffect(() => {
    if (feed === null) return;
    void afterNextPaint().then(() => performance.mark("feed-painted"));
  }, [feed]);

  const latest = feed && query && sameQuery(feed.query, query) ? feed.statuses : null;
  return {
    query,
    date,
    setDate,
    userId,
    setUserId,
    feed,
    latest,
    error,
    refreshing,
    members,
    reload: () => void (query !== null && load(query, true)),
  };
}
