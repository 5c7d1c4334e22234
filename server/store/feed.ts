/**
 * The feed query: a group's Notes plus the Harvest time entries of members who link the group to
 * Harvest, newest first (ties: higher id first, Notes before DayEntries). Each arm is ordered and
 * limited on its own index, so the newest 50 cost the same at 10^4 or 10^6 statuses. Exported as a
 * builder so the sandbox can run the very same query synchronously (see sandbox/coop-store.ts).
 */
import { sql } from "kysely";
import type { Kysely, SelectQueryBuilder } from "kysely";
import type { FeedItem } from "./records";
import type { Database } from "./schema";

export interface FeedFilter {
  readonly groupId: number;
  /** Only this member's statuses. */
  readonly userId?: number;
  /** [from, to) in epoch ms. */
  readonly range?: readonly [number, number];
  readonly limit?: number;
  /** Skip this many of the newest first (with `limit`: a day view's later pages). */
  readonly offset?: number;
}

export interface FeedRow {
  kind: number;
  id: number;
  text: string;
  user_id: number;
  created_at: number;
  updated_at: number;
  hours: number | null;
  client: string | null;
  project: string | null;
  task: string | null;
  timer_started_at: number | null;
  spent_at: string | null;
  first_name: string;
  last_name: string;
  email: string;
  avatar_thumb_url: string;
  city: string | null;
  u_created_at: number;
  u_updated_at: number;
}

// kind 0 = Note, 1 = DayEntry: sorts Notes first on a tie, as the sandbox always did.
export function feedQuery(db: Kysely<Database>, filter: FeedFilter): SelectQueryBuilder<Database, never, FeedRow> {
  const { groupId, userId, range, limit } = filter;
  const offset = filter.offset ?? 0;
  let notes = db
    .selectFrom("notes")
    .where("notes.group_id", "=", groupId)
    .select([
      sql<number>`0`.as("kind"),
      "notes.id as id",
      "notes.text as text",
      "notes.user_id as user_id",
      "notes.created_at as created_at",
      "notes.updated_at as updated_at",
      // Typed nulls: PostgreSQL reads a bare null in a UNION as text.
      sql<number | null>`cast(null as double precision)`.as("hours"),
      sql<string | null>`null`.as("client"),
      sql<string | null>`null`.as("project"),
      sql<string | null>`null`.as("task"),
      sql<number | null>`cast(null as bigint)`.as("timer_started_at"),
      sql<string | null>`null`.as("spent_at"),
    ]);
  let entries = db
    .selectFrom("time_entries")
    .innerJoin("memberships", (join) =>
      join
        .onRef("memberships.user_id", "=", "time_entries.user_id")
        .on("memberships.group_id", "=", groupId)
        .on("memberships.harvest_linked", "=", 1),
    )
    .select([
      sql<number>`1`.as("kind"),
      "time_entries.harvest_id as id",
      "time_entries.notes as text",
      "time_entries.user_id as user_id",
      "time_entries.created_at as created_at",
      "time_entries.updated_at as updated_at",
      "time_entries.hours as hours",
      "time_entries.client as client",
      "time_entries.project as project",
      "time_entries.task as task",
      "time_entries.timer_started_at as timer_started_at",
      "time_entries.spent_at as spent_at",
    ]);
  if (userId !== undefined) {
    notes = notes.where("notes.user_id", "=", userId);
    entries = entries.where("time_entries.user_id", "=", userId);
  }
  if (range !== undefined) {
    notes = notes.where("notes.created_at", ">=", range[0]).where("notes.created_at", "<", range[1]);
    entries = entries.where("time_entries.created_at", ">=", range[0]).where("time_entries.created_at", "<", range[1]);
  }
  if (limit !== undefined) {
    notes = notes
      .orderBy("notes.created_at", "desc")
      .orderBy("notes.id", "desc")
      .limit(offset + limit);
    entries = entries
      .orderBy("time_entries.created_at", "desc")
      .orderBy("time_entries.harvest_id", "desc")
      .limit(offset + limit);
  }
  // Each arm in its own subquery: SQLite and PostgreSQL only accept ORDER BY/LIMIT per arm there.
  const both = db
    .selectFrom(notes.as("n"))
    .selectAll()
    .unionAll(db.selectFrom(entries.as("e")).selectAll());
  let query = db
    .selectFrom(both.as("f"))
    .innerJoin("users", "users.id", "f.user_id")
    .select([
      "f.kind",
      "f.id",
      "f.text",
      "f.user_id",
      "f.created_at",
      "f.updated_at",
      "f.hours",
      "f.client",
      "f.project",
      "f.task",
      "f.timer_started_at",
      "f.spent_at",
      "users.first_name",
      "users.last_name",
      "users.email",
      "users.avatar_thumb_url",
      "users.city",
      "users.created_at as u_created_at",
      "users.updated_at as u_updated_at",
    ])
    .orderBy("f.created_at", "desc")
    .orderBy("f.id", "desc")
    .orderBy("f.kind", "asc");
  if (limit !== undefined) query = query.limit(limit).offset(offset);
  return query as unknown as SelectQueryBuilder<Database, never, FeedRow>;
}

export function feedItem(row: FeedRow, groupId: number): FeedItem {
  const user = {
    id: row.user_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    passwordHash: null,
    city: row.city,
    avatarThumbUrl: row.avatar_thumb_url,
    createdAt: row.u_created_at,
    updatedAt: row.u_updated_at,
  };
  if (Number(row.kind) === 0) {
    const note = {
      id: row.id,
      groupId,
      userId: row.user_id,
      text: row.text,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
    return { type: "Note", id: row.id, createdAt: row.created_at, groupId, note, user };
  }
  const entry = {
    id: row.id,
    spentAt: row.spent_at ?? "",
    client: row.client ?? "",
    project: row.project ?? "",
    task: row.task ?? "",
    hours: Number(row.hours ?? 0),
    notes: row.text,
    timerStartedAt: row.timer_started_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  return { type: "DayEntry", id: row.id, createdAt: row.created_at, groupId, entry, user };
}
