/**
 * The calls a start needs, all sent at once the moment the app is created: the state, the groups,
 * the outbox and the cached feed of the group shown last time. Before, the feed was asked for only
 * after the state and the groups had arrived and rendered (two round trips in series, plus the
 * effects' frame delay); now the cached feed is usually in hand when the feed view mounts.
 */
import type { CoopApi, FeedQuery, FeedView } from "../shared/contract";
import type { Result } from "../shared/errors";
import { isWindowVisible } from "./window-visibility";

interface Prefetched {
  readonly query: FeedQuery;
  readonly result: Promise<Result<FeedView>>;
}

let prefetched: Prefetched | null = null;

/** Starts the cached-feed read for the remembered group; a no-op when there is none. */
export function prefetchFeed(api: CoopApi, groupId: number | null): void {
  if (groupId === null) return;
  const query: FeedQuery = { groupId, date: null, userId: null };
  prefetched = { query, result: api.getFeed(query) };
}

/** The prefetched answer for exactly this query, once; null otherwise (the caller asks itself). */
export function takePrefetchedFeed(query: FeedQuery): Promise<Result<FeedView>> | null {
  const held = prefetched;
  if (held === null) return null;
  prefetched = null;
  const q = held.query;
  return q.groupId === query.groupId && q.date === query.date && q.userId === query.userId ? held.result : null;
}

/**
 * Resolves once the next frame has been painted (a task posted from a frame callback runs after
 * that frame's style, layout and paint), or at once in a hidden window. Work that the first paint does not need (asking the
 * network for a fresher feed, the member list) waits for it, so it cannot hold the frame back.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    // A hidden window (the tray window loads hidden) paints no frame, and runs no frame callback.
    if (!isWindowVisible()) {
      setTimeout(resolve, 0);
      return;
    }
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  });
}
