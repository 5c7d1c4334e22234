/**
 * Runs a request through the route table: the route, then its guard (sign-in first, before anything
 * else is looked at), its path parameters, and the group or user the guard names, then the handler.
 */
import { textParam } from "../http/body";
import { HttpError, badRequest, notFound } from "../http/errors";
import type { Reply } from "../router";
import type { Group, User } from "../store/records";
import type { CoopContext } from "./context";
import type { CoopRoute } from "./route";

export function unauthorized(message = "HTTP Basic: Access denied."): HttpError {
  return new HttpError(401, message, { "www-authenticate": 'Basic realm="Application"' });
}

/** Bot posts are attributed to this user, created on first use. */
export const COBOT = { email: "cobot@coopapp.com", firstName: "Cobot", avatar: "/images/cobot.png" } as const;

async function signedIn(ctx: CoopContext): Promise<User> {
  if (ctx.auth === null) throw unauthorized();
  const user = await ctx.services.verifier.verify(ctx.auth.email, ctx.auth.password, ctx.remoteAddress);
  if (user === null) throw unauthorized();
  return user;
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
async function memberGroup(ctx: CoopContext, user: User, groupId: number): Promise<Group> {
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

export async function runRoute(
  routes: readonly CoopRoute[],
  ctx: CoopContext,
  /** Told the matched route's pattern (metrics label requests by it, never by the raw path). */
  matched?: (path: string) => void,
): Promise<Reply> {
  const { route, match } = find(routes, ctx);
  matched?.(route.path);
  const base = { ctx, services: ctx.services, input: ctx.params };
  if (route.guard === "public") return route.handle({ ...base, params: parseParams(route, match) });

  const key = route.groupKey && ctx.auth === null ? textParam(ctx.params, "key") : undefined;
  if (typeof key === "string") {
    // A bot posting with the group's API key instead of Basic; attributed to Cobot.
    const params = parseParams(route, match);
    const group = await ctx.services.store.groups.byId(params["group"] as number);
    if (group === null) throw notFound("Group not found");
    if (key !== group.apiToken) throw unauthorized("Invalid API key for this group");
    return route.handle({ ...base, params, user: await cobot(ctx), group });
  }

  const user = await signedIn(ctx);
  const params = parseParams(route, match);
  switch (route.guard) {
    case "user":
      return route.handle({ ...base, params, user });
    case "self":
      if (params["user"] !== user.id) throw notFound(route.refusal ?? "Not found");
      return route.handle({ ...base, params, user });
    case "member":
    case "owner": {
      const group = await memberGroup(ctx, user, params["group"] as number);
      if (route.guard === "owner" && group.ownerId !== user.id)
        throw badRequest(route.refusal ?? "Only the group owner can do that");
      return route.handle({ ...base, params, user, group });
    }
  }
}
