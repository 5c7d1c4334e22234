/**
 * Invitations: single-use, by email, stored by their token's hash (see coop/invitations.ts). An
 * invitation is answered once, by the person it names: accepted (they join) or declined. Answering is
 * one conditional update inside a transaction, so of concurrent answers exactly one wins.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Journal } from "../events/journal";
import { joinIn } from "./memberships";
import type { User } from "./records";
import type { Database, InvitationsTable } from "./schema";
import type { NewUser } from "./users";
import { emailKey, newUserRow, toUser } from "./users";

export interface Invitation {
  readonly id: number;
  readonly groupId: number;
  readonly email: string;
  readonly tokenSealed: string;
  readonly invitedBy: number | null;
  readonly createdAt: number;
  readonly usedAt: number | null;
}

/** A pending invitation as its invitee sees it. */
export interface PendingInvitation extends Invitation {
  readonly groupName: string;
  readonly inviterName: string | null;
}

export const toInvitation = (r: Selectable<InvitationsTable>): Invitation => ({
  id: r.id,
  groupId: r.group_id,
  email: r.email,
  tokenSealed: r.token_sealed,
  invitedBy: r.invited_by,
  createdAt: Number(r.created_at),
  usedAt: r.used_at === null ? null : Number(r.used_at),
});

type Tx = Kysely<Database> | Transaction<Database>;

/** Marks the invitation answered unless it already was (and, with `key`, unless it names someone else). */
async function claim(tx: Tx, id: number, at: number, declined: boolean, key: string | null): Promise<number | null> {
  let update = tx
    .updateTable("invitations")
    .set({ used_at: at, declined: declined ? 1 : 0 })
    .where("id", "=", id)
    .where("used_at", "is", null);
  if (key !== null) update = update.where("email_key", "=", key);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return null;
  const row = await tx.selectFrom("invitations").select("group_id").where("id", "=", id).executeTakeFirstOrThrow();
  return row.group_id;
}

export type NewUserAnswer = { readonly kind: "joined"; readonly user: User } | { readonly kind: "used" | "account" };

export class Invitations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly journal: Journal,
  ) {}

  /** An invitation, and a personal event for the invitee when they already have an account. */
  create(
    groupId: number,
    email: string,
    tokenHash: string,
    tokenSealed: string,
    invitedBy: number | null,
    at: number,
  ): Promise<void> {
    return this.journal.write(async (tx) => {
      await tx
        .insertInto("invitations")
        .values({
          group_id: groupId,
          email: email.trim(),
          email_key: emailKey(email),
          token_hash: tokenHash,
          token_sealed: tokenSealed,
          invited_by: invitedBy,
          created_at: at,
          used_at: null,
        })
        .execute();
      const invitee = await tx
        .selectFrom("users")
        .select("id")
        .where("email_key", "=", emailKey(email))
        .executeTakeFirst();
      const events =
        invitee === undefined
          ? []
          : [{ kind: "invitation", action: "created", groupId: null, userId: invitee.id } as const];
      return { result: undefined, events };
    });
  }

  async byTokenHash(tokenHash: string): Promise<Invitation | null> {
    const row = await this.db
      .selectFrom("invitations")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    return row === undefined ? null : toInvitation(row);
  }

  async pending(): Promise<Invitation[]> {
    const rows = await this.db
      .selectFrom("invitations")
      .selectAll()
      .where("used_at", "is", null)
      .orderBy("id")
      .execute();
    return rows.map(toInvitation);
  }

  /** The pending invitations naming this email, oldest first, with the group's and the inviter's names. */
  async pendingFor(email: string): Promise<PendingInvitation[]> {
    const rows = await this.db
      .selectFrom("invitations")
      .innerJoin("groups", "groups.id", "invitations.group_id")
      .leftJoin("users", "users.id", "invitations.invited_by")
      .selectAll("invitations")
      .select(["groups.name as group_name", "users.first_name as inviter_first", "users.last_name as inviter_last"])
      .where("invitations.email_key", "=", emailKey(email))
      .where("invitations.used_at", "is", null)
      .orderBy("invitations.id")
      .execute();
    return rows.map((r) => ({
      ...toInvitation(r),
      groupName: r.group_name,
      inviterName: r.inviter_first === null ? null : `${r.inviter_first} ${r.inviter_last ?? ""}`.trim(),
    }));
  }

  /** Whether this address already has an unanswered invitation to the group. */
  async isPending(groupId: number, email: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("invitations")
      .select("id")
      .where("group_id", "=", groupId)
      .where("email_key", "=", emailKey(email))
      .where("used_at", "is", null)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** How many invitations the user made since `since`, and when the oldest of them was made. */
  async sentSince(inviterId: number, since: number): Promise<{ count: number; oldest: number | null }> {
    const row = await this.db
      .selectFrom("invitations")
      .select((eb) => [eb.fn.countAll().as("count"), eb.fn.min("created_at").as("oldest")])
      .where("invited_by", "=", inviterId)
      .where("created_at", ">=", since)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), oldest: row.oldest === null ? null : Number(row.oldest) };
  }

  /** The invitee's answer: false when the invitation is not theirs or was already answered. */
  answer(id: number, invitee: User, accept: boolean, at: number): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const groupId = await claim(tx, id, at, !accept, emailKey(invitee.email));
      if (groupId === null) return false;
      if (accept) await joinIn(tx, groupId, invitee.id, this.journal);
      return true;
    });
  }

  /** The invitation page's answer: a new account for the invited address, which joins the group. Never
   * joins an account that exists (that one accepts by signing in: docs/coop-api.md §8.3). */
  acceptAsNewUser(id: number, input: NewUser, at: number): Promise<NewUserAnswer> {
    return this.db.transaction().execute(async (tx): Promise<NewUserAnswer> => {
      const existing = await tx
        .selectFrom("users")
        .select("id")
        .where("email_key", "=", emailKey(input.email))
        .executeTakeFirst();
      if (existing !== undefined) return { kind: "account" };
      const groupId = await claim(tx, id, at, false, null);
      if (groupId === null) return { kind: "used" };
      const row = await tx.insertInto("users").values(newUserRow(input, at)).returningAll().executeTakeFirstOrThrow();
      const user = toUser(row);
      await joinIn(tx, groupId, user.id, this.journal);
      return { kind: "joined", user };
    });
  }
}
