/**
 * The Co-op database as one repository per aggregate (users, groups, memberships, notes and the feed,
 * invitations, credentials with their time entries), each typed Kysely queries that run unchanged on
 * SQLite and PostgreSQL, each exporting its row mappers. Nothing here knows about HTTP.
 */
import type { Kysely } from "kysely";
import { Journal } from "../events/journal";
import { Credentials } from "./credentials";
import { Groups } from "./groups";
import { Invitations } from "./invitations";
import { Memberships } from "./memberships";
import { Notes } from "./notes";
import type { Dialect, StoreHandle } from "./open";
import type { Database } from "./schema";
import { Tokens } from "./tokens";
import { Users } from "./users";

export { emailKey } from "./users";
export type { NewUser } from "./users";
export type { NewGroup } from "./groups";
export type { Invitation, PendingInvitation } from "./invitations";
export type { TokenKind, TokenRecord } from "./tokens";

export class Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly handle: StoreHandle;
  readonly users: Users;
  readonly groups: Groups;
  readonly memberships: Memberships;
  readonly notes: Notes;
  readonly invitations: Invitations;
  readonly credentials: Credentials;
  /** The events members' streams read (`docs/coop-api.md §15`). */
  readonly events: Journal;
  readonly tokens: Tokens;

  constructor(handle: StoreHandle) {
    this.handle = handle;
    this.db = handle.db;
    this.dialect = handle.dialect;
    this.events = new Journal(this.db);
    this.users = new Users(this.db, this.events, handle);
    this.groups = new Groups(this.db, this.events, handle);
    this.memberships = new Memberships(this.db, this.events);
    this.notes = new Notes(this.db, this.events);
    this.invitations = new Invitations(this.db, this.events, this.dialect);
    this.credentials = new Credentials(this.db, this.events);
    this.tokens = new Tokens(this.db, handle);
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  /**
   * The group's feed version (0 before its first change): a cached feed rendered at it is current.
   * Feed reads get it with the membership check (Groups.ofMember, Tokens.signInAsMember); this is for
   * the rest (a bot's post).
   */
  async feedVersion(groupId: number): Promise<number> {
    const row = await this.db
      .selectFrom("feed_versions")
      .select("version")
      .where("group_id", "=", groupId)
      .executeTakeFirst();
    return row === undefined ? 0 : Number(row.version);
  }

  /** A real write (one row rewritten), for /healthz: a full disk or a read-only database fails it. */
  async probeWrite(at: number): Promise<void> {
    await this.db
      .insertInto("health_probes")
      .values({ id: 1, checked_at: at })
      .onConflict((oc) => oc.column("id").doUpdateSet({ checked_at: at }))
      .execute();
  }

  /** A round trip, for /healthz and the 503 recovery check. */
  async ping(): Promise<void> {
    await this.db.selectFrom("users").select("id").limit(1).execute();
  }
}
