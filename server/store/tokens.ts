/** Personal and device tokens, by digest (see auth/tokens.ts): the secrets themselves are never here. */
import type { Kysely, Selectable } from "kysely";
import type { Database, TokensTable } from "./schema";

export type TokenKind = "personal" | "device";
export const TOKEN_KINDS: readonly TokenKind[] = ["personal", "device"];

export interface TokenRecord {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly kind: TokenKind;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

export interface NewToken {
  readonly userId: number;
  readonly name: string;
  readonly kind: TokenKind;
  /** SHA-256 of the secret, hex. */
  readonly hash: string;
}

const toToken = (r: Selectable<TokensTable>): TokenRecord => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  kind: r.kind === "device" ? "device" : "personal",
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

export class Tokens {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: NewToken, at: number): Promise<TokenRecord> {
    const row = await this.db
      .insertInto("tokens")
      .values({
        user_id: input.userId,
        name: input.name,
        kind: input.kind,
        hash: input.hash,
        created_at: at,
        last_used_at: null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toToken(row);
  }

  async byHash(hash: string): Promise<TokenRecord | null> {
    const row = await this.db.selectFrom("tokens").selectAll().where("hash", "=", hash).executeTakeFirst();
    return row === undefined ? null : toToken(row);
  }

  async byId(id: number): Promise<TokenRecord | null> {
    const row = await this.db.selectFrom("tokens").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toToken(row);
  }

  /** A user's tokens that still sign in, oldest first. */
  async active(userId: number): Promise<TokenRecord[]> {
    const rows = await this.db
      .selectFrom("tokens")
      .selectAll()
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .orderBy("id")
      .execute();
    return rows.map(toToken);
  }

  async touch(id: number, at: number): Promise<void> {
    await this.db.updateTable("tokens").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  /** Revokes one of the user's live tokens; false when they have no such token. */
  async revoke(userId: number, id: number, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable("tokens")
      .set({ revoked_at: at })
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
