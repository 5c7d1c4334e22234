/**
 * Feed sync: polls every group's latest statuses on the configured interval (and at once when the
 * window opens), with conditional GETs, pausing while offline (probing with backoff) or throttled
 * (until the lockout ends). Merges by (type, id), keeps unread counts, announces new statuses, and
 * serves cached feeds, browsed days and member views for offline reading.
 */
import type { FeedQuery, FeedView, GroupSummary, ServiceHandlers } from "../../shared/contract";
import { err, isTransient, ok, type AppError, type Result } from "../../shared/errors";
import type { Group, Status } from "@coop-tray/protocol/models";
import type { CoopClient, Priority } from "@coop-tray/protocol";
import { backoffDelay } from "./backoff";
import { Timer, type Clock } from "./clock";
import type { Connection } from "./connection";
import type { Emitter } from "./emitter";
import type { AppEvents } from "./events";
import type { Session } from "./session";
import { EPOCH, dayIn, isAfterMark, isOwn, markFor, mergeLatest, sortNewestFirst, unreadIn, type Me } from "./statuses";
import type { AppStore } from "./store";
import type { FeedCache, StoreDoc } from "./store-schema";

/** The group list changes rarely: refreshed on start, when the window opens, and this often. */
const GROUPS_MAX_AGE_MS = 10 * 60_000;
/** Offline probing backs off from 2 s to a minute. */
const PROBE = { baseMs: 2_000, maxMs: 60_000 } as const;

export interface FeedSyncDeps {
  readonly store: AppStore;
  readonly session: Session;
  readonly connection: Connection;
  readonly clock: Clock;
  readonly events: Emitter<AppEvents>;
  readonly random?: () => number;
}

