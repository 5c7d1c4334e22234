/** Personal and device tokens, by digest (see auth/tokens.ts): the secrets themselves are never here. */
import type { Kysely, Selectable } from "kysely";
import type { StoreHandle } from "./open";
import { preparedRead } from "./prepared";
import type { User } from "./records";
import type { Database, TokensTable, UsersTable } from "./schema";
import { toUser } from "./users";

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

type SignInRow = Selectable<UsersTable> & {
  readonly token_id: number;
  readonly token_name: string;
  readonly token_kind: string;
  readonly token_created_at: number;
  readonly token_last_used_at: number | null;
};

export class Tokens {
  /** `signIn`'s read, (hash): every request a token signs runs it (prepared.ts). */
  private readonly signInRead;

  constructor(
    private readonly db: Kysely<Database>,
    handle: StoreHandle,
  ) {
    this.signInRead = preparedRead<SignInRow>(
      handle,
      db
        .selectFrom("tokens")
        .innerJoin("users", "users.id", "tokens.user_id")
        .selectAll("users")
        .select([
          "tokens.id as token_id",
          "tokens.name as token_name",
          "tokens.kind as token_kind",
          "tokens.created_at as token_created_at",
          "tokens.last_used_at as token_last_used_at",
        ])
        .where("tokens.hash", "=", "")
        .where("tokens.revoked_at", "is", null),
    );
  }

  /** The live token with this digest and its user, in one read; null when unknown or revoked. */
  async signIn(hash: string): Promise<{ readonly token: TokenRecord; readonly user: User } | null> {
    const row = await this.signInRead(hash);
    if (row === undefined) return null;
    const token = toToken({
      id: row.token_id,
      user_id: row.id,
      name: row.token_name,
      kind: row.token_kind,
      hash,
      created_at: row.token_created_at,
      last_used_at: row.token_last_used_at,
      revoked_at: null,
    });
    return { token, user: toUser(row) };
  }

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
