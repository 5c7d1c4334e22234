/** The v2 route table's shape: like the v1 router's, plus PATCH, answering JSON. */
import { HttpError } from "../../server/index";
import type { V2Context } from "./rules";
import type { Json } from "./views";

export interface V2Reply {
  readonly status: number;
  /** null = an empty body. */
  readonly body: Json;
  readonly changed?: boolean;
}

export interface V2Route {
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  readonly pattern: RegExp;
  readonly handle: (ctx: V2Context, match: readonly string[]) => V2Reply;
}

export function dispatchV2(routes: readonly V2Route[], ctx: V2Context): V2Reply {
  const method = ctx.method === "HEAD" ? "GET" : ctx.method;
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(ctx.path);
    if (match === null) continue;
    pathMatched = true;
    if (route.method === method)
      return route.handle(
        ctx,
        match.slice(1).map((part) => part ?? ""),
      );
  }
  if (pathMatched) throw new HttpError(405, `${ctx.method} is not allowed on ${ctx.path}`);
  throw new HttpError(404, "Not found");
}
