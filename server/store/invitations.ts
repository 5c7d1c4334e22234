/** Invitations: single-use links by email, stored by their token's hash (see coop/invitations.ts). */
import type { Kysely, Selectable } from "kysely";
import type { Journal } from "../events/journal";
import { joinIn } from "./memberships";
import { emailKey } from "./users";
import type { Database, InvitationsTable } from "./schema";

export interface Invitation {
  readonly id: number;
  readonly groupId: number;
  readonly email: string;
  readonly tokenSealed: string;
  readonly invitedBy: number | null;
  readonly createdAt: number;
  readonly usedAt: number | null;
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

  /** Marks the invitation used (once: false when it already was) and adds the user to its group. */
  async accept(id: number, userId: number, at: number): Promise<boolean> {
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
    await this.db.transaction().execute((tx) => joinIn(tx, row.group_id, userId, this.journal));
    return true;
  }
}
