/** Users: sign-in lookups by email, accounts made by the CLI and invitations, removal with all that is theirs. */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Journal } from "../events/journal";
import { deleteGroupIn } from "./groups";
import type { StoreHandle } from "./open";
import { preparedRead } from "./prepared";
import { joinMemberGroup, memberGroupOf } from "./member-join";
import type { MemberGroup, User } from "./records";
import type { Database, UsersTable } from "./schema";

export const emailKey = (email: string): string => email.trim().toLowerCase();

export const toUser = (r: Selectable<UsersTable>): User => ({
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

/** A user as a row; without an id, the database gives one. */
export const userRow = (u: Omit<User, "id"> & { readonly id?: number }): Insertable<UsersTable> => ({
  ...(u.id === undefined ? {} : { id: u.id }),
  first_name: u.firstName,
  last_name: u.lastName,
  email: u.email.trim(),
  email_key: emailKey(u.email),
  password_hash: u.passwordHash,
  city: u.city,
  avatar_thumb_url: u.avatarThumbUrl,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
});

export interface NewUser {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly passwordHash: string | null;
  readonly city?: string | null;
  readonly avatarThumbUrl?: string;
}

/** The row for a new account (no city or avatar until it sets them). */
export const newUserRow = (input: NewUser, at: number): Insertable<UsersTable> =>
  userRow({
    ...input,
    city: input.city ?? null,
    avatarThumbUrl: input.avatarThumbUrl ?? "",
    createdAt: at,
    updatedAt: at,
  });

export class Users {
  /** `byId`'s read: sign-in asks it on every request (prepared.ts). */
  private readonly byIdRead;
  /** The same with the group a member route names and its feed version, (group id, user id): one read. */
  private readonly memberRead;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly journal: Journal,
    handle: StoreHandle,
  ) {
    const byId = db.selectFrom("users").selectAll("users");
    this.byIdRead = preparedRead(handle, byId.where("id", "=", 0));
    this.memberRead = preparedRead(handle, joinMemberGroup(byId).where("users.id", "=", 0));
  }

  async byEmail(email: string): Promise<User | null> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("email_key", "=", emailKey(email))
      .executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }

  async byId(id: number): Promise<User | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.byIdRead(id);
    return row === undefined ? null : toUser(row);
  }

  /**
   * `byId` for a member route (a remembered password's sign-in, auth/verifier.ts): also the group it
   * names if the user is a member of it (else null), with its feed version, in the same read.
   */
  async byIdAsMember(id: number, groupId: number): Promise<{ user: User; group: MemberGroup | null } | null> {
    if (!Number.isSafeInteger(id)) return null;
    if (!Number.isSafeInteger(groupId)) {
      const user = await this.byId(id);
      return user === null ? null : { user, group: null };
    }
    const row = await this.memberRead(groupId, id);
    return row === undefined ? null : { user: toUser(row), group: memberGroupOf(row) };
  }

  async all(): Promise<User[]> {
    const rows = await this.db.selectFrom("users").selectAll().orderBy("id").execute();
    return rows.map(toUser);
  }

  async create(input: NewUser, at: number): Promise<User> {
    const row = await this.db
      .insertInto("users")
      .values(newUserRow(input, at))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  /**
   * A new password hash, and every live token of the user revoked but `keepToken` (docs/coop-api.md §10.2),
   * in one transaction: whoever knew the old password could have made tokens with it, so none may
   * outlive the change. The number of tokens revoked, or null when there is no such user.
   */
  async changePassword(userId: number, hash: string, at: number, keepToken: number | null): Promise<number | null> {
    return this.db.transaction().execute(async (tx) => {
      const changed = await tx
        .updateTable("users")
        .set({ password_hash: hash, updated_at: at })
        .where("id", "=", userId)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) return null;
      let revoke = tx
        .updateTable("tokens")
        .set({ revoked_at: at })
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null);
      if (keepToken !== null) revoke = revoke.where("id", "!=", keepToken);
      return Number((await revoke.executeTakeFirst()).numUpdatedRows);
    });
  }

  /** Removes the user and everything that is theirs. Groups they own pass to another member, or go. */
  async remove(userId: number): Promise<boolean> {
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
        if (heir === undefined) await deleteGroupIn(tx, id, this.journal);
        else await tx.updateTable("groups").set({ owner_id: heir.user_id }).where("id", "=", id).execute();
      }
      await tx.deleteFrom("tokens").where("user_id", "=", userId).execute();
      await tx.deleteFrom("time_entries").where("user_id", "=", userId).execute();
      await tx.deleteFrom("credentials").where("user_id", "=", userId).execute();
      await tx.deleteFrom("notes").where("user_id", "=", userId).execute();
      const left = await tx.deleteFrom("memberships").where("user_id", "=", userId).returning("group_id").execute();
      await this.journal.record(
        tx,
        left.map((m) => ({ kind: "membership", action: "deleted", groupId: m.group_id, userId })),
      );
      const result = await tx.deleteFrom("users").where("id", "=", userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }
}
