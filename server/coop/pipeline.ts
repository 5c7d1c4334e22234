/**
 * Runs a request through the route table: the route, then its guard (sign-in first, before anything
 * else is looked at), its path parameters, and the group or user the guard names, and only then the
 * body (`withBody`), so nothing reads or parses a body for a caller who is not let in
 * (docs/coop-api.md §16.1); then the handler.
 */
import type { Params } from "../http/body";
import { looksLikeToken, tokenSignIn } from "../auth/tokens";
import { textParam } from "../http/body";
import { HttpError, badRequest, notFound } from "../http/errors";
import { parseAuth } from "../http/exchange";
import type { Reply } from "../router";
import type { MemberGroup, User } from "../store/records";
import { emailKey } from "../store/store";
import type { CoopContext, CoopServices } from "./context";
import { MAX_ID } from "./params";
import type { CoopRoute, SignedInWith } from "./route";

export function unauthorized(message = "HTTP Basic: Access denied."): HttpError {
  return new HttpError(401, message, { "www-authenticate": 'Basic realm="Application"' });
}

/** Bot posts are attributed to this user, created on first use. */
export const COBOT = { email: "cobot@coopapp.com", firstName: "Cobot", avatar: "/images/cobot.png" } as const;

export interface SignIn {
  readonly user: User;
  readonly via: SignedInWith;
  /** Asked for a group (`memberOf`) and read with the sign-in: that group if a member, else null. */
  readonly group?: MemberGroup | null;
}

/**
 * Who the request's Authorization header signs in as: `Bearer <token>`, Basic with a token as the
 * password (old clients that can only send Basic), or Basic with the password. A token never reaches
 * the password verifier (no scrypt, no wait); a wrong one is counted against the address. 401 otherwise.
 * With `memberOf`, a token's read (or a remembered password's) also brings that group back: one query
 * for a member route.
 */
export async function signedIn(
  services: CoopServices,
  authorization: string | undefined,
  address: string,
  memberOf?: number,
): Promise<SignIn> {
  if (authorization === undefined) throw unauthorized();
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const basic = bearer === null ? parseAuth(authorization) : null;
  const secret = bearer?.[1] ?? (basic !== null && looksLikeToken(basic.password) ? basic.password : null);
  if (secret !== null) {
    const found = await tokenSignIn(services.store, secret, services.now(), memberOf);
    if (found === null || (basic !== null && emailKey(basic.email) !== emailKey(found.user.email))) {
      await services.verifier.tokenFailed(address);
      throw unauthorized();
    }
    const via: SignedInWith = { kind: "token", tokenId: found.token.id };
    return found.group === undefined ? { user: found.user, via } : { user: found.user, via, group: found.group };
  }
  if (basic === null) throw unauthorized();
  const found = await services.verifier.signIn(basic.email, basic.password, address, memberOf);
  if (found === null) throw unauthorized();
  const via: SignedInWith = { kind: "password" };
  return found.group === undefined ? { user: found.user, via } : { user: found.user, via, group: found.group };
}

async function cobot(ctx: CoopContext): Promise<User> {
  const { store, now } = ctx.services;
  const existing = await store.users.byEmail(COBOT.email);
  if (existing !== null) return existing;
  return store.users.create(
    { firstName: COBOT.firstName, lastName: "", email: COBOT.email, passwordHash: null, avatarThumbUrl: COBOT.avatar },
    now(),
  );
}

function parseParams(route: CoopRoute, match: RegExpExecArray): Record<string, unknown> {
  const raw: Record<string, string> = {};
  route.names.forEach((name, index) => (raw[name] = match[index + 1] ?? ""));
  const parsed = route.params.safeParse(raw);
  if (!parsed.success) throw badRequest(parsed.error.issues.map((issue) => issue.message));
  return parsed.data as Record<string, unknown>;
}

/** Groups a user is not in are reported as missing, so ids don't leak. */
async function memberGroup(ctx: CoopContext, user: User, groupId: number): Promise<MemberGroup> {
  const group = await ctx.services.store.groups.ofMember(groupId, user.id);
  if (group === null) throw notFound("Group not found");
  return group;
}

