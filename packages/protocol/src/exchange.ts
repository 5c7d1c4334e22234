/**
 * One API call end to end: governor slot → HTTP → status mapping → content check → decode.
 * GET/PUT/DELETE retry transient failures a bounded number of times with backoff and wait out a
 * throttle lockout; POST repeats only after a throttled 503 (refused unrun), else never (the outbox owns
 * retrying posts).
 */
import type { ApiError, ApiResult } from "./errors";
import type { WireFormat } from "./models";
import { bodyText, decodeBody, looksLikeHtml } from "./codec";
import type { Body } from "./encode";
import type { Clock } from "./clock";
import { MAX_LOCKOUT_MS, type Governor } from "./governor";
import { statusError, type StatusContext } from "./http-errors";
import type { Decoder } from "./models-decode";
import { isDeadlineError, type HttpMethod, type HttpResponse, type Transport } from "./transport";
import type { CallOptions } from "./types";

export interface Endpoint {
  readonly base: URL;
  readonly authorization: string;
  readonly format: WireFormat;
  readonly governor: Governor;
  readonly transport: Transport;
  readonly clock: Clock;
  /** For messages: "the Co-op server at http://…" or "Harvest account fawlty". */
  readonly server: string;
  readonly retry: RetryPolicy;
  /** The caller's User-Agent for this API (see `UserAgent`). */
  readonly userAgent: string;
  /** Never shown: a server that echoes the password back in an error gets it masked. */
  readonly secrets: readonly string[];
  /** Set when the endpoint cannot be used (a bad URL or subdomain): every call fails with it, nothing is sent. */
  readonly problem: string | null;
  /** Status → error for this API (Harvest v2 differs from v1); default `statusError`. */
  readonly statusError?: (context: StatusContext) => ApiError | null;
}

export interface RetryPolicy {
  /** Attempts for transient failures (offline, 500/502/504), including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** Lockouts waited out before giving up. */
  readonly throttleWaits: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, throttleWaits: 4 };

export interface CallSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Body;
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether a lost answer may be asked again (default: every method but POST). */
  readonly idempotent?: boolean;
  /** What is asked for, in words, for messages ("the group list"). */
  readonly what: string;
  readonly options?: CallOptions;
}

function mime(format: WireFormat): string {
  return format === "xml" ? "application/xml" : "application/json";
}

