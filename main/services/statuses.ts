/** Pure helpers over status lists: ordering, merging by (type, id), days in a zone, unread. */
import type { CalendarDate, Instant, Status } from "@coop-tray/protocol/models";
import { statusKey } from "@coop-tray/protocol/models";
import { LATEST_PAGE, ianaTimeZone } from "@coop-tray/protocol/rules";
import type { FeedCache } from "./store-schema";

export const EPOCH: Instant = new Date(0).toISOString();

/** Newest first; ties (same second) by id so the order is stable. */
export function sortNewestFirst(statuses: readonly Status[]): Status[] {
  return [...statuses].sort((a, b) => (a.createdAt === b.createdAt ? b.id - a.id : a.createdAt < b.createdAt ? 1 : -1));
}

export interface MergeResult {
  readonly statuses: Status[];
  /** Statuses that were not in the cache before. */
  readonly added: Status[];
  /** Whether anything at all changed (added, edited or removed). */
  readonly changed: boolean;
}

/**
 * Merges the server's latest page into the cache. Within the time span the page covers it is the
 * truth (a status missing from it was deleted); older cached statuses are kept.
 */
export function mergeLatest(cached: readonly Status[], page: readonly Status[]): MergeResult {
  const before = new Map(cached.map((status) => [statusKey(status), status]));
  const incoming = new Map(page.map((status) => [statusKey(status), status]));
  const added = page.filter((status) => !before.has(statusKey(status)));
  const complete = page.length < LATEST_PAGE;
  const oldest = page.reduce<Instant | null>((min, s) => (min === null || s.createdAt < min ? s.createdAt : min), null);
  const kept = cached.filter((status) => {
    if (incoming.has(statusKey(status))) return false;
    if (complete) return false;
    return oldest !== null && status.createdAt < oldest;
  });
  const statuses = sortNewestFirst([...page, ...kept]);
  const changed =
    added.length > 0 ||
    statuses.length !== cached.length ||
    page.some((status) => JSON.stringify(before.get(statusKey(status))) !== JSON.stringify(status));
  return { statuses, added: sortNewestFirst(added), changed };
}

/** The calendar day an instant falls on in a Co-op zone (UTC when the zone is unknown). */
export function dayIn(instant: Instant | number, coopZone: string | null): CalendarDate {
  const zone = (coopZone && ianaTimeZone(coopZone)) || "UTC";
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(typeof instant === "number" ? new Date(instant) : new Date(instant));
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export interface Me {
  readonly userId: number | null;
  readonly email: string;
}

export function isOwn(status: Status, me: Me): boolean {
  if (me.userId !== null) return status.user.id === me.userId;
  return status.user.email !== null && status.user.email.toLowerCase() === me.email.toLowerCase();
}

/** Whether a status is past the last-seen mark (same-instant statuses not seen then count too). */
export function isAfterMark(status: Status, mark: Pick<FeedCache, "seenAt" | "seenKeys">): boolean {
  if (mark.seenAt === null) return false;
  if (status.createdAt !== mark.seenAt) return status.createdAt > mark.seenAt;
  return !mark.seenKeys.includes(statusKey(status));
}

/** Statuses newer than the last-seen mark that are not the user's own. */
export function unreadIn(feed: FeedCache | undefined, me: Me): number {
  if (!feed) return 0;
  return feed.statuses.filter((status) => isAfterMark(status, feed) && !isOwn(status, me)).length;
}

/** The last-seen mark that covers every status in the list. */
export function markFor(statuses: readonly Status[]): Pick<FeedCache, "seenAt" | "seenKeys"> {
  const newest = newestInstant(statuses);
  if (newest === null) return { seenAt: EPOCH, seenKeys: [] };
  return { seenAt: newest, seenKeys: statuses.filter((s) => s.createdAt === newest).map(statusKey) };
}

function newestInstant(statuses: readonly Status[]): Instant | null {
  return statuses.reduce<Instant | null>((max, s) => (max === null || s.createdAt > max ? s.createdAt : max), null);
}

/** Text as compared when looking for a note that may already have been posted. */
export function comparableText(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}
