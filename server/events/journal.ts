/**
 * The events table (`docs/coop-api.md §15`): one row per change a member's tray should hear about, written
 * in the same transaction as the change, so a committed change always has its event and a rolled-back
 * one never does. The table is the source of truth: `Last-Event-ID` replays from it and every instance
 * reads new rows from it when woken (in-process on SQLite, by PostgreSQL's NOTIFY from a trigger across
 * instances, see migrations.ts `0006_events`).
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, EventsTable } from "../store/schema";

export type EventKind = "status" | "membership" | "group" | "invitation";

/**
 * status: created, updated, deleted (notes), started, stopped, updated, deleted (time entries), gathered
 * (many entries at once: re-read the feed); membership: created, deleted; group: updated, deleted;
 * invitation: created.
 */
export type EventAction = "created" | "updated" | "deleted" | "started" | "stopped" | "gathered";

export interface NewEvent {
  readonly kind: EventKind;
  readonly action: EventAction;
  /** The group whose members see it; null for a personal event (seen by `userId` only). */
  readonly groupId: number | null;
  /** The author (statuses), the member who joined or left, or the invitee (personal events). */
  readonly userId: number | null;
  readonly statusId?: number | null;
  readonly statusType?: "Note" | "DayEntry" | null;
}

export interface StoredEvent extends NewEvent {
  readonly id: number;
  readonly createdAt: number;
}

/** How far back `Last-Event-ID` reaches: the newest 10,000 events, none older than 24 h. */
export const REPLAY = { count: 10_000, ms: 24 * 60 * 60 * 1000 } as const;

const toEvent = (r: Selectable<EventsTable>): StoredEvent => ({
  id: Number(r.id),
  kind: r.kind as EventKind,
  action: r.action as EventAction,
  groupId: r.group_id,
  userId: r.user_id,
  statusId: r.status_id === null ? null : Number(r.status_id),
  statusType: r.status_type as StoredEvent["statusType"],
  createdAt: Number(r.created_at),
});

export type Writer = Kysely<Database> | Transaction<Database>;

export class Journal {
  private readonly listeners = new Set<() => void>();
  private nudged = false;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds events inside the caller's transaction and wakes this instance's readers. The wake may come
   * before the commit: on SQLite a read waits for the one connection the transaction holds, and on
   * PostgreSQL the trigger's NOTIFY (delivered at commit) wakes every instance again.
   */
  async record(tx: Writer, events: readonly NewEvent[], at = Date.now()): Promise<void> {
    if (events.length === 0) return;
    await tx
      .insertInto("events")
      .values(
        events.map((e) => ({
          kind: e.kind,
          action: e.action,
          group_id: e.groupId,
          user_id: e.userId,
          status_id: e.statusId ?? null,
          status_type: e.statusType ?? null,
          created_at: at,
        })),
      )
      .execute();
    if (this.nudged) return;
    this.nudged = true;
    setImmediate(() => {
      this.nudged = false;
      for (const listener of this.listeners) listener();
    });
  }

  /** Runs `work` in a transaction and records the events it returns with it. */
  async write<T>(work: (tx: Transaction<Database>) => Promise<{ result: T; events: readonly NewEvent[] }>): Promise<T> {
    return this.db.transaction().execute(async (tx) => {
      const { result, events } = await work(tx);
      await this.record(tx, events);
      return result;
    });
  }

  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async after(id: number, limit = 1000): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .where("id", ">", id)
      .orderBy("id")
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  /** The oldest and newest ids kept (0 and 0 before the first event). */
  async bounds(): Promise<{ oldest: number; newest: number }> {
    const row = await this.db
      .selectFrom("events")
      .select((eb) => [eb.fn.min("id").as("oldest"), eb.fn.max("id").as("newest")])
      .executeTakeFirst();
    return { oldest: Number(row?.oldest ?? 0), newest: Number(row?.newest ?? 0) };
  }

  /** Drops what is past the replay bound, always keeping the newest row so the id sequence stays known. */
  async prune(now = Date.now()): Promise<void> {
    const { newest } = await this.bounds();
    if (newest === 0) return;
    await this.db
      .deleteFrom("events")
      .where("id", "<", newest)
      .where((eb) => eb.or([eb("id", "<=", newest - REPLAY.count), eb("created_at", "<", now - REPLAY.ms)]))
      .execute();
  }
}
