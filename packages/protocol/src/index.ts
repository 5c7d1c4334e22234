/**
 * The protocol package's entry point: `createApiFactory` builds Co-op and Harvest clients that share one
 * pooled transport (a keep-alive pool per origin) and one throttle governor per account.
 */
import type { HarvestLogin, WireFormat } from "./models";
import type { ApiError } from "./errors";
import { DEFAULT_RETRY, type Endpoint, type RetryPolicy } from "./exchange";
import { coopStatusError, type StatusContext } from "./http-errors";
import { createCoopClient } from "./coop-client";
import { systemClock, type Clock } from "./clock";
import { Governor, type GovernorLimits } from "./governor";
import { createHarvestClient } from "./harvest-client";
import { createHarvestIdClient } from "./harvest-id-client";
import { createHarvestV2Client } from "./harvest-v2-client";
import { v2StatusError } from "./harvest-v2-errors";
import { Transport, type TransportOptions } from "./transport";
import type { UserAgent } from "./user-agent";
import {
  DEFAULT_HARVEST_API_URL,
  DEFAULT_HARVEST_ID_URL,
  DEFAULT_HARVEST_URL_TEMPLATE,
  httpUrlProblem,
  normalizeSubdomain,
} from "./rules";
import type { ApiFactory, ApiFactoryOptions, CoopClient, CoopCredentials, GovernorState, HarvestClient } from "./types";
import type { HarvestIdClient, HarvestV2Client } from "./types";

export type * from "./types";
export type { UserAgent } from "./user-agent";
export { decodeStatuses } from "./codec";
export { validId } from "./arguments";

/** Harvest's documented limit, used until `rate_limit_status` tells the account's own. */
const DEFAULT_HARVEST_LIMITS: GovernorLimits = { maxCalls: 100, windowMs: 15_000 };

/** Options beyond the shared interface: used by tests, the benchmark and the CLI. */
export interface ApiFactoryInternals {
  readonly transport?: TransportOptions;
  readonly retry?: Partial<RetryPolicy>;
  /** Full clock (time and timers); overrides `now`. */
  readonly clock?: Clock;
  /** Limits a Harvest account starts with before learning its own. */
  readonly harvestLimits?: GovernorLimits;
  /** Limits of a Harvest v2 account (default 100 per 15 s; v2 has no endpoint to read them from). */
  readonly harvestV2Limits?: GovernorLimits;
  /** Read each account's limits from `rate_limit_status` before its first call (default true). */
  readonly learnHarvestLimits?: boolean;
}

function basicAuth(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`, "utf8").toString("base64")}`;
}

/** A 401 on a token means it was revoked (signed out elsewhere, a password change): sign in again. */
function tokenStatusError(context: StatusContext): ApiError | null {
  const error = coopStatusError(context);
  return error?.kind === "auth"
    ? { kind: "auth", message: `${context.server} no longer accepts this computer's sign-in. Sign in again.` }
    : error;
}

/** An http(s) URL without credentials, or a reason it is not one. */
function parseBase(text: string): URL | string {
  const problem = httpUrlProblem(text.trim());
  if (problem !== null) return `The server address is unusable: ${problem}`;
  const url = new URL(text.trim());
  url.search = "";
  url.hash = "";
  return url;
}

/** Who is calling: the app and the server each introduce themselves; the protocol has no name of its own. */
export interface ApiCaller {
  readonly userAgent: UserAgent;
}

