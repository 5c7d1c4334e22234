/**
 * HTTP over undici: one keep-alive pool per origin, connect/header/body timeouts, a deadline for
 * the whole request, and a response size cap enforced while the body streams in (a 50 MB answer
 * is cut off at the cap, never buffered). Every failure comes back as an `ApiError` value; no
 * undici error reaches a caller.
 *
 * The deadline (default 60 s) covers connect + headers + the whole body. undici's body timeout is
 * per chunk, so without it a server dripping one byte every 29 s held a call open until the size
 * cap (193 bytes at 1 byte/s took 193 s and were accepted). An expired deadline is an `offline`
 * error with cause `timeout` that says so; `exchange` does not retry it (the time is spent).
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { Pool } from "undici";
import type { ApiError, ApiResult, OfflineCause } from "./errors";

const gunzipAsync = promisify(gunzip);

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  /** Overrides the transport's `requestDeadlineMs` for this request. */
  readonly deadlineMs?: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface TransportOptions {
  readonly connectTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  /** Connect + headers + whole body, per request. */
  readonly requestDeadlineMs?: number;
  /** Largest response body accepted; larger ones are aborted mid-stream. */
  readonly maxResponseBytes?: number;
  /** Sockets per origin. */
  readonly connections?: number;
  readonly keepAliveTimeoutMs?: number;
}

const DEFAULT_TRANSPORT_OPTIONS: Required<TransportOptions> = {
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  // An interactive app: a minute is as long as anyone waits for a read (or a post) to finish.
  requestDeadlineMs: 60_000,
  maxResponseBytes: 4 * 1024 * 1024,
  connections: 16,
  keepAliveTimeoutMs: 30_000,
};

const CAUSES: Readonly<Record<string, OfflineCause>> = {
  ECONNREFUSED: "refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  EAI_NONAME: "dns",
  ETIMEDOUT: "timeout",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  ECONNRESET: "reset",
  EPIPE: "reset",
  ECONNABORTED: "reset",
  UND_ERR_SOCKET: "reset",
  UND_ERR_CLOSED: "reset",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "reset",
  EHOSTUNREACH: "other",
  ENETUNREACH: "other",
};

const PHRASES: Readonly<Record<OfflineCause, string>> = {
  refused: "refused the connection",
  dns: "could not be found (DNS)",
  timeout: "did not answer in time",
  reset: "dropped the connection",
  other: "could not be reached",
};

/** Codes found on the error, its `cause` chain and any aggregated errors (happy-eyeballs connects). */
function codesOf(error: unknown, depth = 0): string[] {
  if (typeof error !== "object" || error === null || depth > 4) return [];
  const found: string[] = [];
  const { code, cause, errors, name } = error as { code?: unknown; cause?: unknown; errors?: unknown; name?: unknown };
  if (typeof code === "string") found.push(code);
  if (name === "AbortError") found.push("ABORT");
  found.push(...codesOf(cause, depth + 1));
  if (Array.isArray(errors)) for (const inner of errors) found.push(...codesOf(inner, depth + 1));
  return found;
}

/** Maps a thrown network error to the union. The message names the origin only: never a path, query or header. */
function networkError(error: unknown, origin: string): ApiError {
  const codes = codesOf(error);
  if (codes.includes("ABORT") || codes.includes("UND_ERR_ABORTED"))
    return { kind: "offline", cause: "other", message: `The request to ${origin} was cancelled.` };
  if (codes.some((code) => code.startsWith("HPE_")))
    return { kind: "malformed", reason: "unparseable", message: `${origin} sent a response that is not valid HTTP.` };
  let cause: OfflineCause = "other";
  for (const code of codes) {
    const mapped = CAUSES[code];
    if (mapped !== undefined) {
      cause = mapped;
      break;
    }
  }
  return { kind: "offline", cause, message: `${origin} ${PHRASES[cause]}.` };
}

/** Errors that mean "the request's deadline passed" (the time budget is spent: not worth a retry). */
const deadlineErrors = new WeakSet<ApiError>();

export function isDeadlineError(error: ApiError): boolean {
  return deadlineErrors.has(error);
}

function deadlineError(origin: string, ms: number): ApiError {
  const message = `${origin} did not send a complete answer within ${Math.round(ms / 1000)} s.`;
  const error: ApiError = { kind: "offline", cause: "timeout", message };
  deadlineErrors.add(error);
  return error;
}

const CLOSED: ApiError = { kind: "offline", cause: "other", message: "The connection pool is closed." };

type PoolClass = typeof Pool;
let poolClass: Promise<PoolClass> | null = null;

/**
 * undici is loaded on the first request, not when this module is: evaluating it takes longer than
 * all the rest of the CLI's start-up (`coop-tray-cli --help` sends nothing), and a bundle inlines
 * it either way, so the app loses nothing.
 */
