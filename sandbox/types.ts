/** The sandbox server's public types: what tests, the demo and benchmarks code against. */
import type { HarvestV2Control } from "./harvest-v2/handler";

export interface SandboxOptions {
  /** Serve the live event stream `GET /events` (default true); false answers 404 there, so clients poll. */
  eventStream?: boolean;
  /** 0 = any free port; the server binds 127.0.0.1 only. */
  port?: number;
  /** Calls per window per Harvest account (default 100). */
  harvestLimit?: number;
  /** Window length in seconds (default 15); fractions allowed so tests can compress time. */
  harvestWindowSeconds?: number;
  /** Penalty once over the limit; default = the window length rounded up. */
  harvestLockoutSeconds?: number;
  /** Co-op documents no throttle, so it is off unless asked for. */
  coopThrottle?: { limit: number; windowSeconds: number } | null;
  /** Co-op JSON date style: "iso" (2012 captures, default) or "slash" (2008 docs: `2008/11/19 17:13:12 +0000`). */
  jsonDates?: "iso" | "slash";
  /** Added to every response, after the request was handled. */
  latencyMs?: number;
  /** Optional persistence (JSON): loaded when present, saved after each change. */
  dataFile?: string | null;
  /** The clock (epoch ms), default Date.now. */
  now?: () => number;
  /**
   * Move the seed's statuses and time entries forward by whole days so the newest is within the
   * last day (the demo and the preview); default false: the original Co-op docs' 2008 dates, which tests assert.
   */
  recentSeed?: boolean;
  /** Harvest v2: requests per window per token and account (default 100), and the window in seconds (default 15). */
  harvestV2Limit?: number;
  harvestV2WindowSeconds?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  time: number;
  status: number;
  service: "coop" | "harvest" | "harvestV2";
  /** The Harvest subdomain (v2: the account id), or null for Co-op and Harvest ID. */
  account: string | null;
  /** The Basic-auth login (email) the call carried, or null. */
  user: string | null;
}

export type FaultKind =
  | "latency"
  | "reset"
  | "status500"
  | "status502"
  | "status503"
  | "malformed"
  | "truncated"
  | "html"
  | "contentType"
  | "entityExpansion"
  | "huge"
  | "deepNesting"
  | "drip";

export interface FaultSpec {
  kind: FaultKind;
  /** A path prefix, or a RegExp tested on the path; absent = every path. */
  route?: string | RegExp;
  /** Only calls with this method (any case); absent = every method. */
  method?: string;
  /** How many matching calls (default 1; Infinity = until cleared). */
  times?: number;
  /** For "latency": the delay (default 1000 ms). */
  latencyMs?: number;
  /** For "huge": the body size (default 50 MB). */
  hugeBytes?: number;
  /** For "status503": Retry-After value (default 1), null = header omitted. */
  retryAfterSeconds?: number | null;
  /** For "drip": ms between the body's bytes (default 1000). */
  dripIntervalMs?: number;
}

export interface StatusView {
  type: "Note" | "DayEntry";
  id: number;
  text: string;
  userId: number;
  /** ISO 8601 UTC. */
  createdAt: string;
}

export interface GroupView {
  id: number;
  name: string;
  timezone: string;
  ownerId: number;
  memberIds: number[];
}

export interface ClientView {
  id: number;
  name: string;
  active: boolean;
}

export interface SandboxControl {
  /** The request log, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  clearLog(): void;
  /** Faults apply before normal handling, first matching spec first. */
  fault(spec: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setJsonDates(style: "iso" | "slash"): void;
  setHarvestThrottle(limit: number, windowSeconds: number, lockoutSeconds?: number): void;
  /** Stop accepting connections (existing ones are destroyed) so clients see "connection refused"; the URL stays reserved. */
  goOffline(): Promise<void>;
  /** Listen again on the same port. */
  goOnline(): Promise<void>;
  /** Back to the seed data; log, faults and throttle counters cleared. */
  reset(): void;
  /** A group's feed as a client would see it (Notes and linked DayEntries), newest first; [] for an unknown group. */
  statuses(groupId: number): readonly StatusView[];
  groups(): readonly GroupView[];
  clients(subdomain: string): readonly ClientView[];
  throttleState(subdomain: string): { count: number; lockedUntil: number | null };
  /** Points a seed user's avatar somewhere (the seed's own host, the original Co-op's, is never asked). */
  setAvatar(userId: number, url: string): Promise<void>;
  /** Harvest v2 knobs: its throttle, timer mode and roles (see harvest-v2/handler.ts). */
  readonly harvestV2: HarvestV2Control;
}

export interface Sandbox {
  url: string;
  port: number;
  /** `${url}/harvest/{subdomain}` */
  harvestUrlTemplate: string;
  /** Harvest v2's base, standing for `https://api.harvestapp.com/v2`: `${url}/harvest-api/v2`. */
  harvestV2ApiUrl: string;
  /** Harvest ID, standing for `https://id.getharvest.com`: `${url}/harvest-id`. */
  harvestIdUrl: string;
  control: SandboxControl;
  close(): Promise<void>;
}