export class FeedSync {
  private readonly timer: Timer;
  private running: Promise<void> | null = null;
  private again = false;
  private forceGroups = false;
  private started = false;
  private offlineFailures = 0;
  /** Bumped on stop and on account changes: answers to older requests are dropped. */
  private generation = 0;
  private lastSummaries = "";
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: FeedSyncDeps) {
    this.timer = new Timer(deps.clock);
    this.unsubscribe = deps.connection.on("online", () => {
      // Back online (seen by any call): sync now rather than at the end of the probe backoff.
      if (this.started) void this.syncNow();
    });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.forceGroups = true;
    void this.syncNow();
  }

  stop(): Promise<void> {
    this.started = false;
    this.generation += 1;
    this.timer.cancel();
    return this.running ?? Promise.resolve();
  }

  dispose(): void {
    this.unsubscribe();
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Runs one sync cycle now, or once more right after the one in flight. */
  syncNow(options: { groups?: boolean } = {}): Promise<void> {
    if (options.groups) this.forceGroups = true;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.timer.cancel();
    this.running = this.cycleLoop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Reschedules the next poll after the interval setting changed. */
  intervalChanged(): void {
    if (this.started && !this.running) this.scheduleNext(this.intervalMs());
  }

  private intervalMs(): number {
    return Math.max(this.deps.store.doc.settings.pollIntervalSeconds * 1000, this.safetyMs ?? 0);
  }

  /** While the live stream is subscribed (live-feed.ts) polling is a slow safety net; null: as set. */
  private safetyMs: number | null = null;
  setSafetyInterval(ms: number | null): void {
    this.safetyMs = ms;
    this.intervalChanged();
  }

  /** One group's latest now (the stream said it changed); an unknown group re-reads the list too. */
  async syncGroup(groupId: number): Promise<void> {
    const client = await this.deps.session.coop();
    if (!client.ok || !this.started) return;
    if (!this.deps.store.doc.groups.list.some((group) => group.id === groupId)) await this.syncNow({ groups: true });
    else await this.fetchLatest(client.value, groupId, "interactive");
  }

  private async cycleLoop(): Promise<void> {
    do {
      this.again = false;
      await this.cycle();
    } while (this.again && this.started);
  }

  private async cycle(): Promise<void> {
    const { session, connection, clock } = this.deps;
    if (!session.account) return;
    const generation = this.generation;
    const current = (): boolean => generation === this.generation;
    const lockedUntil = connection.lockedUntil("coop");
    if (lockedUntil !== null) {
      // Throttled: no call at all until the lockout ends (calling would extend it).
      this.scheduleNext(lockedUntil - clock.now() + 1);
      return;
    }
    const client = await session.coop();
    if (!client.ok) {
      // No password or no keychain: nothing to poll with; try again on the normal interval.
      this.scheduleNext(this.intervalMs());
      return;
    }
    const groupsDue =
      this.forceGroups ||
      this.deps.store.doc.groups.syncedAt === null ||
      clock.now() - this.deps.store.doc.groups.syncedAt > GROUPS_MAX_AGE_MS;
    if (groupsDue) {
      this.forceGroups = false;
      const groups = await this.refreshGroups(client.value, "background", current);
      if (!current()) return;
      if (!groups.ok && this.paused(groups.error)) return;
    }
    // All groups at once (the governor caps how many are in flight): one stuck group's call
    // (up to the request deadline) must not hold back the others' feeds.
    const groups = this.deps.store.doc.groups.list;
    const fetchOne = (group: Group): Promise<Result<FeedCache>> =>
      this.fetchLatest(client.value, group.id, "background", current);
    const results = await Promise.all(groups.map(fetchOne));
    if (!current()) return;
    if (results.some((result) => !result.ok && result.error.kind === "notFound")) this.forceGroups = true;
    const failed = (kind: AppError["kind"]) => results.find((result) => !result.ok && result.error.kind === kind);
    const pause = failed("throttled") ?? failed("offline");
    if (pause && !pause.ok && this.paused(pause.error)) return;
    this.offlineFailures = 0;
    this.scheduleNext(this.intervalMs());
  }

  /** Pauses polling on offline or throttled; true when the cycle must stop. */
  private paused(error: AppError): boolean {
    const { connection, clock } = this.deps;
    if (error.kind === "offline") {
      this.offlineFailures += 1;
      this.scheduleNext(backoffDelay(this.offlineFailures, { ...PROBE, random: this.deps.random }));
      return true;
    }
    if (error.kind === "throttled") {
      const until = Math.max(error.until, connection.lockedUntil("coop") ?? 0);
      this.scheduleNext(Math.max(until - clock.now() + 1, 1_000));
      return true;
    }
    return false;
  }

  private scheduleNext(ms: number): void {
    if (!this.started) return;
    this.timer.arm(ms, () => void this.syncNow());
  }

  /** docs/coop-api.md §5.2: the group list, cached; drops the caches of groups the user no longer sees. */
  async refreshGroups(
    client: CoopClient,
    priority: Priority,
    current: () => boolean = () => true,
  ): Promise<Result<Group[]>> {
    const result = await client.listGroups({ priority, noWait: true });
    this.deps.connection.report("coop", result.ok ? null : result.error);
    if (!result.ok) return result;
    if (!current()) return err({ kind: "signedOut", message: "The account changed while the groups were loading." });
    const groups = result.value;
    const ids = new Set(groups.map((g) => String(g.id)));
    const keep = <T>(record: Record<string, T>): Record<string, T> =>
      Object.fromEntries(Object.entries(record).filter(([key]) => ids.has(key)));
    this.deps.store.update((doc) => ({
      ...doc,
      groups: { list: groups, syncedAt: this.deps.clock.now() },
      feeds: keep(doc.feeds),
      days: keep(doc.days),
      members: keep(doc.members),
      memberFeeds: Object.fromEntries(
        Object.entries(doc.memberFeeds).filter(([, view]) => ids.has(String(view.groupId))),
      ),
    }));
    this.emitGroupsIfChanged();
    return ok(groups);
  }

  /** docs/coop-api.md §6.2 with the cached ETag (§3.6); merges, counts unread and announces what is new. */
  async fetchLatest(
    client: CoopClient,
    groupId: number,
    priority: Priority,
    current: () => boolean = () => true,
  ): Promise<Result<FeedCache>> {
    const { store, clock, connection } = this.deps;
    const before = store.doc.feeds[String(groupId)];
    const result = await client.latestStatuses(groupId, { priority, noWait: true, ifNoneMatch: before?.etag ?? null });
    connection.report("coop", result.ok ? null : result.error);
    if (!result.ok) return result;
    if (!current()) return err({ kind: "signedOut", message: "The account changed while the feed was loading." });
    const now = clock.now();
    connection.synced(now);
    const existing = store.doc.feeds[String(groupId)];
    if (!result.value.modified || result.value.value === null) {
      const feed: FeedCache = existing
        ? { ...existing, lastSyncedAt: now }
        : { statuses: [], etag: result.value.etag, lastSyncedAt: now, seenAt: EPOCH, seenKeys: [] };
      store.update((doc) => withFeed(doc, groupId, feed));
      this.emitGroupsIfChanged();
      return ok(feed);
    }
    const merged = mergeLatest(existing?.statuses ?? [], result.value.value);
    // The first fetch sets the baseline: what was already there is not "unread".
    const mark =
      existing && existing.seenAt !== null
        ? { seenAt: existing.seenAt, seenKeys: existing.seenKeys }
        : markFor(merged.statuses);
    const feed: FeedCache = { statuses: merged.statuses, etag: result.value.etag, lastSyncedAt: now, ...mark };
    store.update((doc) => withFeed(doc, groupId, feed));
    if (merged.added.length > 0) {
      this.deps.events.emit("feedUpdated", {
        groupId,
        newStatuses: merged.added.length,
        feed: latestView(groupId, feed),
      });
      if (existing) {
        const me = this.me();
        const fresh = merged.added.filter((status) => isAfterMark(status, mark) && !isOwn(status, me));
        if (fresh.length > 0) {
          const group = store.doc.groups.list.find((g) => g.id === groupId);
          this.deps.events.emit("newStatuses", {
            groupId,
            groupName: group?.name ?? `Group ${groupId}`,
            statuses: fresh,
          });
        }
      }
    } else if (merged.changed) {
      this.deps.events.emit("feedUpdated", { groupId, newStatuses: 0, feed: latestView(groupId, feed) });
    }
    this.emitGroupsIfChanged();
    return ok(feed);
  }

  me(): Me {
    const account = this.deps.session.account;
    return { userId: account?.userId ?? null, email: account?.email ?? "" };
  }

  summaries(): GroupSummary[] {
    const doc = this.deps.store.doc;
    const me = this.me();
    return doc.groups.list.map((group) => {
      const feed = doc.feeds[String(group.id)];
      return { group, unread: unreadIn(feed, me), lastSyncedAt: feed?.lastSyncedAt ?? null };
    });
  }

  /** What the tray's badge counts: a muted group's statuses stay unread in its list but raise no badge. */
  totalUnread(): number {
    const muted = new Set(this.deps.store.doc.settings.mutedGroupIds);
    return this.summaries().reduce((sum, s) => (muted.has(s.group.id) ? sum : sum + s.unread), 0);
  }

  emitGroupsIfChanged(force = false): void {
    const summaries = this.summaries();
    const signature = JSON.stringify(summaries.map((s) => [s.group, s.unread]));
    if (!force && signature === this.lastSummaries) return;
    this.lastSummaries = signature;
    this.deps.events.emit("groupsChanged", summaries);
  }

  /** `markSeen` as the page asks for it: only with an account signed in. */
  markSeenCall(groupId: number): Result<null> {
    if (!this.deps.session.account) return err({ kind: "signedOut", message: "Sign in to a Co-op server first." });
    this.markSeen(groupId);
    return ok(null);
  }

  markSeen(groupId: number): void {
    const feed = this.deps.store.doc.feeds[String(groupId)];
    if (!feed) return;
    const mark = markFor(feed.statuses);
    if (feed.seenAt !== null && mark.seenAt !== null && mark.seenAt < feed.seenAt) return;
    if (mark.seenAt === feed.seenAt && JSON.stringify(mark.seenKeys) === JSON.stringify(feed.seenKeys)) return;
    this.deps.store.update((doc) => withFeed(doc, groupId, { ...feed, ...mark }));
    this.emitGroupsIfChanged();
  }

  /** The group the window showed last, if it is still one of the account's groups. */
  shownGroupId(): number | null {
    const { shownGroupId, groups } = this.deps.store.doc;
    return groups.list.some((g) => g.id === shownGroupId) ? shownGroupId : null;
  }

  /** A group's cached latest statuses, or null when it has never synced: no round trip. */
  cachedLatest(groupId: number): FeedView | null {
    if (!this.deps.session.account) return null;
    return this.cachedView({ groupId, date: null, userId: null }, false);
  }

  /** The cached view right away when there is a usable one; otherwise a round trip. */
  async getFeed(query: FeedQuery): Promise<Result<FeedView>> {
    if (!this.deps.session.account) return err({ kind: "signedOut", message: "Sign in to a Co-op server first." });
    // The page reads a group's latest statuses when it shows them: the next first frame opens there.
    if (query.date === null && query.userId === null && this.deps.store.doc.shownGroupId !== query.groupId)
      this.deps.store.update((doc) => ({ ...doc, shownGroupId: query.groupId }));
    const cached = this.cachedView(query, true);
    if (cached) return ok(cached);
    return this.refreshFeed(query);
  }

  async refreshFeed(query: FeedQuery): Promise<Result<FeedView>> {
    const { session, store, clock, connection } = this.deps;
    const client = await session.coop();
    if (!client.ok) return client;
    const { groupId, date, userId } = query;
    let failure: AppError;
    if (date === null && userId === null) {
      const result = await this.fetchLatest(client.value, groupId, "interactive");
      if (result.ok) return ok(view(query, result.value.statuses, result.value.lastSyncedAt, null));
      failure = result.error;
    } else if (userId === null && date !== null) {
      const result = await client.value.statusesOfDay(groupId, date, { priority: "interactive", noWait: true });
      connection.report("coop", result.ok ? null : result.error);
      if (result.ok) {
        const now = clock.now();
        const statuses = sortNewestFirst(result.value);
        const complete = date < dayIn(now, this.zoneOf(groupId));
        store.update((doc) => ({
          ...doc,
          days: {
            ...doc.days,
            [String(groupId)]: {
              ...doc.days[String(groupId)],
              [date]: { statuses, fetchedAt: now, usedAt: now, complete },
            },
          },
        }));
        return ok(view(query, statuses, now, null));
      }
      failure = result.error;
    } else {
      const memberId = userId as number;
      const result = await client.value.memberStatuses(groupId, memberId, date, {
        priority: "interactive",
        noWait: true,
      });
      connection.report("coop", result.ok ? null : result.error);
      if (result.ok) {
        const now = clock.now();
        const statuses = sortNewestFirst(result.value);
        store.update((doc) => ({
          ...doc,
          memberFeeds: {
            ...doc.memberFeeds,
            [memberKey(groupId, memberId, date)]: {
              groupId,
              userId: memberId,
              date,
              statuses,
              fetchedAt: now,
              usedAt: now,
            },
          },
        }));
        return ok(view(query, statuses, now, null));
      }
      failure = result.error;
    }
    // Could not refresh: show the cached copy with the reason, when there is one.
    const cached = isTransient(failure) || failure.kind === "malformed" ? this.cachedView(query, false) : null;
    if (cached) return ok({ ...cached, fromCache: true, error: failure });
    return err(failure);
  }

  private zoneOf(groupId: number): string | null {
    return this.deps.store.doc.groups.list.find((g) => g.id === groupId)?.timezone ?? null;
  }

  /** `fresh`: only a copy that needs no refresh (a finished day, a feed already synced). */
  private cachedView(query: FeedQuery, fresh: boolean): FeedView | null {
    const { store, clock } = this.deps;
    const doc = store.doc;
    const { groupId, date, userId } = query;
    const now = clock.now();
    const recent = (fetchedAt: number): boolean => !fresh || now - fetchedAt < this.intervalMs();
    if (date === null && userId === null) {
      const feed = doc.feeds[String(groupId)];
      if (!feed || feed.lastSyncedAt === null) return null;
      return view(query, feed.statuses, feed.lastSyncedAt, null);
    }
    const day = date !== null ? doc.days[String(groupId)]?.[date] : undefined;
    if (day && (day.complete || recent(day.fetchedAt))) {
      store.update((d) => touchDay(d, groupId, date as string, now));
      const statuses = userId === null ? day.statuses : day.statuses.filter((s) => s.user.id === userId);
      return view(query, statuses, day.fetchedAt, null);
    }
    if (userId !== null) {
      const key = memberKey(groupId, userId, date);
      const member = doc.memberFeeds[key];
      if (
        member &&
        (recent(member.fetchedAt) || (date !== null && date < dayIn(member.fetchedAt, this.zoneOf(groupId))))
      ) {
        store.update((d) => ({ ...d, memberFeeds: { ...d.memberFeeds, [key]: { ...member, usedAt: now } } }));
        return view(query, member.statuses, member.fetchedAt, null);
      }
    }
    if (!fresh && day)
      return view(
        query,
        userId === null ? day.statuses : day.statuses.filter((s) => s.user.id === userId),
        day.fetchedAt,
        null,
      );
    return null;
  }
}

function view(
  query: FeedQuery,
  statuses: readonly Status[],
  lastSyncedAt: number | null,
  error: AppError | null,
): FeedView {
  return { query, statuses, lastSyncedAt, fromCache: false, error };
}

/** The view `getFeed` answers for a group's latest statuses, everyone's. */
function latestView(groupId: number, feed: FeedCache): FeedView {
  return view({ groupId, date: null, userId: null }, feed.statuses, feed.lastSyncedAt, null);
}

function withFeed(doc: StoreDoc, groupId: number, feed: FeedCache): StoreDoc {
  return { ...doc, feeds: { ...doc.feeds, [String(groupId)]: feed } };
}

function touchDay(doc: StoreDoc, groupId: number, date: string, now: number): StoreDoc {
  const days = doc.days[String(groupId)];
  const day = days?.[date];
  if (!days || !day) return doc;
  return { ...doc, days: { ...doc.days, [String(groupId)]: { ...days, [date]: { ...day, usedAt: now } } } };
}

function memberKey(groupId: number, userId: number, date: string | null): string {
  return `${groupId}:${userId}:${date ?? "latest"}`;
}

/** The contract calls this service answers. */
export function feedCalls(feeds: FeedSync) {
  return {
    getFeed: (query) => feeds.getFeed(query),
    refreshFeed: (query) => feeds.refreshFeed(query),
    markSeen: async ({ groupId }) => feeds.markSeenCall(groupId),
  } satisfies Partial<ServiceHandlers>;
}
