/**
 * Personal and device tokens (docs/coop-api.md §2.5): 32 random bytes in base64url behind a prefix that
 * names the kind (`coop_pat_`, `coop_dev_`), so a token pasted somewhere it should not be is recognised
 * by secret scanners. Only the SHA-256 digest is stored: a token has 256 bits of entropy, so a fast hash
 * is enough (no salt or scrypt needed), and the check costs one indexed read instead of ~100 ms.
 */
import { createHash, randomBytes } from "node:crypto";
import type { MemberGroup, User } from "../store/records";
import type { Store } from "../store/store";
import type { TokenKind, TokenRecord } from "../store/tokens";

const PREFIXES: Readonly<Record<TokenKind, string>> = { personal: "coop_pat_", device: "coop_dev_" };
const SHAPE = /^coop_(pat|dev)_[A-Za-z0-9_-]{43}$/;

/** `last_used_at` is written at most this often per token, so a busy client does not write on every read. */
export const LAST_USED_EVERY_MS = 60_000;

/** Tells a token from a password (Basic with a token as the password, for old clients). */
export const looksLikeToken = (text: string): boolean => SHAPE.test(text);

export const tokenDigest = (secret: string): string => createHash("sha256").update(secret).digest("hex");

export function newTokenSecret(kind: TokenKind): string {
  return `${PREFIXES[kind]}${randomBytes(32).toString("base64url")}`;
}

/** Creates a token; the secret is returned here once and never stored. */
export async function mintToken(
  store: Store,
  userId: number,
  name: string,
  kind: TokenKind,
  at: number,
): Promise<{ readonly token: TokenRecord; readonly secret: string }> {
  const secret = newTokenSecret(kind);
  const token = await store.tokens.create({ userId, name, kind, hash: tokenDigest(secret) }, at);
  return { token, secret };
}

/**
 * The live token a secret names and its user, or null (unknown, revoked, or its user gone). Given the
 * group a member route names, also that group if the user is a member of it (else `group: null`), read
 * with the token in one query.
 */
export async function tokenSignIn(
  store: Store,
  secret: string,
  now: number,
  memberOf?: number,
): Promise<{ readonly user: User; readonly token: TokenRecord; readonly group?: MemberGroup | null } | null> {
  if (!looksLikeToken(secret)) return null;
  const hash = tokenDigest(secret);
  const found =
    memberOf === undefined ? await store.tokens.signIn(hash) : await store.tokens.signInAsMember(hash, memberOf);
  if (found === null) return null;
  if (found.token.lastUsedAt === null || now - found.token.lastUsedAt >= LAST_USED_EVERY_MS)
    await store.tokens.touch(found.token.id, now);
  return found;
}
