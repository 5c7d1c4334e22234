/** A minimal method + RegExp router shared by the Co-op and Harvest route tables. */
import type { Params } from "./http/body";
import { HttpError } from "./http/errors";
import type { World } from "./model/world";
import type { Doc } from "./render/nodes";

export interface BasicAuth {
  readonly email: string;
  readonly password: string;
}

export interface RequestContext {
  readonly world: World;
  readonly method: string;
  /** The path inside the service (Harvest: without `/harvest/<subdomain>`), without a format suffix. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Query parameters overlaid with the body's. */
  readonly params: Params;
  readonly auth: BasicAuth | null;
  /** The service's base URL (Harvest: `<sandbox>/harvest/<subdomain>`). */
  readonly baseUrl: string;
}

export interface Reply {
  readonly status: number;
  /** A document in the negotiated format; absent = empty body. */
  readonly doc?: Doc;
  readonly headers?: Readonly<Record<string, string>>;
  /** The world changed: persist it. */
  readonly changed?: boolean;
}

export interface Route<C extends RequestContext> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly pattern: RegExp;
  readonly handle: (ctx: C, match: readonly string[]) => Reply;
}

export function dispatch<C extends RequestContext>(routes: readonly Route<C>[], ctx: C): Reply {
  const method = ctx.method === "HEAD" ? "GET" : ctx.method;
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(ctx.path);
    if (match !== null) return route.handle(ctx, match.slice(1).map((part) => part ?? ""));
  }
  throw new HttpError(404, `No route matches [${ctx.method}] "${ctx.path}"`);
}

/** A path id segment as a number (the patterns only let digits through). */
export const idOf = (segment: string | undefined): number => Number(segment ?? "NaN");