export function urlFor(base: URL, path: string, query?: Readonly<Record<string, string>>): URL {
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, "")}${path}`;
  url.search = "";
  if (query) for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

function transient(error: ApiError): boolean {
  // A request that used its whole deadline is not tried again: that would multiply the wait.
  if (error.kind === "offline") return !isDeadlineError(error);
  return error.kind === "server" && (error.status === 500 || error.status === 502 || error.status === 504);
}

function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join("•••");
  return out;
}

/** The error with any secret masked out of the texts that came from the server. */
function redact(error: ApiError, secrets: readonly string[]): ApiError {
  if (error.kind === "validation")
    return {
      ...error,
      message: mask(error.message, secrets),
      hint: error.hint === null ? null : mask(error.hint, secrets),
    };
  return { ...error, message: mask(error.message, secrets) } as ApiError;
}

function sleep(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const cancel = clock.schedule(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      cancel();
      resolve();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Sends a call and maps the status; the response is returned for 2xx and 304 only. */
export async function call(endpoint: Endpoint, spec: CallSpec): Promise<ApiResult<HttpResponse>> {
  const { governor, transport, clock, retry } = endpoint;
  const options = spec.options ?? {};
  const idempotent = spec.idempotent ?? spec.method !== "POST";
  if (endpoint.problem !== null)
    return { ok: false, error: { kind: "validation", status: 0, message: endpoint.problem, hint: null } };
  const url = urlFor(endpoint.base, spec.path, spec.query);
  const headers: Record<string, string> = {
    accept: mime(endpoint.format),
    "user-agent": endpoint.userAgent,
    authorization: endpoint.authorization,
    ...(spec.body ? { "content-type": spec.body.contentType } : {}),
    ...spec.headers,
  };
  let attempt = 0;
  let throttleWaits = 0;
  /** When the first lockout was met: a call waits out throttles for at most `MAX_LOCKOUT_MS` in all. */
  let throttledSince: number | null = null;
  for (;;) {
    const slot = await governor.acquire({
      priority: options.priority ?? "interactive",
      noWait: options.noWait ?? false,
      signal: options.signal,
    });
    if (!slot.ok) return slot;
    attempt++;
    const sent = await transport.send({
      method: spec.method,
      url,
      headers,
      body: spec.body?.text,
      signal: options.signal,
    });
    const now = clock.now();
    let error: ApiError | null;
    if (sent.ok) {
      const mapStatus = endpoint.statusError ?? statusError;
      const { status, headers: received, body } = sent.value;
      error = mapStatus({
        status,
        headers: received,
        body,
        format: endpoint.format,
        server: endpoint.server,
        what: spec.what,
        now,
      });
      if (error?.kind === "throttled") governor.lock(error.until);
    } else {
      error = sent.error;
    }
    slot.value.release();
    if (error === null && sent.ok) return sent;
    if (error === null) return { ok: false, error: { kind: "offline", cause: "other", message: "No answer." } };
    const retryable = transient(error);
    error = redact(error, endpoint.secrets);
    // A 429 (Harvest v2) promises the call was not carried out, and so does a throttled 503 (Harvest
    // v1 refuses it before running it): even a write may go again after the pause.
    const refusedUnrun = sent.ok && (sent.value.status === 429 || error.kind === "throttled");
    if (options.signal?.aborted || (!idempotent && !refusedUnrun)) return { ok: false, error };
    if (error.kind === "throttled") {
      throttledSince ??= now;
      const tooLong = error.until - throttledSince > MAX_LOCKOUT_MS;
      if (options.noWait || ++throttleWaits > retry.throttleWaits || tooLong) return { ok: false, error };
      continue; // the governor holds the next attempt until the lockout ends
    }
    if (!retryable || attempt >= retry.attempts) return { ok: false, error };
    const delay = retry.baseDelayMs * 3 ** (attempt - 1);
    await sleep(clock, delay / 2 + Math.random() * delay, options.signal);
  }
}

/**
 * Checks the content type and shape of a body before decoding it.
 *
 * The Content-Type rule (both APIs):
 * - `text/html`, or a body that starts like an HTML page, is a `malformed` "web page" error
 *   whatever the header says (login pages, proxies' error pages).
 * - A Content-Type that names another format (text/plain, application/json when XML was asked
 *   for…) is a `malformed` "contentType" error; nothing is decoded.
 * - A missing Content-Type is allowed: RFC 9110 §8.3 lets a recipient examine the data, and we
 *   asked for exactly one format with `Accept`. The body is read as that format and nothing else
 *   (no sniffing for the other one), with the same strict parser and UTF-8 check, so a body that
 *   is not a well-formed document of that format is `malformed`, and the message says the header
 *   was missing. Co-op and Harvest always sent one (docs/harvest.md §3.5, docs/coop-api.md §3.6): a body without
 *   one comes from something in between, and this is the rule that still reads a correct answer.
 * - The body must be valid UTF-8 (`decodeBody`); a charset parameter other than UTF-8 is refused.
 */
export function readBody<T>(
  endpoint: Endpoint,
  response: HttpResponse,
  decoder: Decoder<T>,
  what: string,
): ApiResult<T> {
  const type = (response.headers["content-type"] ?? "").trim().toLowerCase();
  const wanted = endpoint.format;
  if (type.includes("html") || looksLikeHtml(bodyText(response.body.subarray(0, 512)))) {
    return {
      ok: false,
      error: {
        kind: "malformed",
        reason: "html",
        message: `${endpoint.server} sent a web page instead of ${wanted.toUpperCase()} for ${what}.`,
      },
    };
  }
  const matches =
    wanted === "xml"
      ? /\b(?:application|text)\/(?:[\w.+-]+\+)?xml\b/.test(type)
      : /\bapplication\/(?:[\w.+-]+\+)?json\b/.test(type);
  if (type !== "" && !matches) {
    return {
      ok: false,
      error: {
        kind: "malformed",
        reason: "contentType",
        message: `${endpoint.server} sent ${type.split(";")[0]} instead of ${wanted.toUpperCase()} for ${what}.`,
      },
    };
  }
  const charset = /;\s*charset="?([\w.:-]+)"?/.exec(type)?.[1];
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    const message = `${endpoint.server} sent ${what} as ${charset}; only UTF-8 is read.`;
    return { ok: false, error: { kind: "malformed", reason: "contentType", message } };
  }
  const decoded = decodeBody(response.body, wanted, decoder, what);
  if (!decoded.ok && type === "" && decoded.error.kind === "malformed") {
    const message = `${decoded.error.message} (The response had no Content-Type.)`;
    return { ok: false, error: { ...decoded.error, message } };
  }
  return decoded;
}

export async function fetchModel<T>(
  endpoint: Endpoint,
  spec: Omit<CallSpec, "method"> & { method?: HttpMethod },
  decoder: Decoder<T>,
): Promise<ApiResult<T>> {
  const sent = await call(endpoint, { method: "GET", ...spec });
  if (!sent.ok) return sent;
  return readBody(endpoint, sent.value, decoder, spec.what);
}

export async function sendCommand(endpoint: Endpoint, spec: CallSpec): Promise<ApiResult<void>> {
  const sent = await call(endpoint, spec);
  return sent.ok ? { ok: true, value: undefined } : sent;
}

/** The new record's id from `Location: …/<collection>/<id>`. */
function idFromLocation(response: HttpResponse, server: string, what: string): ApiResult<number> {
  const location = response.headers["location"];
  const match = location === undefined ? null : /\/(\d+)\/?(?:[?#].*)?$/.exec(location.trim());
  const id = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) {
    return {
      ok: false,
      error: {
        kind: "malformed",
        reason: "shape",
        message: `${server} created ${what} but did not say its id (no usable Location header).`,
      },
    };
  }
  return { ok: true, value: id };
}

export async function create(endpoint: Endpoint, spec: CallSpec): Promise<ApiResult<number>> {
  const sent = await call(endpoint, spec);
  if (!sent.ok) return sent;
  return idFromLocation(sent.value, endpoint.server, spec.what);
}