function loadPool(): Promise<PoolClass> {
  poolClass ??= import("undici").then((undici) => undici.Pool);
  return poolClass;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export class Transport {
  private readonly pools = new Map<string, Pool>();
  private readonly options: Required<TransportOptions>;
  private closed = false;

  constructor(options: TransportOptions = {}) {
    this.options = { ...DEFAULT_TRANSPORT_OPTIONS, ...options };
  }

  get maxResponseBytes(): number {
    return this.options.maxResponseBytes;
  }

  private pool(origin: string, PoolOf: PoolClass): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new PoolOf(origin, {
        connections: this.options.connections,
        connectTimeout: this.options.connectTimeoutMs,
        headersTimeout: this.options.headersTimeoutMs,
        bodyTimeout: this.options.bodyTimeoutMs,
        keepAliveTimeout: this.options.keepAliveTimeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  get requestDeadlineMs(): number {
    return this.options.requestDeadlineMs;
  }

  async send(request: HttpRequest): Promise<ApiResult<HttpResponse>> {
    const origin = request.url.origin;
    if (this.closed) return { ok: false, error: CLOSED };
    const deadlineMs = Math.max(1, request.deadlineMs ?? this.options.requestDeadlineMs);
    const controller = new AbortController();
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      controller.abort();
    }, deadlineMs);
    const onAbort = (): void => controller.abort();
    if (request.signal?.aborted) controller.abort();
    else request.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const result = await this.exchange(request, origin, controller.signal);
      return expired && !result.ok ? { ok: false, error: deadlineError(origin, deadlineMs) } : result;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onAbort);
    }
  }

  private async exchange(request: HttpRequest, origin: string, signal: AbortSignal): Promise<ApiResult<HttpResponse>> {
    const cap = this.options.maxResponseBytes;
    let response: Awaited<ReturnType<Pool["request"]>>;
    try {
      const PoolOf = await loadPool();
      // Closed while undici loaded: make no pool that close() would not see.
      if (this.closed) return { ok: false, error: CLOSED };
      response = await this.pool(origin, PoolOf).request({
        method: request.method,
        path: `${request.url.pathname}${request.url.search}`,
        // Gzip is asked for unless the caller chose: a feed is several times smaller so (docs/coop-api.md §3.6).
        headers: {
          "accept-encoding": "gzip",
          ...request.headers,
          ...(request.body === undefined ? {} : { "content-length": String(Buffer.byteLength(request.body)) }),
        },
        body: request.body,
        signal,
      });
    } catch (error) {
      return { ok: false, error: networkError(error, origin) };
    }
    const headers = flattenHeaders(response.headers);
    const tooLarge: ApiError = {
      kind: "malformed",
      reason: "tooLarge",
      message: `${origin} sent a response larger than ${Math.round(cap / 1024)} KB; it was not read.`,
    };
    const declared = Number(headers["content-length"]);
    if (Number.isFinite(declared) && declared > cap) {
      response.body.destroy();
      return { ok: false, error: tooLarge };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > cap) {
          response.body.destroy();
          return { ok: false, error: tooLarge };
        }
        chunks.push(chunk);
      }
    } catch (error) {
      return { ok: false, error: networkError(error, origin) };
    }
    const received = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    const body = await decoded(received, headers, cap, tooLarge, origin);
    if (!body.ok) return body;
    return { ok: true, value: { status: response.statusCode, headers, body: body.value } };
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close().catch(() => pool.destroy())));
  }
}

/**
 * The body as sent before its `Content-Encoding` (gzip, or none): unzipped to no more than the cap, so a
 * small bomb cannot fill memory; a broken or unknown encoding is an unparseable answer. The headers then
 * describe the unzipped body (no `content-encoding`, no stale `content-length`).
 */
async function decoded(
  body: Buffer,
  headers: Record<string, string>,
  cap: number,
  tooLarge: ApiError,
  origin: string,
): Promise<ApiResult<Buffer>> {
  const coding = (headers["content-encoding"] ?? "").trim().toLowerCase();
  if (coding === "" || coding === "identity" || body.length === 0) return { ok: true, value: body };
  const unparseable = (message: string): ApiResult<Buffer> => ({
    ok: false,
    error: { kind: "malformed", reason: "unparseable", message },
  });
  if (coding !== "gzip" && coding !== "x-gzip")
    return unparseable(`${origin} sent its answer in an encoding this app cannot read (${coding}).`);
  try {
    const value = await gunzipAsync(body, { maxOutputLength: cap });
    delete headers["content-encoding"];
    delete headers["content-length"];
    return { ok: true, value };
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return { ok: false, error: tooLarge };
    return unparseable(`${origin} sent a gzipped answer that does not unzip.`);
  }
}
