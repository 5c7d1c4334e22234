/**
 * One Co-op request, from what arrived to what goes back: path and format as Rails read them
 * (`.xml`/`.json` suffix, a trailing slash, Accept, Content-Type), the route and its sign-in, then
 * params from the query and the body (XML, JSON or form: read only for a caller the guard let in), and the answer rendered in the negotiated format. Errors are
 * always answered in that format: 4xx for bad input, 503 + Retry-After while the database is away,
 * and a logged 500 for anything else. The server and the sandbox both serve Co-op through this.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Params } from "../http/body";
import { parseBodyParams, parseFormParams } from "../http/body";
import { HttpError } from "../http/errors";
import type { Outgoing } from "../http/exchange";
import { errorToOutgoing, finish, parseAuth, replyToOutgoing } from "../http/exchange";
import { negotiate, splitSuffix } from "../http/negotiate";
import type { JsonDates } from "../render/json-writer";
import { databaseUnavailable } from "../store/unavailable";
import type { CoopContext, CoopServices } from "./context";
import { runRoute } from "./pipeline";
import type { CoopRoute } from "./route";
import { coopRoutes } from "./routes/index";

export interface CoopIncoming {
  readonly method: string;
  /** The raw path, percent-encoded as it arrived. */
  readonly pathname: string;
  readonly search: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The body, read only once the route is known and its caller signed in (docs/coop-api.md §16.1). */
  readonly body: (limit?: number) => Promise<Buffer>;
  readonly remoteAddress: string;
  /** The base URL clients reach this server at. */
  readonly baseUrl: string;
  /** Set when Basic credentials must be refused on this connection (plain HTTP off loopback). */
  readonly refuseBasic?: string | null;
}

export interface CoopApp {
  handle(incoming: CoopIncoming): Promise<Outgoing>;
}

export const RETRY_AFTER_SECONDS = 5;

export function createCoop(
  services: CoopServices,
  jsonDates: () => JsonDates,
  routes: readonly CoopRoute[] = coopRoutes,
): CoopApp {
  return {
    async handle(incoming) {
      const started = performance.now();
      const method = incoming.method.toUpperCase();
      let decoded: string;
      try {
        decoded = decodeURIComponent(incoming.pathname);
      } catch {
        decoded = incoming.pathname;
      }
      const trimmed = decoded.length > 1 ? decoded.replace(/\/+$/, "") : decoded;
      const { path, suffix } = splitSuffix(trimmed === "" ? "/" : trimmed);
      const format = negotiate(suffix, incoming.headers["accept"], incoming.headers["content-type"]);
      let out: Outgoing;
      let route = "unmatched";
      try {
        if (incoming.refuseBasic && incoming.headers["authorization"] !== undefined)
          throw new HttpError(403, incoming.refuseBasic);
        if (/[\0\r\n]/.test(decoded)) throw new HttpError(400, "Malformed path");
        const dates = jsonDates();
        const ctx: CoopContext = {
          method,
          path,
          query: incoming.search,
          // The query only: the body joins it in the pipeline, after sign-in.
          params: parseFormParams(incoming.search),
          auth: parseAuth(incoming.headers["authorization"]),
          baseUrl: incoming.baseUrl,
          services,
          remoteAddress: incoming.remoteAddress,
          headers: incoming.headers,
          format,
          jsonDates: dates,
        };
        const withBody = async (limit?: number): Promise<Params> => ({
          ...ctx.params,
          ...parseBodyParams(await incoming.body(limit), incoming.headers["content-type"]),
        });
        const reply = await runRoute(routes, ctx, withBody, (path) => (route = path));
        out = replyToOutgoing(reply, format, dates);
      } catch (error) {
        if (error instanceof HttpError) {
          out = errorToOutgoing(error, format);
        } else if (databaseUnavailable(error)) {
          services.log.log("warn", "database unavailable", { error });
          out = errorToOutgoing(
            new HttpError(503, "The database is unavailable; try again shortly", {
              "retry-after": String(RETRY_AFTER_SECONDS),
            }),
            format,
          );
        } else {
          services.log.log("error", "handler failed", { method, path, error });
          out = errorToOutgoing(new HttpError(500, "Internal server error"), format);
        }
      }
      return { ...finish(out, method, incoming.headers["if-none-match"], started), route };
    },
  };
}
