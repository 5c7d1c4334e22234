// Sections (§) are docs/harvest.md's.
/**
 * Harvest v2 and Harvest ID on the sandbox: `<sandbox>/harvest-api/v2/…` stands for
 * `https://api.harvestapp.com/v2/…` and `<sandbox>/harvest-id/…` for `https://id.getharvest.com/…`.
 *
 * Per request, in the order Harvest's docs imply: a User-Agent (400 without), then the token (Bearer
 * header or `access_token`) and, on the API, the account (`Harvest-Account-Id` or `account_id`; 401
 * without either), then the limit per token and account (429 + Retry-After), then the route. Faults
 * armed on the sandbox apply here too, and every call lands in the sandbox's request log.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DELIVERY_FAULTS, DEFAULT_FAULT_LATENCY_MS, faultReply } from "../faults";
import type { FaultBook } from "../faults";
import { HttpError, parseBodyParams, parseFormParams, readBody } from "../../server/index";
import type { HarvestAccount, HarvestUser } from "../model/state";
import type { World } from "../model/world";
import type { RequestLogEntry } from "../types";
import { dispatchV2 } from "./route";
import type { V2Reply } from "./route";
import { accountRoutes } from "./routes-account";
import { clientRoutes } from "./routes-clients";
import { timeRoutes } from "./routes-time";
import type { V2Context } from "./rules";
import { V2_IDENTITIES, attachHarvestV2 } from "./seed";
import type { V2Identity } from "./seed";
import type { HarvestV2Account } from "./state";
import { SlidingWindowThrottle } from "../throttle";
import type { Json } from "./views";

export const V2_API_PREFIX = "/harvest-api/v2";
export const V2_ID_PREFIX = "/harvest-id";

const ROUTES = [...accountRoutes, ...clientRoutes, ...timeRoutes];

export interface HarvestV2Options {
  readonly world: World;
  readonly faults: FaultBook;
  readonly log: RequestLogEntry[];
  readonly now: () => number;
  readonly latencyMs: () => number;
  readonly baseUrl: () => string;
  readonly wait: (ms: number) => Promise<void>;
  /** Requests per window per token and account (default 100 per 15 s, §5.1, §7.3). */
  readonly limit?: number;
  readonly windowSeconds?: number;
}

export interface HarvestV2Control {
  /** Shrinks (or restores) the limit for every token and account; counters restart. */
  setThrottle(limit: number, windowSeconds: number): void;
  /** Calls served in the current window for a token on an account. */
  throttleCount(token: string, accountId: number): number;
  /** Account id → its v1 subdomain, for tests that check both views. */
  accountIds(): Readonly<Record<number, string>>;
  /** Turns an account's timestamp timers on or off (what `PATCH /v2/company` does, for tests). */
  setTimestampTimers(accountId: number, on: boolean): void;
  /** Gives a user of an account these access roles (e.g. a manager with `client_and_task_manager`). */
  setAccessRoles(accountId: number, userId: number, roles: readonly string[]): void;
  /** Forgets the throttle counters (the sandbox's reset calls it). */
  reset(): void;
}

export interface HarvestV2Server {
  owns(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  readonly control: HarvestV2Control;
}

const bearer = (header: string | undefined): string | null => {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? "";
};

/** Rails routes `/clients/` as `/clients`; clients that build paths by joining segments send both. */
const withoutTrailingSlash = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, "") : path);

const INVALID_TOKEN = "The access token provided is expired, revoked, malformed or invalid for other reasons.";

function errorJson(error: HttpError): Json {
  // 401 has the OAuth shape the harvesting gem quotes; everything else `{"message": …}` (§3.5, §7.3).
  if (error.status === 401) return { error: "invalid_token", error_description: error.message };
  return { message: error.message };
}

const HINT_MAX_CHARACTERS = 500;

/**
 * A refusal's `Hint` header: Harvest explains a refusal there as well as in the body (§4.3, §7.3), and clients
 * written for v1 show it. A header is one line, so line breaks and control characters (a message may echo
 * the request) become spaces; the text goes as its UTF-8 bytes, as a Rails server sends it.
 */
function hintOf(message: string): string {
  const line = Array.from(message.replace(/[\s\p{Cc}]+/gu, " ").trim())
    .slice(0, HINT_MAX_CHARACTERS)
    .join("");
  return Buffer.from(line, "utf8").toString("latin1");
}

