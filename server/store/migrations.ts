/**
 * Migrations, in code so the server carries them (no migrations folder to ship or find). Each is
 * written once for both dialects; where they differ (identity columns) the dialect is asked.
 * Kysely's migrator runs them in order under its own lock, each in a transaction on PostgreSQL.
 */
import { sql } from "kysely";
import type { ColumnDefinitionBuilder, Kysely, Migration, MigrationProvider } from "kysely";
import type { Dialect } from "./open";
import { feedSpeed } from "./migrations-feed-speed";

type Any = Kysely<unknown>;

/** `autoIncrement()` is a syntax error on PostgreSQL: identity columns there, AUTOINCREMENT in SQLite
 * (so a deleted row's id is never handed out again, as Co-op's Rails ids were not). */
const idColumn = (dialect: Dialect) => (col: ColumnDefinitionBuilder) =>
  dialect === "postgres" ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

/** Instants in ms need 64 bits: bigint on PostgreSQL (read back as numbers, see open.ts). */
const instant = (dialect: Dialect): "bigint" | "integer" => (dialect === "postgres" ? "bigint" : "integer");

function initial(dialect: Dialect): Migration {
  const ms = instant(dialect);
  return {
    async up(db: Any): Promise<void> {
      await db.schema
        .createTable("users")
        .addColumn("id", "integer", idColumn(dialect))
        .addColumn("first_name", "text", (c) => c.notNull())
        .addColumn("last_name", "text", (c) => c.notNull())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("email_key", "text", (c) => c.notNull().unique())
        .addColumn("password_hash", "text")
        .addColumn("city", "text")
        .addColumn("avatar_thumb_url", "text", (c) => c.notNull())
        .addColumn("created_at", ms, (c) => c.notNull())
        .addColumn("updated_at", ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("groups")
        .addColumn("id", "integer", idColumn(dialect))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("timezone", "text", (c) => c.notNull())
        .addColumn("owner_id", "integer", (c) => c.notNull().references("users.id"))
        .addColumn("created_at", ms, (c) => c.notNull())
        .addColumn("updated_at", ms, (c) => c.notNull())
        .addColumn("feed_key", "text", (c) => c.notNull())
        .addColumn("api_token", "text", (c) => c.notNull())
        .addColumn("agenda", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("memberships")
        .addColumn("id", "integer", idColumn(dialect))
        .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
        .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("harvest_linked", "integer", (c) => c.notNull())
        .addColumn("agenda", "text", (c) => c.notNull())
        .addUniqueConstraint("memberships_group_user", ["group_id", "user_id"])
        .execute();
      await db.schema.createIndex("memberships_by_user").on("memberships").columns(["user_id", "group_id"]).execute();
      await db.schema
        .createTable("notes")
        .addColumn("id", "integer", idColumn(dialect))
        .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
        .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("created_at", ms, (c) => c.notNull())
        .addColumn("updated_at", ms, (c) => c.notNull())
        .execute();
      // The feed's read: a group's newest notes first (the latest-50 read, docs/coop-api.md §6.2, stays flat however long the feed grows).
      await db.schema.createIndex("notes_feed").on("notes").columns(["group_id", "created_at", "id"]).execute();
      await db.schema
        .createTable("credentials")
        .addColumn("id", "integer", idColumn(dialect))
        .addColumn("user_id", "integer", (c) => c.notNull().unique().references("users.id").onDelete("cascade"))
        .addColumn("subdomain", "text", (c) => c.notNull())
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("gathered_until", ms)
        .addColumn("created_at", ms, (c) => c.notNull())
        .addColumn("updated_at", ms, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("time_entries")
        .addColumn("credential_id", "integer", (c) => c.notNull().references("credentials.id").onDelete("cascade"))
        .addColumn("harvest_id", ms, (c) => c.notNull())
        .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("spent_at", "text", (c) => c.notNull())
        .addColumn("client", "text", (c) => c.notNull())
        .addColumn("project", "text", (c) => c.notNull())
        .addColumn("task", "text", (c) => c.notNull())
        .addColumn("hours", "double precision", (c) => c.notNull())
        .addColumn("notes", "text", (c) => c.notNull())
        .addColumn("timer_started_at", ms)
        .addColumn("created_at", ms, (c) => c.notNull())
        .addColumn("updated_at", ms, (c) => c.notNull())
        .addPrimaryKeyConstraint("time_entries_pk", ["credential_id", "harvest_id"])
        .execute();
      await db.schema
        .createIndex("time_entries_feed")
        .on("time_entries")
        .columns(["user_id", "created_at", "harvest_id"])
        .execute();
      await db.schema
        .createTable("invitations")
        .addColumn("id", "integer", idColumn(dialect))
        .addColumn("group_id", "integer", (c) => c.notNull().references("groups.id").onDelete("cascade"))
        .addColumn("email", "text", (c) => c.notNull())
        .addColumn("token_hash", "text", (c) => c.notNull().unique())
        .addColumn("token_sealed", "text", (c) => c.notNull())
        .addColumn("invited_by", "integer", (c) => c.references("users.id").onDelete("set null"))
        .addColumn("created_at", ms, (c) => c.notNull())
        .addColumn("used_at", ms)
        .execute();
    },
    async down(db: Any): Promise<void> {
      for (const table of ["invitations", "time_entries", "credentials", "notes", "memberships", "groups", "users"]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/** Sign-in attempts per account, address and pair, shared by every instance (see auth/failure-counter.ts).
 * The key is a digest, so the table holds no email or address. */
function signInFailures(dialect: Dialect): Migration {
  const ms = instant(dialect);
  return {
    async up(db: Any): Promise<void> {
      await db.schema
        .createTable("sign_in_failures")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("count", "integer", (c) => c.notNull())
        .addColumn("window_start", ms, (c) => c.notNull())
        .addColumn("next_at", ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("sign_in_failures_by_window").on("sign_in_failures").column("window_start").execute();
    },
    async down(db: Any): Promise<void> {
      await db.schema.dropTable("sign_in_failures").execute();
    },
  };
}

/**
 * The events members' streams read (events/journal.ts). No foreign keys: an event outlives what it
 * names (a deleted note's event says it was deleted). On PostgreSQL a statement trigger NOTIFYs every
 * instance's listener at commit, whoever wrote the rows (`docs/coop-api.md §15`).
 */
function events(dialect: Dialect): Migration {
  const ms = instant(dialect);
  return {
    async up(db: Any): Promise<void> {
      await db.schema
        .createTable("events")
        .addColumn("id", "integer", idColumn(dialect))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("group_id", "integer")
        .addColumn("user_id", "integer")
        .addColumn("status_id", ms)
        .addColumn("status_type", "text")
        .addColumn("created_at", ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("events_by_time").on("events").column("created_at").execute();
      if (dialect === "postgres") {
        await sql`create function coop_events_notify() returns trigger language plpgsql as $$
          begin perform pg_notify('coop_events', ''); return null; end $$`.execute(db);
        await sql`create trigger coop_events_notify after insert on events
          for each statement execute function coop_events_notify()`.execute(db);
      }
    },
    async down(db: Any): Promise<void> {
      await db.schema.dropTable("events").execute();
      if (dialect === "postgres") await sql`drop function if exists coop_events_notify()`.execute(db);
    },
  };
}

/** Consent (docs/coop-api.md §8): an invitation is matched to an account by its email key, answered once
 * (accepted or declined), and counted per inviter over a day (the index serves that count). */
function invitationConsent(): Migration {
  return {
    async up(db: Any): Promise<void> {
      await db.schema.alterTable("invitations").addColumn("email_key", "text").execute();
      await sql`update invitations set email_key = lower(trim(email))`.execute(db);
      await db.schema
        .alterTable("invitations")
        .addColumn("declined", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex("invitations_by_invitee")
        .on("invitations")
        .columns(["email_key", "used_at"])
        .execute();
      await db.schema
        .createIndex("invitations_by_inviter")
        .on("invitations")
        .columns(["invited_by", "created_at"])
        .execute();
    },
    async down(db: Any): Promise<void> {
      await db.schema.dropIndex("invitations_by_inviter").execute();
      await db.schema.dropIndex("invitations_by_invitee").execute();
      await db.schema.alterTable("invitations").dropColumn("declined").execute();
      await db.schema.alterTable("invitations").dropColumn("email_key").execute();
    },
  };
}

/** Personal and device tokens (see auth/tokens.ts): the digest only, unique so a sign-in is one indexed read. */
function tokens(dialect: Dialect): Migration {
  const ms = instant(dialect);
  return {
    async up(db: Any): Promise<void> {
      await db.schema
        .createTable("tokens")
        .addColumn("id", "integer", idColumn(dialect))
        .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", ms, (c) => c.notNull())
        .addColumn("last_used_at", ms)
        .addColumn("revoked_at", ms)
        .execute();
      await db.schema.createIndex("tokens_by_user").on("tokens").column("user_id").execute();
    },
    async down(db: Any): Promise<void> {
      await db.schema.dropTable("tokens").execute();
    },
  };
}

export function migrations(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        "0001_initial": initial(dialect),
        "0002_sign_in_failures": signInFailures(dialect),
        "0003_invitation_consent": invitationConsent(),
        "0004_tokens": tokens(dialect),
        "0005_feed_speed": feedSpeed(dialect),
        "0006_events": events(dialect),
      }),
  };
}
