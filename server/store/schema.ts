/**
 * The database's tables as Kysely sees them. One schema for SQLite and PostgreSQL: instants are
 * epoch milliseconds in integer/bigint columns and flags are 0/1 integers, so no value changes
 * type between the two dialects (better-sqlite3 takes no Date values, and SQLite has no boolean).
 */
import type { Generated } from "kysely";

export interface UsersTable {
  id: Generated<number>;
  first_name: string;
  last_name: string;
  email: string;
  /** Lower-cased email: the unique sign-in key (LIKE and = differ in case rules between the dialects). */
  email_key: string;
  /** A password hash (see auth/passwords.ts), or null for a user who cannot sign in (Cobot). */
  password_hash: string | null;
  city: string | null;
  avatar_thumb_url: string;
  created_at: number;
  updated_at: number;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
  timezone: string;
  owner_id: number;
  created_at: number;
  updated_at: number;
  feed_key: string;
  /** The token bots post with (`key=`). */
  api_token: string;
  agenda: string;
}

export interface MembershipsTable {
  id: Generated<number>;
  group_id: number;
  user_id: number;
  /** 1 = the member's Harvest time entries show in this group's feed. */
  harvest_linked: number;
  agenda: string;
}

export interface NotesTable {
  id: Generated<number>;
  group_id: number;
  user_id: number;
  text: string;
  created_at: number;
  updated_at: number;
}

export interface CredentialsTable {
  id: Generated<number>;
  user_id: number;
  /** A Harvest v1 subdomain, a v1 server's base URL, or a v2 account id. */
  subdomain: string;
  email: string;
  /** The Harvest password or token, encrypted with the server key (see secrets.ts); never returned. */
  secret: string;
  /** Where the last gathering got to (Harvest `updated_since`), epoch ms. */
  gathered_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface TimeEntriesTable {
  credential_id: number;
  /** Harvest's id for the entry: the DayEntry status id. */
  harvest_id: number;
  user_id: number;
  spent_at: string;
  client: string;
  project: string;
  task: string;
  hours: number;
  notes: string;
  timer_started_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface InvitationsTable {
  id: Generated<number>;
  group_id: number;
  email: string;
  /** SHA-256 of the link's token: the token itself is only in the link. */
  token_hash: string;
  /** The token sealed with the server key, so `invitations list` can show the link again. */
  token_sealed: string;
  invited_by: number | null;
  created_at: number;
  used_at: number | null;
  /** The invitee's email key (users.email_key): whose pending invitations these are. Null only before 0003. */
  email_key: string | null;
  /** 1 when the invitee declined (used_at is then set too). */
  declined: Generated<number>;
}

/** What members' trays hear about (events/journal.ts, `docs/coop-api.md §15`). */
export interface EventsTable {
  id: Generated<number>;
  kind: string;
  action: string;
  group_id: number | null;
  user_id: number | null;
  status_id: number | null;
  status_type: string | null;
  created_at: number;
}

export interface TokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** "personal" or "device" (see auth/tokens.ts). */
  kind: string;
  /** SHA-256 of the token, hex: the token itself is shown once and never stored. */
  hash: string;
  created_at: number;
  /** Written at most once a minute. */
  last_used_at: number | null;
  revoked_at: number | null;
}

/** A group's feed version: bumped by triggers on every write that changes the feed (migration 0005). */
export interface FeedVersionsTable {
  group_id: number;
  version: number;
}

/** The row /healthz rewrites to prove the database takes writes. */
export interface HealthProbesTable {
  id: number;
  checked_at: number;
}

export interface Database {
  users: UsersTable;
  groups: GroupsTable;
  memberships: MembershipsTable;
  notes: NotesTable;
  credentials: CredentialsTable;
  time_entries: TimeEntriesTable;
  invitations: InvitationsTable;
  events: EventsTable;
  tokens: TokensTable;
  feed_versions: FeedVersionsTable;
  health_probes: HealthProbesTable;
}

/** Every table, children before parents (the order to empty them in). */
export const TABLES = [
  "events",
  "tokens",
  "invitations",
  "time_entries",
  "credentials",
  "notes",
  "memberships",
  "groups",
  "users",
] as const;
