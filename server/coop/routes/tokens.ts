/** The signed-in user's personal and device tokens (docs/coop-api.md §2.5). */
import { z } from "zod";
import { mintToken } from "../../auth/tokens";
import { textParam } from "../../http/body";
import { HttpError, badRequest, notFound } from "../../http/errors";
import { bool, int, list, obj, str, time, timeOrNil } from "../../render/nodes";
import type { Doc, Fields } from "../../render/nodes";
import type { TokenKind, TokenRecord } from "../../store/tokens";
import { TOKEN_KINDS } from "../../store/tokens";
import { ok, requiredText, resource } from "../input";
import { id, none } from "../params";
import { route } from "../route";
import type { SignedInWith } from "../route";
import { STATUS_ZONE } from "../views";

const MAX_NAME_LENGTH = 100;

const tokenFields = (token: TokenRecord, via: SignedInWith): Fields => [
  ["id", int(token.id)],
  ["name", str(token.name)],
  ["kind", str(token.kind)],
  // Co-op has no "who am I": a client learns its own user id here.
  ["user_id", int(token.userId)],
  ["created_at", time(token.createdAt, STATUS_ZONE)],
  ["last_used_at", timeOrNil(token.lastUsedAt, STATUS_ZONE)],
  ["current", bool(via.kind === "token" && via.tokenId === token.id)],
];

const tokensDoc = (tokens: readonly TokenRecord[], via: SignedInWith): Doc => ({
  root: "tokens",
  node: list(
    "token",
    tokens.map((token) => obj(tokenFields(token, via))),
  ),
  rooted: false,
});

function kindParam(value: string | null | undefined): TokenKind {
  if (value === undefined || value === null || value.trim() === "") return "personal";
  const kind = TOKEN_KINDS.find((k) => k === value.trim());
  if (kind === undefined) throw badRequest(`Kind must be one of ${TOKEN_KINDS.join(", ")}`);
  return kind;
}

export const tokenRoutes = [
  route({
    method: "POST",
    path: "/tokens",
    guard: "user",
    params: none,
    handle: async ({ services, user, input, via }) => {
      // A leaked token must not be able to outlive its own revocation by minting others.
      if (via.kind !== "password")
        throw new HttpError(403, "A token cannot create tokens: sign in with your email and password");
      const fields = resource(input, "token");
      const name = requiredText(fields, "name", "Name");
      if (name.length > MAX_NAME_LENGTH) throw badRequest(`Name is too long (at most ${MAX_NAME_LENGTH} characters)`);
      const kind = kindParam(textParam(fields, "kind"));
      const { token, secret } = await mintToken(services.store, user.id, name, kind, services.now());
      const doc: Doc = {
        root: "token",
        node: obj([...tokenFields(token, via), ["token", str(secret)]]),
        rooted: false,
      };
      return { status: 201, headers: { location: `/tokens/${token.id}` }, doc, changed: true };
    },
  }),
  route({
    method: "GET",
    path: "/tokens",
    guard: "user",
    params: none,
    handle: async ({ services, user, via }) => ok({ doc: tokensDoc(await services.store.tokens.active(user.id), via) }),
  }),
  route({
    method: "DELETE",
    path: "/tokens/current",
    guard: "user",
    params: none,
    handle: async ({ services, user, via }) => {
      if (via.kind !== "token" || !(await services.store.tokens.revoke(user.id, via.tokenId, services.now())))
        throw notFound("This request was not signed in with a token");
      return { status: 200, changed: true };
    },
  }),
  route({
    method: "DELETE",
    path: "/tokens/:tokenId",
    guard: "user",
    params: z.object({ tokenId: id }),
    handle: async ({ services, user, params }) => {
      // Someone else's token is as missing as one that never was.
      if (!(await services.store.tokens.revoke(user.id, params.tokenId, services.now())))
        throw notFound("Token not found");
      return { status: 200, changed: true };
    },
  }),
];