export function createApiFactory(options: ApiCaller & ApiFactoryOptions & ApiFactoryInternals): ApiFactory {
  const clock: Clock =
    options.clock ?? (options.now ? { now: options.now, schedule: systemClock.schedule } : systemClock);
  const transport = new Transport(options.transport);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const template = options.harvestUrlTemplate ?? DEFAULT_HARVEST_URL_TEMPLATE;
  const governors = new Map<string, { governor: Governor; service: "coop" | "harvest" }>();
  const listeners = new Set<(state: GovernorState & { readonly service: "coop" | "harvest" }) => void>();

  function governorFor(key: string, service: "coop" | "harvest", limits: GovernorLimits, final = false): Governor {
    let entry = governors.get(key);
    if (entry === undefined) {
      const governor = new Governor(key, limits, clock);
      governor.onState((state) => {
        for (const listener of listeners) listener({ ...state, service });
      });
      // Without learning, the configured limits are final.
      if (final || service === "coop" || options.learnHarvestLimits === false) governor.learned = true;
      entry = { governor, service };
      governors.set(key, entry);
    }
    return entry.governor;
  }

  /** An endpoint whose base URL is unusable: every call fails with the reason, nothing is sent. */
  function endpoint(
    base: URL | string,
    email: string,
    secret: { readonly password: string } | { readonly token: string },
    format: WireFormat,
    governor: Governor,
    server: string,
  ): Endpoint {
    const url = typeof base === "string" ? new URL("http://invalid.invalid/") : base;
    const authorization = "token" in secret ? `Bearer ${secret.token}` : basicAuth(email, secret.password);
    const password = "token" in secret ? secret.token : secret.password;
    return {
      base: url,
      authorization,
      format,
      governor,
      transport,
      clock,
      server,
      retry,
      userAgent: options.userAgent.coop,
      secrets: [password, authorization.slice(authorization.indexOf(" ") + 1)],
      problem: typeof base === "string" ? base : null,
      ...("token" in secret ? { statusError: tokenStatusError } : {}),
    };
  }

  /** A Bearer-token endpoint (Harvest v2 and Harvest ID): JSON, v2's status mapping, the token masked in messages. */
  function bearerEndpoint(
    base: URL | string,
    token: string,
    governor: Governor,
    server: string,
    problem: string | null,
  ): Endpoint {
    const url = typeof base === "string" ? new URL("http://invalid.invalid/") : base;
    const reason = problem ?? (typeof base === "string" ? base : null);
    return {
      base: url,
      authorization: `Bearer ${token}`,
      format: "json",
      governor,
      transport,
      clock,
      server,
      retry,
      userAgent: options.userAgent.harvest,
      secrets: [token],
      problem: reason,
      statusError: v2StatusError,
    };
  }

  const tokenProblem = (token: string): string | null => {
    if (token.trim() === "") return "Paste a Harvest personal access token first.";
    const odd = [...token.trim()].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f);
    return odd ? "The access token holds spaces or control characters; paste it again." : null;
  };

  const coopLimits: GovernorLimits = options.coopThrottle
    ? { maxCalls: options.coopThrottle.maxCalls, windowMs: options.coopThrottle.windowMs }
    : { maxCalls: Infinity, windowMs: 1000 };

  return {
    coop(credentials: CoopCredentials, format: WireFormat): CoopClient {
      const base = parseBase(credentials.serverUrl);
      const origin = typeof base === "string" ? "invalid" : base.origin;
      const governor = governorFor(`coop@${origin}`, "coop", coopLimits);
      const server = typeof base === "string" ? "The Co-op server" : `The Co-op server at ${origin}`;
      return createCoopClient(
        endpoint(base, credentials.email, credentials, format, governor, server),
        credentials.email,
      );
    },

    harvest(login: HarvestLogin, format: WireFormat): HarvestClient {
      const valid = normalizeSubdomain(login.subdomain);
      const subdomain = valid ?? login.subdomain.trim().toLowerCase();
      const base: URL | string =
        valid !== null
          ? parseBase(template.replaceAll("{subdomain}", valid))
          : "The Harvest subdomain may hold only letters, digits and dashes, and neither starts nor ends with a dash.";
      const origin = typeof base === "string" ? "invalid" : base.origin;
      const governor = governorFor(
        `${subdomain}@${origin}`,
        "harvest",
        options.harvestLimits ?? DEFAULT_HARVEST_LIMITS,
      );
      return createHarvestClient(
        endpoint(base, login.email, login, format, governor, `Harvest account ${subdomain}`),
        subdomain,
      );
    },

    harvestV2(auth): HarvestV2Client {
      const base = parseBase(options.harvestApiUrl ?? DEFAULT_HARVEST_API_URL);
      const origin = typeof base === "string" ? "invalid" : `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
      const accountId = auth.accountId;
      const validAccount = Number.isSafeInteger(accountId) && accountId > 0;
      const key = `v2:${validAccount ? accountId : "invalid"}@${origin}`;
      const governor = governorFor(key, "harvest", options.harvestV2Limits ?? DEFAULT_HARVEST_LIMITS, true);
      const problem = tokenProblem(auth.token) ?? (validAccount ? null : "Choose a Harvest account first.");
      const server = `Harvest account ${validAccount ? accountId : "?"}`;
      return createHarvestV2Client(bearerEndpoint(base, auth.token.trim(), governor, server, problem), accountId);
    },

    harvestId(token): HarvestIdClient {
      const base = parseBase(options.harvestIdUrl ?? DEFAULT_HARVEST_ID_URL);
      const origin = typeof base === "string" ? "invalid" : base.origin;
      // Harvest ID documents no limit; its calls are rare (connecting), so they pace nothing.
      const governor = governorFor(`id@${origin}`, "harvest", { maxCalls: Infinity, windowMs: 1000 }, true);
      return createHarvestIdClient(bearerEndpoint(base, token.trim(), governor, "Harvest ID", tokenProblem(token)));
    },

    onGovernorState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      for (const { governor } of governors.values()) governor.dispose();
      await transport.close();
    },
  };
}

// The pieces beside the factory that callers (the app's services, the CLI, the server, tests) use.
export { backgroundClock, systemClock, type Clock } from "./clock";
export { setLongTimeout, MAX_TIMER_MS, type LongTimeout } from "./long-timer";
export { Governor, MAX_LOCKOUT_MS, type GovernorLimits, type Ticket } from "./governor";
export { Transport, type TransportOptions } from "./transport";
export { retryAfterSeconds, statusError } from "./http-errors";
export * from "./dates";