function find(routes: readonly CoopRoute[], ctx: CoopContext): { route: CoopRoute; match: RegExpExecArray } {
  const method = ctx.method === "HEAD" ? "GET" : ctx.method;
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(ctx.path);
    if (match !== null) return { route, match };
  }
  // Rails answers an unknown verb on a known path the same way.
  throw new HttpError(404, `No route matches [${ctx.method}] "${ctx.path}"`);
}

/**
 * A bot may send its group key in the body (S7: `{"status": "…", "key": "…"}`): for that one case a
 * body is read before sign-in, but no more of it than a note can need (docs/coop-api.md §16.1).
 */
export const BOT_BODY_BYTES = 64 * 1024;

/** `ctx.params` holds the query only; `withBody` reads the body (at most `limit` bytes) and overlays it. */
export async function runRoute(
  routes: readonly CoopRoute[],
  ctx: CoopContext,
  withBody: (limit?: number) => Promise<Params>,
  /** Told the matched route's pattern (metrics label requests by it, never by the raw path). */
  matched?: (path: string) => void,
): Promise<Reply> {
  const { route, match } = find(routes, ctx);
  matched?.(route.path);
  let input: Params | null = null;
  const handle = async (
    params: Record<string, unknown>,
    granted: Partial<{ user: User; group: MemberGroup; via: SignedInWith }> = {},
  ): Promise<Reply> => {
    const full: CoopContext = { ...ctx, params: input ?? (await withBody()) };
    return route.handle({ ctx: full, services: ctx.services, input: full.params, params, ...granted });
  };
  if (route.guard === "public") return handle(parseParams(route, match));

  // A bot signs in with the group's API key instead of Basic, and is attributed to Cobot.
  const bot = route.groupKey && ctx.auth === null;
  let key = bot ? textParam(ctx.params, "key") : undefined;
  if (bot && key === undefined) {
    try {
      input = await withBody(BOT_BODY_BYTES);
    } catch (error) {
      // Larger than any bot's note: this is no bot, and no one signed in.
      if (error instanceof HttpError && error.status === 413) throw unauthorized();
      throw error;
    }
    key = textParam(input, "key");
  }
  if (typeof key === "string") {
    const params = parseParams(route, match);
    const { store } = ctx.services;
    const group = await store.groups.byId(params["group"] as number);
    if (group === null) throw notFound("Group not found");
    if (key !== group.apiToken) throw unauthorized("Invalid API key for this group");
    const granted = { ...group, feedVersion: await store.feedVersion(group.id) };
    return handle(params, { user: await cobot(ctx), group: granted, via: { kind: "group key" } });
  }

  const forGroup = route.guard === "member" || route.guard === "owner";
  // The group id straight from the path (digits, by the route's pattern) so that the sign-in's read can
  // bring the group too; the params are still parsed, and refused, only after sign-in.
  const named = forGroup ? Number(match[route.names.indexOf("group") + 1]) : Number.NaN;
  const pathGroup = Number.isInteger(named) && named <= MAX_ID ? named : undefined;
  const signIn = await signedIn(ctx.services, ctx.headers["authorization"], ctx.remoteAddress, pathGroup);
  const { user, via } = signIn;
  const params = parseParams(route, match);
  switch (route.guard) {
    case "user":
      return handle(params, { user, via });
    case "self":
      if (params["user"] !== user.id) throw notFound(route.refusal ?? "Not found");
      return handle(params, { user, via });
    case "member":
    case "owner": {
      const groupId = params["group"] as number;
      // The sign-in's read already answered for this group (null: not a member, reported as missing).
      const read = signIn.group !== undefined && groupId === pathGroup;
      const group = read ? signIn.group : await memberGroup(ctx, user, groupId);
      if (group === null || group === undefined) throw notFound("Group not found");
      if (route.guard === "owner" && group.ownerId !== user.id)
        throw badRequest(route.refusal ?? "Only the group owner can do that");
      return handle(params, { user, group, via });
    }
  }
}
