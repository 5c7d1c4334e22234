/**
 * One member's `text/event-stream` (`docs/coop-api.md §15`): replays from `Last-Event-ID` out of the
 * events table, then passes on what the hub reads, keeping only the events of groups the member is in
 * now (re-read whenever a membership of theirs changes) and their personal ones.
 */
import type { ServerResponse } from "node:http";
import type { Store } from "../store/store";
import type { EventHub, Subscriber } from "./hub";
import type { StoredEvent } from "./journal";

/** How long a client waits before reconnecting (the `retry:` field). */
export const RETRY_MS = 2000;

/** The `data:` of an event: ids and what happened, never a note's text (clients re-read the feed). */
export function eventData(e: StoredEvent): Record<string, unknown> {
  return {
    type: e.kind,
    action: e.action,
    group_id: e.groupId,
    user_id: e.userId,
    status_id: e.statusId ?? null,
    status_type: e.statusType ?? null,
    at: new Date(e.createdAt).toISOString(),
  };
}

export const frame = (id: number, event: string, data: unknown): string =>
  `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** A Last-Event-ID header (or `?last_event_id=`): a non-negative integer, else none. */
export function lastEventId(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

export function openStream(
  hub: EventHub,
  store: Store,
  userId: number,
  since: number | null,
  res: ServerResponse,
): Promise<void> {
  let groups = new Set<number>();
  let cursor = 0;
  let chain: Promise<void>;
  let done = false;

  const write = (text: string): void => {
    if (!done) res.write(text);
  };
  const loadGroups = async (): Promise<void> => {
    groups = new Set((await store.groups.of(userId)).map((g) => g.id));
  };
  const concernsMe = (e: StoredEvent): boolean => e.kind === "membership" && e.userId === userId;
  const visible = (e: StoredEvent): boolean =>
    e.groupId === null ? e.userId === userId : groups.has(e.groupId) || concernsMe(e);

  const deliver = async (events: readonly StoredEvent[]): Promise<void> => {
    for (const e of events) {
      if (e.id <= cursor) continue;
      cursor = e.id;
      // Joining: hear the group from this event on. Leaving: hear that one last event, then no more.
      if (concernsMe(e) && e.action === "created") await loadGroups();
      if (visible(e)) write(frame(e.id, e.kind, eventData(e)));
      if (concernsMe(e) || (e.kind === "group" && e.action === "deleted")) await loadGroups();
    }
  };

  const start = async (): Promise<void> => {
    await loadGroups();
    const { oldest, newest } = await store.events.bounds();
    if (since === null) {
      cursor = newest;
      return;
    }
    // Ids past the newest (another database) or pruned ones (a gap before the oldest kept) cannot be
    // replayed: the client is told to re-read everything, and continues from here.
    if (since > newest || (oldest > 0 && since < oldest - 1)) {
      cursor = newest;
      write(frame(newest, "reset", { reason: "too far behind: re-read your feeds", last_event_id: newest }));
      return;
    }
    cursor = since;
    for (;;) {
      const events = await store.events.after(cursor);
      if (events.length === 0) return;
      await deliver(events);
    }
  };

  return new Promise<void>((resolve) => {
    const finish = (): void => {
      if (done) return;
      done = true;
      remove();
      res.end();
      resolve();
    };
    const subscriber: Subscriber = {
      offer: (events) => {
        chain = chain.then(() => deliver(events)).catch(finish);
      },
      heartbeat: () => write(": heartbeat\n\n"),
      end: finish,
    };
    // Subscribed before the replay reads, so nothing written in between is missed; the cursor skips
    // what the replay already sent.
    const remove = hub.add(subscriber);
    res.on("close", finish);
    write(`retry: ${RETRY_MS}\n: connected\n\n`);
    chain = start().catch(finish);
  });
}
