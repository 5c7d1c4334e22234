/**
 * Harvest v1, each account under `/harvest/<subdomain>/`, as middleware on the Co-op server: a request
 * there never reaches Co-op. Each account has its own throttle (Harvest's 100 calls per 15 s).
 */
import {
  HttpError,
  dispatch,
  errorToOutgoing,
  negotiate,
  parseAuth,
  parseBodyParams,
  parseFormParams,
  readBody,
  replyToOutgoing,
  splitSuffix,
} from "../../server/index";
import type { Middleware, Outgoing, Params } from "../../server/index";
import type { HarvestContext } from "../harvest/routes";
import { harvestRoutes } from "../harvest/routes";
import type { World } from "../model/world";
import { SlidingWindowThrottle } from "../throttle";

export interface HarvestThrottleSettings {
  limit: number;
  windowMs: number;
  lockoutMs: number;
}

export interface HarvestV1 {
  readonly middleware: Middleware;
  readonly throttles: Map<string, SlidingWindowThrottle>;
}

export const HARVEST_V1_PATH = /^\/harvest\/([^/]+)(\/.*)?$/;

/**
 * Asking for the throttle's state is neither counted nor refused (Harvest's over-limit example reports
 * `count` 41 against `max_calls` 40: a throttled status call could never have said so); docs/harvest.md §7.2.
 */
const RATE_LIMIT_STATUS = /^\/account\/rate_limit_status\/?$/;

export function harvestV1(
  world: World,
  settings: HarvestThrottleSettings,
  now: () => number,
  /** After a write: the server's copy of the time entries follows at once. */
  changed: () => void,
): HarvestV1 {
  const throttles = new Map<string, SlidingWindowThrottle>();
  const throttleFor = (subdomain: string): SlidingWindowThrottle => {
    let throttle = throttles.get(subdomain);
    if (throttle === undefined) {
      throttle = new SlidingWindowThrottle(settings.limit, settings.windowMs, settings.lockoutMs);
      throttles.set(subdomain, throttle);
    }
    return throttle;
  };

  const middleware: Middleware = async (exchange, next) => {
    const match = HARVEST_V1_PATH.exec(exchange.url.pathname);
    if (match === null) return next();
    const { req, url, method } = exchange;
    const subdomain = decodeURIComponent(match[1] ?? "");
    const { path, suffix } = splitSuffix(match[2] ?? "");
    const format = negotiate(suffix, req.headers["accept"], req.headers["content-type"]);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      const failure = error instanceof HttpError ? error : new HttpError(400, "Could not read the request body");
      const out = errorToOutgoing(failure, format);
      out.headers["connection"] = "close";
      return out;
    }
    let out: Outgoing;
    try {
      const params: Params = {
        ...parseFormParams(url.searchParams),
        ...parseBodyParams(body, req.headers["content-type"]),
      };
      const account = world.account(subdomain);
      if (account === null) throw new HttpError(404, `There is no Harvest account "${subdomain}" here`);
      const throttle = throttleFor(account.subdomain);
      const uncounted = method === "GET" && RATE_LIMIT_STATUS.test(path);
      if (uncounted) throttle.noteAccess(now());
      const decision = uncounted ? ({ ok: true } as const) : throttle.take(now());
      if (!decision.ok) {
        throw new HttpError(503, `Rate limit exceeded: retry in ${decision.retryAfterSeconds} seconds`, {
          "retry-after": String(decision.retryAfterSeconds),
        });
      }
      const ctx: HarvestContext = {
        world,
        method,
        path,
        query: url.searchParams,
        params,
        auth: parseAuth(req.headers["authorization"]),
        baseUrl: `${exchange.baseUrl}/harvest/${account.subdomain}`,
        account,
        rateLimit: () => ({
          lastAccessAt: throttle.lastAccessAt(),
          count: throttle.count(now()),
          timeframeLimit: settings.windowMs / 1000,
          maxCalls: settings.limit,
          lockoutSeconds: settings.lockoutMs / 1000,
        }),
      };
      const reply = await dispatch(harvestRoutes, ctx);
      if (reply.changed === true) {
        world.save();
        changed();
      }
      out = replyToOutgoing(reply, format, "iso");
    } catch (error) {
      if (error instanceof HttpError) out = errorToOutgoing(error, format);
      else {
        console.error("sandbox: handler failed", error);
        out = errorToOutgoing(new HttpError(500, "Internal server error"), format);
      }
    }
    const isGet = method === "GET" || method === "HEAD";
    out.headers["cache-control"] = isGet ? "max-age=0, private, must-revalidate" : "no-cache";
    return out;
  };
  return { middleware, throttles };
}
