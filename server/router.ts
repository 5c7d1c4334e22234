/** A minimal method + RegExp router, shared by the Co-op routes and the sandbox's Harvest emulations. */
import type { ServerResponse } from "node:http";
import type { Params } from "./http/body";
import { HttpError } from "./http/errors";
import type { Doc } from "./render/nodes";

export interface BasicAuth {
  readonly email: string;
  readonly password: string;
}

export interface BaseContext {
  readonly method: string;
  /** The path inside the service (Harvest: without `/harvest/<subdomain>`), without a format suffix. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Query parameters overlaid with the body's. */
  readonly params: Params;
  readonly auth: BasicAuth | null;
  /** The service's base URL. */
  readonly baseUrl: string;
}

export interface Reply {
  readonly status: number;
  /** A document in the negotiated format; absent = empty body. */
  readonly doc?: Doc;
  readonly headers?: Readonly<Record<string, string>>;
  /** The data changed (the sandbox persists its Harvest emulation then). */
  readonly changed?: boolean;
  /** A finished HTML page (the invitation pages), sent as it is whatever the negotiated format. */
  readonly html?: string;
  /** The handler writes the body itself, after the status and headers (the event stream). */
  readonly stream?: Streamer;
  /** A body already rendered in the negotiated format, with its ETag (the feed cache's answers). */
  readonly rendered?: { readonly body: Buffer; readonly etag: string };
}

/** Writes a streamed body and resolves when it has ended (see events/middleware.ts). */
export type Streamer = (res: ServerResponse) => Promise<void>;

export interface Route<C extends BaseContext> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly pattern: RegExp;
  readonly handle: (ctx: C, match: readonly string[]) => Reply | Promise<Reply>;
}

export function dispatch<C extends BaseContext>(routes: readonly Route<C>[], ctx: C): Reply | Promise<Reply> {
  const method = ctx.method === "HEAD" ? "GET" : ctx.method;
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(ctx.path);
    if (match !== null)
      return route.handle(
        ctx,
        match.slice(1).map((part) => part ?? ""),
      );
  }
  // Rails answers an unknown verb on a known path the same way.
  throw new HttpError(404, `No route matches [${ctx.method}] "${ctx.path}"`);
}

/** A path id segment as a number (the patterns only let digits through). */
export const idOf = (segment: string | undefined): number => Number(segment ?? "NaN");
