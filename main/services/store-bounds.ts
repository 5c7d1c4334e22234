/**
 * Size limits for the persisted document, applied before every write so the file stays small
 * however long the app runs. Only caches are cut; unsent notes never are.
 */
import type { StoreDoc } from "./store-schema";

export const LIMITS = {
  /** Statuses kept per group feed (newest first). */
  statusesPerFeed: 200,
  /** Browsed days kept per group; the least recently used go first. */
  daysPerGroup: 14,
  /** Statuses kept per cached day. */
  statusesPerDay: 1_000,
  /** Cached per-member views (all groups together). */
  memberFeeds: 30,
  /** Sent notes are kept this long so the user sees them go through, then dropped. */
  sentRetentionMs: 24 * 60 * 60 * 1000,
  /** And never more than this many sent notes. */
  sentMax: 100,
  clients: 5_000,
} as const;

export function boundDoc(doc: StoreDoc, now: number): StoreDoc {
  const feeds: StoreDoc["feeds"] = {};
  for (const [key, feed] of Object.entries(doc.feeds)) {
    feeds[key] =
      feed.statuses.length > LIMITS.statusesPerFeed
        ? { ...feed, statuses: feed.statuses.slice(0, LIMITS.statusesPerFeed) }
        : feed;
  }

  const days: StoreDoc["days"] = {};
  for (const [groupKey, byDate] of Object.entries(doc.days)) {
    const kept = Object.entries(byDate)
      .sort(([, a], [, b]) => b.usedAt - a.usedAt)
      .slice(0, LIMITS.daysPerGroup)
      .map(
        ([date, day]) =>
          [
            date,
            day.statuses.length > LIMITS.statusesPerDay
              ? { ...day, statuses: day.statuses.slice(0, LIMITS.statusesPerDay) }
              : day,
          ] as const,
      );
    days[groupKey] = Object.fromEntries(kept);
  }

  const memberFeeds = Object.fromEntries(
    Object.entries(doc.memberFeeds)
      .sort(([, a], [, b]) => b.usedAt - a.usedAt)
      .slice(0, LIMITS.memberFeeds)
      .map(([key, view]) => [
        key,
        view.statuses.length > LIMITS.statusesPerFeed
          ? { ...view, statuses: view.statuses.slice(0, LIMITS.statusesPerFeed) }
          : view,
      ]),
  );

  const sent = doc.outbox
    .filter((item) => item.state === "sent")
    .sort((a, b) => (b.sentAt ?? b.createdAt) - (a.sentAt ?? a.createdAt));
  const keepSent = new Set(
    sent
      .filter((item) => now - (item.sentAt ?? item.createdAt) < LIMITS.sentRetentionMs)
      .slice(0, LIMITS.sentMax)
      .map((item) => item.id),
  );
  const outbox = doc.outbox.filter((item) => item.state !== "sent" || keepSent.has(item.id));

  const clients =
    doc.clients && doc.clients.clients.length > LIMITS.clients
      ? { ...doc.clients, clients: doc.clients.clients.slice(0, LIMITS.clients) }
      : doc.clients;

  return { ...doc, feeds, days, memberFeeds, outbox, clients };
}
