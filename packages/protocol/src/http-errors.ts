/** HTTP status → the `ApiError` union, with the server's own words where it gave any. */
import type { ApiError } from "./errors";
import type { WireFormat } from "./models";
import { bodyText, looksLikeHtml, parseDocument } from "./codec";
import { MAX_LOCKOUT_MS } from "./governor";
import { isPlainObject, type Plain } from "./plain";

/** Harvest's documented pause when a 503 carries no `Retry-After`. */
const DEFAULT_RETRY_AFTER_SECONDS = 16;
const MAX_MESSAGE = 300;

function clip(text: string): string {
  const single = text.replace(/\s+/g, " ").trim();
  return single.length > MAX_MESSAGE ? `${single.slice(0, MAX_MESSAGE - 1)}…` : single;
}

function messagesIn(value: Plain | undefined, depth = 0): string[] {
  if (depth > 4 || value === undefined || value === null) return [];
  if (typeof value === "string") return value.trim() === "" ? [] : [value.trim()];
  if (typeof value === "number" || typeof value === "boolean") return [];
  if (Array.isArray(value)) return value.flatMap((item) => messagesIn(item, depth + 1));
  for (const key of ["errors", "error", "message", "messages", "base"]) {
    if (key in value) return messagesIn(value[key], depth + 1);
  }
  // `{"name": ["has already been taken"]}` (Rails' errors hash): "name has already been taken".
  return Object.entries(value).flatMap(([field, inner]) =>
    messagesIn(inner, depth + 1).map((text) => `${field} ${text}`),
  );
}

/** The server's error text from a body in either format (or plain text); null when it gave none. */
function serverMessage(body: Buffer, format: WireFormat): string | null {
  if (body.length === 0) return null;
  const text = bodyText(body.length > 65_536 ? body.subarray(0, 65_536) : body);
  if (looksLikeHtml(text)) return null;
  const trimmed = text.trim();
  const looksStructured = trimmed.startsWith("<") || trimmed.startsWith("{") || trimmed.startsWith("[");
  if (looksStructured) {
    for (const attempt of [format, format === "xml" ? "json" : "xml"] as const) {
      try {
        const parsed = parseDocument(trimmed, attempt);
        const found = isPlainObject(parsed) || Array.isArray(parsed) ? messagesIn(parsed) : messagesIn(parsed);
        if (found.length > 0) return clip(found.join("; "));
      } catch {
        // try the other format, then fall back to nothing
      }
    }
    return null;
  }
  return trimmed === "" ? null : clip(trimmed);
}

/** The most a `Retry-After` may ask for (see `MAX_LOCKOUT_MS` for why 15 minutes). */
export const MAX_RETRY_AFTER_SECONDS = MAX_LOCKOUT_MS / 1000;

/**
 * `Retry-After` as delta-seconds or an HTTP date, clamped to `MAX_RETRY_AFTER_SECONDS`; Harvest's
 * 16 s when missing or unreadable.
 */
export function retryAfterSeconds(header: string | undefined, now: number): number {
  if (header === undefined || header.trim() === "") return DEFAULT_RETRY_AFTER_SECONDS;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(MAX_RETRY_AFTER_SECONDS, Number(value));
  const date = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
  if (Number.isFinite(date)) return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil((date - now) / 1000)));
  return DEFAULT_RETRY_AFTER_SECONDS;
}

export interface StatusContext {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly format: WireFormat;
  /** e.g. "Harvest (fawlty)" or "the Co-op server"; never a URL with credentials. */
  readonly server: string;
  readonly what: string;
  readonly now: number;
}

/** The error for a non-success status, or null for 2xx/304. */
export function statusError(context: StatusContext): ApiError | null {
  const { status, headers, body, format, server, what } = context;
  if ((status >= 200 && status < 300) || status === 304) return null;
  if (status >= 300 && status < 400) {
    // A redirect usually means a login page or a moved server: nothing we can read as an answer.
    return {
      kind: "malformed",
      reason: "unparseable",
      message: `${server} redirected the request for ${what} (${status}) instead of answering it.`,
    };
  }
  const said = status >= 400 && status < 500 ? serverMessage(body, format) : null;
  if (status === 401)
    return { kind: "auth", message: `${server} refused the email or password${said ? `: ${said}` : "."}` };
  if (status === 404 || status === 403 || status === 410) {
    return { kind: "notFound", message: said ?? `${server} has no ${what}, or this login may not see it.` };
  }
  if (status === 503 || status === 429) {
    const seconds = retryAfterSeconds(headers["retry-after"], context.now);
    return {
      kind: "throttled",
      message: `${server} asked us to slow down; next try in ${seconds} s.`,
      retryAfterSeconds: seconds,
      until: context.now + seconds * 1000,
    };
  }
  if (status >= 500)
    return { kind: "server", status, message: `${server} had a problem (${status}) with ${what}. Try again later.` };
  const hint = headers["hint"];
  return {
    kind: "validation",
    status,
    message: said ?? `${server} refused ${what} (${status}).`,
    hint: hint === undefined || hint.trim() === "" ? null : clip(hint),
  };
}

/**
 * Co-op refuses a login with HTTP Basic's challenge (`WWW-Authenticate: Basic realm="Application"`,
 * docs/coop-api.md §2.1). A 401 without one (a Bearer challenge, none, a login page) comes from
 * something else at that address: saying "wrong password" there sends the user after the wrong field.
 */
export function coopStatusError(context: StatusContext): ApiError | null {
  if (context.status === 401 && !/^\s*basic\b/i.test(context.headers["www-authenticate"] ?? "")) {
    return {
      kind: "malformed",
      reason: "shape",
      message: `${context.server} answered 401 without asking for a Co-op login: it does not look like Co-op.`,
    };
  }
  return statusError(context);
}
