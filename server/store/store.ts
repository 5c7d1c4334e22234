/**
 * Every read and write the Co-op API makes, as typed Kysely queries that run unchanged on SQLite and
 * PostgreSQL. Multi-row changes run in one transaction. Nothing here knows about HTTP.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import { feedItem, feedQuery } from "./feed";
import type { FeedFilter } from "./feed";
import type { Credential, FeedItem, Group, GroupWithCount, Membership, Note, TimeEntry, User } from "./records";
import type {
  CredentialsTable,
  Database,
  GroupsTable,
  InvitationsTable,
  MembershipsTable,
  NotesTable,
  UsersTable,
} from "./schema";
import type { Dialect, StoreHandle } from "./open";

type Db = Kysely<Database> | Transaction<Database>;

export const emailKey = (email: string): string => email.trim().toLowerCase();

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  passwordHash: r.password_hash,
  city: r.city,
  avatarThumbUrl: r.avatar_thumb_url,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toGroup = (r: Selectable<GroupsTable>): Group => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  ownerId: r.owner_id,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  feedKey: r.feed_key,
  apiToken: r.api_token,
  agenda: r.agenda,
});

const toMembership = (r: Selectable<MembershipsTable>): Membership => ({
  id: r.id,
  groupId: r.group_id,
  userId: r.user_id,
  harvestLinked: Number(r.harvest_linked) === 1,
  agenda: r.agenda,
});

const toNote = (r: Selectable<NotesTable>): Note => ({
  id: r.id,
  groupId: r.group_id,
  userId: r.user_id,
  text: r.text,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toCredential = (r: Selectable<CredentialsTable>): Credential => ({
  id: r.id,
  userId: r.user_id,
  subdomain: r.subdomain,
  email: r.email,
  secret: r.secret,
  gatheredUntil: r.gathered_until === null ? null : Number(r.gathered_until),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export interface Invitation {
  readonly id: number;
  readonly groupId: number;
  readonly email: string;
  readonly tokenSealed: string;
  readonly invitedBy: number | null;
  readonly createdAt: number;
  readonly usedAt: number | null;
}

const toInvitation = (r: Selectable<InvitationsTable>): Invitation => ({
  id: r.id,
  groupId: r.group_id,
  email: r.email,
  tokenSealed: r.token_sealed,
  invitedBy: r.invited_by,
  createdAt: Number(r.created_at),
  usedAt: r.used_at === null ? null : Number(r.used_at),
});

export interface NewUser {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly passwordHash: string | null;
  readonly city?: string | null;
  readonly avatarThumbUrl?: string;
}

export interface NewGroup {
  readonly name: string;
  readonly timezone: string;
  readonly ownerId: number;
  readonly feedKey: string;
  readonly apiToken: string;
}

export class Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  readonly handle: StoreHandle;

  constructor(handle: StoreHandle) {
    this.handle = handle;
    this.db = handle.db;
    this.dialect = handle.dialect;
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  /** A round trip, for /healthz and the 503 recovery check. */
  async ping(): Promise<void> {
    await this.db.selectFrom("users").select("id").limit(1).execute();
  }

  // Users

  async userByEmail(email: string): Promise<User | null> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("email_key", "=", emailKey(email))
      .executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }

  async user(id: number): Promise<User | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }

  async users(): Promise<User[]> {
    const rows = await this.db.selectFrom("users").selectAll().orderBy("id").execute();
    return rows.map(toUser);
  }

  async createUser(input: NewUser, at: number): Promise<User> {
    const row = await this.db
      .insertInto("users")
      .values({
        first_name: input.firstName,
        last_name: input.lastName,
        email: input.email.trim(),
        email_key: emailKey(input.email),
        password_hash: input.passwordHash,
        city: input.city ?? null,
        avatar_thumb_url: input.avatarThumbUrl ?? "",
        created_at: at,
        updated_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async setPasswordHash(userId: number, hash: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable("users")
      .set({ password_hash: hash, updated_at: at })
      .where("id", "=", userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Removes the user and everything that is theirs. Groups they own pass to another member, or go. */
  async removeUser(userId: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const owned = await tx.selectFrom("groups").select("id").where("owner_id", "=", userId).execute();
      for (const { id } of owned) {
        const heir = await tx
          .selectFrom("memberships")
          .select("user_id")
          .where("group_id", "=", id)
          .where("user_id", "!=", userId)
          .orderBy("id")
          .executeTakeFirst();
        if (heir === undefined) await this.deleteGroupIn(tx, id);
        else await tx.updateTable("groups").set({ owner_id: heir.user_id }).where("id", "=", id).execute();
      }
      await tx.deleteFrom("time_entries").where("user_id", "=", userId).execute();
      await tx.deleteFrom("credentials").where("user_id", "=", userId).execute();
      await tx.deleteFrom("notes").where("user_id", "=", userId).execute();
      await tx.deleteFrom("memberships").where("user_id", "=", userId).execute();
      const result = await tx.deleteFrom("users").where("id", "=", userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async sharesGroup(a: number, b: number): Promise<boolean> {
    const row = await this.db
      .selectFrom("memberships as x")
      .innerJoin("memberships as y", "y.group_id", "x.group_id")
      .select("x.id")
      .where("x.user_id", "=", a)
      .where("y.user_id", "=", b)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  // Groups

  async group(id: number): Promise<Group | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.db.selectFrom("groups").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toGroup(row);
  }

  async groupsOf(userId: number): Promise<GroupWithCount[]> {
    const rows = await this.db
      .selectFrom("groups")
      .innerJoin("memberships as mine", (j) =>
        j.onRef("mine.group_id", "=", "groups.id").on("mine.user_id", "=", userId),
      )
      .selectAll("groups")
      .select((eb) =>
        eb
          .selectFrom("memberships")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("memberships.group_id", "=", "groups.id")
          .as("memberships_count"),
      )
      .orderBy("groups.id")
      .execute();
    return rows.map((r) => ({ ...toGroup(r), membershipsCount: Number(r.memberships_count ?? 0) }));
  }

  async createGroup(input: NewGroup, at: number, linked: boolean): Promise<Group> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto("groups")
        .values({
          name: input.name,
          timezone: input.timezone,
          owner_id: input.ownerId,
          created_at: at,
          updated_at: at,
          feed_key: input.feedKey,
          api_token: input.apiToken,
          agenda: "",
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("memberships")
        .values({ group_id: row.id, user_id: input.ownerId, harvest_linked: linked ? 1 : 0, agenda: "" })
        .execute();
      return toGroup(row);
    });
  }

  async updateGroup(
    id: number,
    fields: { name?: string; timezone?: string; ownerId?: number; agenda?: string },
    at: number | null,
  ): Promise<void> {
    const set: Partial<{ name: string; timezone: string; owner_id: number; agenda: string; updated_at: number }> = {};
    if (fields.name !== undefined) set.name = fields.name;
    if (fields.timezone !== undefined) set.timezone = fields.timezone;
    if (fields.ownerId !== undefined) set.owner_id = fields.ownerId;
    if (fields.agenda !== undefined) set.agenda = fields.agenda;
    if (at !== null) set.updated_at = at;
    await this.db.updateTable("groups").set(set).where("id", "=", id).execute();
  }

  private async deleteGroupIn(tx: Db, id: number): Promise<void> {
    // The group's Notes go with it; Harvest time entries belong to the member and stay.
    await tx.deleteFrom("notes").where("group_id", "=", id).execute();
    await tx.deleteFrom("memberships").where("group_id", "=", id).execute();
    await tx.deleteFrom("invitations").where("group_id", "=", id).execute();
    await tx.deleteFrom("groups").where("id", "=", id).execute();
  }

  deleteGroup(id: number): Promise<void> {
    return this.db.transaction().execute((tx) => this.deleteGroupIn(tx, id));
  }

  // Memberships

  async membership(groupId: number, userId: number): Promise<Membership | null> {
    const row = await this.db
      .selectFrom("memberships")
      .selectAll()
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row === undefined ? null : toMembership(row);
  }

  async memberships(groupId: number): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom("memberships")
      .selectAll()
      .where("group_id", "=", groupId)
      .orderBy("id")
      .execute();
    return rows.map(toMembership);
  }

  async members(groupId: number): Promise<User[]> {
    const rows = await this.db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .selectAll("users")
      .where("memberships.group_id", "=", groupId)
      .orderBy("memberships.id")
      .execute();
    return rows.map(toUser);
  }

  /** Adds the user unless already a member; their memberships link to Harvest when they hold a credential. */
  async join(groupId: number, userId: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const existing = await tx
        .selectFrom("memberships")
        .select("id")
        .where("group_id", "=", groupId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (existing !== undefined) return false;
      const credential = await tx
        .selectFrom("credentials")
        .select("id")
        .where("user_id", "=", userId)
        .executeTakeFirst();
      await tx
        .insertInto("memberships")
        .values({ group_id: groupId, user_id: userId, harvest_linked: credential === undefined ? 0 : 1, agenda: "" })
        .execute();
      return true;
    });
  }

  async leave(groupId: number, userId: number): Promise<void> {
    await this.db.deleteFrom("memberships").where("group_id", "=", groupId).where("user_id", "=", userId).execute();
  }

  async setMemberAgenda(groupId: number, userId: number, agenda: string): Promise<void> {
    await this.db
      .updateTable("memberships")
      .set({ agenda })
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .execute();
  }

  async setLinked(userId: number, linked: boolean): Promise<void> {
    await this.db
      .updateTable("memberships")
      .set({ harvest_linked: linked ? 1 : 0 })
      .where("user_id", "=", userId)
      .execute();
  }

  // Notes and the feed

  async feed(filter: FeedFilter): Promise<FeedItem[]> {
    const rows = await feedQuery(this.db, filter).execute();
    return rows.map((row) => feedItem(row, filter.groupId));
  }

  async note(id: number): Promise<Note | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.db.selectFrom("notes").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toNote(row);
  }

  async createNote(groupId: number, userId: number, text: string, at: number): Promise<Note> {
    const row = await this.db
      .insertInto("notes")
      .values({ group_id: groupId, user_id: userId, text, created_at: at, updated_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toNote(row);
  }

  async updateNote(id: number, text: string, at: number): Promise<void> {
    await this.db.updateTable("notes").set({ text, updated_at: at }).where("id", "=", id).execute();
  }

  async deleteNote(id: number): Promise<void> {
    await this.db.deleteFrom("notes").where("id", "=", id).execute();
  }

  // Invitations

  async createInvitation(
    groupId: number,
    email: string,
    tokenHash: string,
    tokenSealed: string,
    invitedBy: number | null,
    at: number,
  ): Promise<void> {
    await this.db
      .insertInto("invitations")
      .values({
        group_id: groupId,
        email: email.trim(),
        token_hash: tokenHash,
        token_sealed: tokenSealed,
        invited_by: invitedBy,
        created_at: at,
        used_at: null,
      })
      .execute();
  }

  async invitation(tokenHash: string): Promise<Invitation | null> {
    const row = await this.db
      .selectFrom("invitations")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    return row === undefined ? null : toInvitation(row);
  }

  async pendingInvitations(): Promise<Invitation[]> {
    const rows = await this.db
      .selectFrom("invitations")
      .selectAll()
      .where("used_at", "is", null)
      .orderBy("id")
      .execute();
    return rows.map(toInvitation);
  }

  /** Marks the invitation used (once: false when it already was) and adds the user to its group. */
  async acceptInvitation(id: number, userId: number, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable("invitations")
      .set({ used_at: at })
      .where("id", "=", id)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    const row = await this.db
      .selectFrom("invitations")
      .select("group_id")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    await this.join(row.group_id, userId);
    return true;
  }

  // Harvest credentials and gathered time entries

  async credentialOf(userId: number): Promise<Credential | null> {
    const row = await this.db.selectFrom("credentials").selectAll().where("user_id", "=", userId).executeTakeFirst();
    return row === undefined ? null : toCredential(row);
  }

  async credentials(): Promise<Credential[]> {
    const rows = await this.db.selectFrom("credentials").selectAll().orderBy("id").execute();
    return rows.map(toCredential);
  }

  /** Creates or replaces the user's credential; a changed login starts gathering afresh. Links their memberships. */
  async saveCredential(
    userId: number,
    login: { subdomain: string; email: string; secret: string },
    at: number,
  ): Promise<Credential> {
    return this.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom("credentials").selectAll().where("user_id", "=", userId).executeTakeFirst();
      let row: Selectable<CredentialsTable>;
      if (existing === undefined) {
        row = await tx
          .insertInto("credentials")
          .values({
            user_id: userId,
            subdomain: login.subdomain,
            email: login.email,
            secret: login.secret,
            gathered_until: null,
            created_at: at,
            updated_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        const sameAccount =
          existing.subdomain === login.subdomain && emailKey(existing.email) === emailKey(login.email);
        if (!sameAccount) await tx.deleteFrom("time_entries").where("credential_id", "=", existing.id).execute();
        row = await tx
          .updateTable("credentials")
          .set({
            subdomain: login.subdomain,
            email: login.email,
            secret: login.secret,
            updated_at: at,
            gathered_until: sameAccount ? existing.gathered_until : null,
          })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      await tx.updateTable("memberships").set({ harvest_linked: 1 }).where("user_id", "=", userId).execute();
      return toCredential(row);
    });
  }

  /** Deleting the credential unlinks every membership: the user's DayEntries leave the feeds. */
  async deleteCredential(userId: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom("credentials").select("id").where("user_id", "=", userId).executeTakeFirst();
      if (existing !== undefined)
        await tx.deleteFrom("time_entries").where("credential_id", "=", existing.id).execute();
      await tx.deleteFrom("credentials").where("user_id", "=", userId).execute();
      await tx.updateTable("memberships").set({ harvest_linked: 0 }).where("user_id", "=", userId).execute();
    });
  }

  /**
   * Gathered entries in: new ones inserted, known ones updated (a timer stopped, hours changed),
   * `deletedIds` removed, and the credential's cursor moved on, all at once.
   */
  async storeGathered(
    credential: Credential,
    entries: readonly TimeEntry[],
    deletedIds: readonly number[],
    until: number | null,
    replaceAll = false,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (replaceAll) await tx.deleteFrom("time_entries").where("credential_id", "=", credential.id).execute();
      for (const e of entries) {
        const values = {
          user_id: credential.userId,
          spent_at: e.spentAt,
          client: e.client,
          project: e.project,
          task: e.task,
          hours: e.hours,
          notes: e.notes,
          timer_started_at: e.timerStartedAt,
          created_at: e.createdAt,
          updated_at: e.updatedAt,
        };
        await tx
          .insertInto("time_entries")
          .values({ credential_id: credential.id, harvest_id: e.id, ...values })
          .onConflict((oc) => oc.columns(["credential_id", "harvest_id"]).doUpdateSet(values))
          .execute();
      }
      if (deletedIds.length > 0)
        await tx
          .deleteFrom("time_entries")
          .where("credential_id", "=", credential.id)
          .where("harvest_id", "in", [...deletedIds])
          .execute();
      await tx.updateTable("credentials").set({ gathered_until: until }).where("id", "=", credential.id).execute();
    });
  }
}