export function createHarvestV2Server(options: HarvestV2Options): HarvestV2Server {
  const throttles = new Map<string, SlidingWindowThrottle>();
  // Both views agree from the first request on: v1 sees the accounts and projects v2 adds.
  if (attachHarvestV2(options.world.state)) options.world.save();
  let limit = options.limit ?? 100;
  let windowMs = (options.windowSeconds ?? 15) * 1000;

  const throttleFor = (key: string): SlidingWindowThrottle => {
    let throttle = throttles.get(key);
    if (throttle === undefined) {
      throttle = new SlidingWindowThrottle(limit, windowMs, null);
      throttles.set(key, throttle);
    }
    return throttle;
  };

  const accounts = (): { account: HarvestAccount; v2: HarvestV2Account }[] => {
    if (attachHarvestV2(options.world.state)) options.world.save();
    return options.world.state.harvest.flatMap((account) =>
      account.v2 === undefined ? [] : [{ account, v2: account.v2 }],
    );
  };

  const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
  const reachable = (identity: V2Identity): { account: HarvestAccount; v2: HarvestV2Account; user: HarvestUser }[] =>
    accounts().flatMap(({ account, v2 }) => {
      const user = account.users.find((u) => sameEmail(u.email, identity.email));
      return user === undefined ? [] : [{ account, v2, user }];
    });

  function identityOf(req: IncomingMessage, url: URL): { identity: V2Identity; token: string } {
    const token = bearer(req.headers["authorization"]) ?? url.searchParams.get("access_token");
    if (token === null || token === "")
      throw new HttpError(401, "No access token was given: send Authorization: Bearer <token>");
    const identity = V2_IDENTITIES.find((i) => i.token === token);
    if (identity === undefined) throw new HttpError(401, INVALID_TOKEN);
    return { identity, token };
  }

  function idService(path: string, method: string, identity: V2Identity): V2Reply {
    if (path !== "/api/v2/accounts") throw new HttpError(404, "Not found");
    if (method !== "GET" && method !== "HEAD") throw new HttpError(405, `${method} is not allowed on ${path}`);
    const harvest = reachable(identity).map(({ account, v2 }) => ({
      id: v2.accountId,
      name: account.companyName,
      product: "harvest",
    }));
    const forecast = identity.forecast.map((f) => ({ id: f.id, name: f.name, product: "forecast" }));
    return {
      status: 200,
      body: {
        user: { id: identity.id, first_name: identity.firstName, last_name: identity.lastName, email: identity.email },
        accounts: [...harvest, ...forecast],
      },
    };
  }

  function api(
    req: IncomingMessage,
    url: URL,
    method: string,
    path: string,
    body: Buffer,
    entry: RequestLogEntry,
  ): V2Reply {
    const { identity, token } = identityOf(req, url);
    entry.user = identity.email;
    const header = req.headers["harvest-account-id"];
    const rawAccount = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("account_id");
    if (rawAccount === null || rawAccount === undefined || rawAccount.trim() === "")
      throw new HttpError(401, "No account was given: send the Harvest-Account-Id header");
    entry.account = rawAccount.trim();
    const target = reachable(identity).find(({ v2 }) => String(v2.accountId) === rawAccount.trim());
    // Harvest does not document this case; a token that cannot reach the account is refused like a bad one (§7.3).
    if (target === undefined)
      throw new HttpError(401, `This token has no access to Harvest account ${rawAccount.trim()}`);
    const decision = throttleFor(`${token}|${target.v2.accountId}`).take(options.now());
    if (!decision.ok)
      throw new HttpError(429, `Rate limit exceeded: retry in ${decision.retryAfterSeconds} seconds`, {
        "retry-after": String(decision.retryAfterSeconds),
      });
    const ctx: V2Context = {
      world: options.world,
      account: target.account,
      v2: target.v2,
      user: target.user,
      method,
      path,
      query: url.searchParams,
      params: { ...parseFormParams(url.searchParams), ...parseBodyParams(body, req.headers["content-type"]) },
      apiBase: `${options.baseUrl()}${V2_API_PREFIX}`,
      now: options.now(),
    };
    try {
      return dispatchV2(ROUTES, ctx);
    } catch (error) {
      // Shared parameter readers say 400; v2 answers validation failures with 422 (§3.5).
      if (error instanceof HttpError && error.status === 400) throw new HttpError(422, error.messages.join("; "));
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const rawPath = url.pathname;
    const entry: RequestLogEntry = {
      method,
      path: rawPath,
      query: url.search.replace(/^\?/, ""),
      time: options.now(),
      status: 0,
      service: "harvestV2",
      account: null,
      user: null,
    };
    const send = async (
      status: number,
      headers: Record<string, string>,
      payload: Buffer,
      fault: string | null = null,
    ): Promise<void> => {
      entry.status = status;
      options.log.push(entry);
      await options.wait(options.latencyMs() + (fault === "latency" ? extraLatency : 0));
      if (res.destroyed) return;
      const out: Record<string, string> = {
        ...headers,
        server: "nginx",
        "cache-control": method === "GET" ? "max-age=0, private, must-revalidate" : "no-cache",
      };
      if (fault === "contentType") out["content-type"] = "text/plain; charset=utf-8";
      const bytes = fault === "truncated" ? payload.subarray(0, Math.floor(payload.length / 2)) : payload;
      out["content-length"] = String(bytes.length);
      res.writeHead(status, out);
      if (fault === "reset") {
        res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => res.socket?.destroy());
        return;
      }
      res.end(bytes);
    };
    const json = (value: Json): Buffer => Buffer.from(value === null ? "" : JSON.stringify(value), "utf8");
    const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };
    let extraLatency = 0;

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      const failure = error instanceof HttpError ? error : new HttpError(400, "Could not read the request body");
      await send(failure.status, { ...JSON_TYPE, connection: "close" }, json(errorJson(failure)));
      return;
    }

    const fault = options.faults.take(method, rawPath);
    if (fault !== null && fault.kind === "latency") extraLatency = fault.latencyMs ?? DEFAULT_FAULT_LATENCY_MS;
    if (fault !== null && fault.kind !== "latency" && !DELIVERY_FAULTS.has(fault.kind)) {
      const replacement = faultReply(fault, "json");
      entry.status = replacement.status;
      options.log.push(entry);
      await options.wait(options.latencyMs());
      if (res.destroyed) return;
      res.writeHead(replacement.status, replacement.headers);
      if (typeof replacement.body === "string") res.end(replacement.body);
      else await replacement.body.stream(res);
      return;
    }

    let reply: { status: number; headers: Record<string, string>; body: Json };
    try {
      const agent = req.headers["user-agent"];
      // "If you don't include a User-Agent header, you'll get a 400 Bad Request response." (Harvest's docs; §3.1)
      if (agent === undefined || agent.trim() === "")
        throw new HttpError(
          400,
          "A User-Agent header with your application's name and a contact link or email is required",
        );
      let answer: V2Reply;
      if (rawPath.startsWith(`${V2_ID_PREFIX}/`)) {
        const { identity } = identityOf(req, url);
        entry.user = identity.email;
        answer = idService(withoutTrailingSlash(rawPath.slice(V2_ID_PREFIX.length)), method, identity);
      } else {
        const path = withoutTrailingSlash(rawPath.slice(V2_API_PREFIX.length));
        if (fault !== null && DELIVERY_FAULTS.has(fault.kind) && method !== "GET" && method !== "HEAD") {
          // A mangled answer to a write must not have written anything.
          answer = { status: 200, body: { ok: true } };
        } else {
          answer = api(req, url, method, path === "" ? "/" : path, body, entry);
        }
      }
      if (answer.changed === true) options.world.save();
      reply = { status: answer.status, headers: { ...JSON_TYPE }, body: answer.body };
    } catch (error) {
      const failure = error instanceof HttpError ? error : new HttpError(500, "There was a server error.");
      if (!(error instanceof HttpError)) console.error("sandbox: harvest v2 handler failed", error);
      const hint: Record<string, string> = failure.status === 422 ? { hint: hintOf(failure.message) } : {};
      reply = {
        status: failure.status,
        headers: { ...JSON_TYPE, ...hint, ...failure.headers },
        body: errorJson(failure),
      };
    }
    await send(reply.status, reply.headers, json(reply.body), fault?.kind ?? null);
  }

  return {
    owns: (path) =>
      path === V2_API_PREFIX || path.startsWith(`${V2_API_PREFIX}/`) || path.startsWith(`${V2_ID_PREFIX}/`),
    handle,
    control: {
      setThrottle(nextLimit, windowSeconds) {
        if (!(nextLimit > 0) || !(windowSeconds > 0)) throw new Error("the v2 limit and window must be positive");
        limit = nextLimit;
        windowMs = windowSeconds * 1000;
        throttles.clear();
      },
      throttleCount: (token, accountId) => throttles.get(`${token}|${accountId}`)?.count(options.now()) ?? 0,
      accountIds: () => Object.fromEntries(accounts().map(({ account, v2 }) => [v2.accountId, account.subdomain])),
      setTimestampTimers(accountId, on) {
        const found = accounts().find(({ v2 }) => v2.accountId === accountId);
        if (found === undefined) throw new Error(`no Harvest v2 account ${accountId}`);
        found.v2.wantsTimestampTimers = on;
        options.world.save();
      },
      setAccessRoles(accountId, userId, roles) {
        const found = accounts().find(({ v2 }) => v2.accountId === accountId);
        if (found === undefined) throw new Error(`no Harvest v2 account ${accountId}`);
        found.v2.accessRoles[String(userId)] = [...roles];
        options.world.save();
      },
      reset: () => {
        throttles.clear();
        if (attachHarvestV2(options.world.state)) options.world.save();
      },
    },
  };
}
