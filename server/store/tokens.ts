/** Personal and device tokens, by digest (see auth/tokens.ts): the secrets themselves are never here. */
import type { Kysely, Selectable } from "kysely";
import type { StoreHandle } from "./open";
import { param, preparedRead } from "./prepared";
import { joinMemberGroup, memberGroupOf, type MemberColumns } from "./member-join";
import type { MemberGroup, User } from "./records";
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

/** `signIn`'s row with the group a member route names (member-join.ts). */
type MemberRow = SignInRow & MemberColumns;

export interface TokenSignIn {
  readonly token: TokenRecord;
  readonly user: User;
}

export class Tokens {
  /** `signIn`'s read, (hash): every request a token signs runs it (prepared.ts). */
  private readonly signInRead;
  /** The same with the group a member route names and its feed version, (group id, hash): one read. */
  private readonly memberRead;

  constructor(
    private readonly db: Kysely<Database>,
    handle: StoreHandle,
  ) {
    const signIn = db
      .selectFrom("tokens")
      .innerJoin("users", "users.id", "tokens.user_id")
      .selectAll("users")
      .select([
        "tokens.id as token_id",
        "tokens.name as token_name",
        "tokens.kind as token_kind",
        "tokens.created_at as token_created_at",
        "tokens.last_used_at as token_last_used_at",
      ]);
    const live = "tokens.revoked_at";
    this.signInRead = preparedRead<SignInRow>(
      handle,
      signIn.where("tokens.hash", "=", param("", "text")).where(live, "is", null),
    );
    this.memberRead = preparedRead<MemberRow>(
      handle,
      joinMemberGroup(signIn).where("tokens.hash", "=", param("", "text")).where(live, "is", null),
    );
  }

  /** The live token with this digest and its user, in one read; null when unknown or revoked. */
  async signIn(hash: string): Promise<TokenSignIn | null> {
    const row = await this.signInRead(hash);
    return row === undefined ? null : signedInWith(row, hash);
  }

  /**
   * `signIn` for a member route: also the group it names if the user is a member of it (else null),
   * with its feed version, in the same read (the cached feed's whole cost after the request itself).
   */
  async signInAsMember(hash: string, groupId: number): Promise<(TokenSignIn & { group: MemberGroup | null }) | null> {
    if (!Number.isSafeInteger(groupId)) {
      const found = await this.signIn(hash);
      return found === null ? null : { ...found, group: null };
    }
    const row = await this.memberRead(groupId, hash);
    return row === undefined ? null : { ...signedInWith(row, hash), group: memberGroupOf(row) };
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

function signedInWith(row: SignInRow, hash: string): TokenSignIn {
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
