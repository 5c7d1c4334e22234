/**
 * Invitations: single-use, by email, stored by their token's hash (see coop/invitations.ts). An
 * invitation is answered once, by the person it names: accepted (they join) or declined. Answering is
 * one conditional update inside a transaction, so of concurrent answers exactly one wins.
 */
import { sql } from "kysely";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Journal } from "../events/journal";
import { isMemberIn, joinIn } from "./memberships";
import type { Dialect } from "./open";
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

/** An invitation about to be made: the address and its link's token, hashed for lookup and sealed. */
export interface InvitationTicket {
  readonly email: string;
  readonly tokenHash: string;
  readonly tokenSealed: string;
}

export interface IssueRequest {
  readonly groupId: number;
  readonly inviterId: number;
  readonly tickets: readonly InvitationTicket[];
  readonly at: number;
  /** At most `count` invitations by the inviter made since `since`, these included. */
  readonly limit: { readonly count: number; readonly since: number };
}

/** The invitations made (whether each address has an account decides its mail), or none: over the limit. */
export type Issued =
  | { readonly kind: "made"; readonly made: readonly { ticket: InvitationTicket; hasAccount: boolean }[] }
  | { readonly kind: "over"; readonly oldest: number };

/** The first key of PostgreSQL's two-key advisory locks taken while issuing invitations ("invi"). */
const INVITER_LOCK = 0x696e7669;

async function isPendingIn(tx: Tx, groupId: number, key: string): Promise<boolean> {
  const row = await tx
    .selectFrom("invitations")
    .select("id")
    .where("group_id", "=", groupId)
    .where("email_key", "=", key)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return row !== undefined;
}

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
    private readonly dialect: Dialect,
  ) {}

  /** `issueIn` in a transaction of its own. */
  issue(request: IssueRequest): Promise<Issued> {
    return this.db.transaction().execute((tx) => this.issueIn(tx, request));
  }

  /**
   * Inside the caller's transaction: makes an invitation for each ticket whose address is neither in the
   * group nor already invited to it, with a personal event for invitees who have an account, unless that
   * would pass the inviter's limit (then nothing is made). The count and the inserts are one step per
   * inviter: of concurrent requests, each sees the invitations of those before it (docs/coop-api.md §8.1).
   */
  async issueIn(tx: Transaction<Database>, request: IssueRequest): Promise<Issued> {
    const { groupId, inviterId, at, limit } = request;
    await this.lockInviter(tx, inviterId);
    const fresh: { ticket: InvitationTicket; inviteeId: number | null }[] = [];
    for (const ticket of request.tickets) {
      const key = emailKey(ticket.email);
      const invitee = await tx.selectFrom("users").select("id").where("email_key", "=", key).executeTakeFirst();
      // Already in, or already asked: nothing new to send (and the answer stays the same).
      if (invitee !== undefined && (await isMemberIn(tx, groupId, invitee.id))) continue;
      if (await isPendingIn(tx, groupId, key)) continue;
      fresh.push({ ticket, inviteeId: invitee?.id ?? null });
    }
    if (fresh.length === 0) return { kind: "made", made: [] };
    const sent = await tx
      .selectFrom("invitations")
      .select((eb) => [eb.fn.countAll().as("count"), eb.fn.min("created_at").as("oldest")])
      .where("invited_by", "=", inviterId)
      .where("created_at", ">=", limit.since)
      .executeTakeFirstOrThrow();
    if (Number(sent.count) + fresh.length > limit.count)
      return { kind: "over", oldest: sent.oldest === null ? at : Number(sent.oldest) };
    await tx
      .insertInto("invitations")
      .values(
        fresh.map(({ ticket }) => ({
          group_id: groupId,
          email: ticket.email.trim(),
          email_key: emailKey(ticket.email),
          token_hash: ticket.tokenHash,
          token_sealed: ticket.tokenSealed,
          invited_by: inviterId,
          created_at: at,
          used_at: null,
        })),
      )
      .execute();
    await this.journal.record(
      tx,
      fresh.flatMap(({ inviteeId }) =>
        inviteeId === null
          ? []
          : [{ kind: "invitation", action: "created", groupId: null, userId: inviteeId } as const],
      ),
    );
    return { kind: "made", made: fresh.map(({ ticket, inviteeId }) => ({ ticket, hasAccount: inviteeId !== null })) };
  }

  /**
   * Makes one inviter's concurrent `issueIn`s take turns until their transactions end. SQLite needs
   * nothing: the server's one connection belongs to a transaction until it ends, and the data folder's
   * lock keeps other processes out. PostgreSQL takes a transaction-scoped advisory lock, keyed by the
   * inviter, that every instance on the database shares; not a row lock on the user, because the
   * group a `POST /groups` inserts first already holds a key-share lock on that row, and two such
   * transactions upgrading it would deadlock.
   */
  private async lockInviter(tx: Transaction<Database>, inviterId: number): Promise<void> {
    if (this.dialect !== "postgres") return;
    await sql`select pg_advisory_xact_lock(${INVITER_LOCK}, ${inviterId})`.execute(tx);
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
