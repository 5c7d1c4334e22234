/**
 * 0005_feed_speed: what a cached feed needs to stay exact, and the indexes its reads use.
 * - `feed_versions`: one counter per group, bumped by triggers in the same transaction as every write
 *   that changes what the group's feed shows (a note, a member's gathered time entry, a membership,
 *   a member's name, email or avatar, the group's zone). Triggers, not calls in the repositories, so
 *   no writer can forget one: the sandbox's seeding and a second instance on the same PostgreSQL
 *   database bump it too. A server reads the counter (one indexed row) before answering from its
 *   cache (see coop/feed-cache.ts).
 * - `time_entries_recent`: the feed's newest-first walk over time entries, so the join with the
 *   group's linked members stops after the page instead of sorting every entry they ever had.
 * - `health_probes`: the row /healthz writes to prove the database takes writes (a full disk fails it).
 */
import { sql } from "kysely";
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "./open";

type Any = Kysely<unknown>;

/** The tables whose rows decide a feed, with the expression naming the group (or the user) a row is about. */
const BY_GROUP = ["notes", "memberships"] as const;

const sqliteBump = (group: string): string =>
  `insert into feed_versions (group_id, version) values (${group}, 1)
     on conflict (group_id) do update set version = version + 1;`;
/** A member's time entries show only where the membership is linked to Harvest. */
const sqliteBumpUser = (user: string, linkedOnly = false): string =>
  `insert into feed_versions (group_id, version) select group_id, 1 from memberships
     where user_id = ${user}${linkedOnly ? " and harvest_linked = 1" : ""} order by group_id
     on conflict (group_id) do update set version = version + 1;`;

async function sqliteTriggers(db: Any): Promise<void> {
  const statements: string[] = [];
  for (const table of BY_GROUP) {
    statements.push(
      `create trigger ${table}_feed_insert after insert on ${table} begin ${sqliteBump("new.group_id")} end`,
      `create trigger ${table}_feed_update after update on ${table} begin ${sqliteBump("new.group_id")} end`,
      `create trigger ${table}_feed_delete after delete on ${table} begin ${sqliteBump("old.group_id")} end`,
    );
  }
  statements.push(
    `create trigger time_entries_feed_insert after insert on time_entries begin ${sqliteBumpUser("new.user_id", true)} end`,
    `create trigger time_entries_feed_update after update on time_entries begin ${sqliteBumpUser("new.user_id", true)} end`,
    `create trigger time_entries_feed_delete after delete on time_entries begin ${sqliteBumpUser("old.user_id", true)} end`,
    `create trigger users_feed_update after update of first_name, last_name, email, avatar_thumb_url on users
       begin ${sqliteBumpUser("new.id")} end`,
    `create trigger groups_feed_update after update of timezone on groups begin ${sqliteBump("new.id")} end`,
  );
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function postgresTriggers(db: Any): Promise<void> {
  const statements = [
    `create function feed_bump(gid integer) returns void language sql as $$
       insert into feed_versions (group_id, version) values (gid, 1)
       on conflict (group_id) do update set version = feed_versions.version + 1 $$`,
    // Ordered by group, so two transactions bumping several groups lock them in the same order.
    `create function feed_bump_user(uid integer, linked_only boolean) returns void language sql as $$
       insert into feed_versions (group_id, version) select group_id, 1 from memberships
       where user_id = uid and (harvest_linked = 1 or not linked_only)
       order by group_id on conflict (group_id) do update set version = feed_versions.version + 1 $$`,
    `create function feed_changed_group() returns trigger language plpgsql as $$ begin
       if tg_op = 'DELETE' then perform feed_bump(old.group_id); else perform feed_bump(new.group_id); end if;
       return null; end $$`,
    `create function feed_changed_entry() returns trigger language plpgsql as $$ begin
       if tg_op = 'DELETE' then perform feed_bump_user(old.user_id, true); else perform feed_bump_user(new.user_id, true); end if;
       return null; end $$`,
    `create function feed_changed_user() returns trigger language plpgsql as $$ begin
       perform feed_bump_user(new.id, false); return null; end $$`,
    `create function feed_changed_zone() returns trigger language plpgsql as $$ begin
       perform feed_bump(new.id); return null; end $$`,
    ...BY_GROUP.map(
      (table) =>
        `create trigger ${table}_feed after insert or update or delete on ${table}
           for each row execute function feed_changed_group()`,
    ),
    `create trigger time_entries_feed after insert or update or delete on time_entries
       for each row execute function feed_changed_entry()`,
    `create trigger users_feed after update of first_name, last_name, email, avatar_thumb_url on users
       for each row execute function feed_changed_user()`,
    `create trigger groups_feed after update of timezone on groups for each row execute function feed_changed_zone()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export function feedSpeed(dialect: Dialect): Migration {
  const counter = dialect === "postgres" ? "bigint" : "integer";
  return {
    async up(db: Any): Promise<void> {
      await db.schema
        .createTable("feed_versions")
        .addColumn("group_id", "integer", (c) => c.primaryKey())
        .addColumn("version", counter, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("health_probes")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("checked_at", counter, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("time_entries_recent")
        .on("time_entries")
        .columns(["created_at", "harvest_id"])
        .execute();
      if (dialect === "postgres") await postgresTriggers(db);
      else await sqliteTriggers(db);
    },
    async down(db: Any): Promise<void> {
      if (dialect === "postgres") {
        for (const table of [...BY_GROUP, "time_entries", "users", "groups"])
          await sql.raw(`drop trigger if exists ${table}_feed on ${table}`).execute(db);
        for (const fn of ["feed_changed_group", "feed_changed_entry", "feed_changed_user", "feed_changed_zone"])
          await sql.raw(`drop function if exists ${fn}()`).execute(db);
        await sql.raw("drop function if exists feed_bump(integer)").execute(db);
        await sql.raw("drop function if exists feed_bump_user(integer, boolean)").execute(db);
      } else {
        for (const table of [...BY_GROUP, "time_entries"])
          for (const op of ["insert", "update", "delete"])
            await sql.raw(`drop trigger if exists ${table}_feed_${op}`).execute(db);
        await sql.raw("drop trigger if exists users_feed_update").execute(db);
        await sql.raw("drop trigger if exists groups_feed_update").execute(db);
      }
      await db.schema.dropIndex("time_entries_recent").execute();
      await db.schema.dropTable("health_probes").execute();
      await db.schema.dropTable("feed_versions").execute();
    },
  };
}
