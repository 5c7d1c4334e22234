/**
 * The codec boundary: bytes in a wire format → a typed model, or a `malformed` error value.
 * Nothing a server sends can make these throw.
 */
import type { ApiResult } from "./errors";
import type { Status, WireFormat } from "./models";
import { decodeJson } from "./json-codec";
import { statusList, type Decoder } from "./models-decode";
import { DecodeError, type Plain } from "./plain";
import { decodeXml } from "./xml-codec";

const utf8 = new TextDecoder("utf-8");
/** For bodies we decode into models: a byte sequence that is not UTF-8 is an error, never U+FFFD. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Lenient text (invalid bytes become U+FFFD): for sniffing and for servers' error messages only. */
export function bodyText(body: string | Uint8Array): string {
  return typeof body === "string" ? body : utf8.decode(body);
}

/** The body as UTF-8 (a leading BOM dropped), or null when it is not valid UTF-8. */
export function strictBodyText(body: string | Uint8Array): string | null {
  if (typeof body === "string") return body;
  try {
    return strictUtf8.decode(body);
  } catch {
    return null;
  }
}

/** A 200 that is really an HTML page (a login form, a proxy's error page). */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 512).trimStart().toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html") || /^<(?:head|body)[\s>]/.test(head);
}

/** Parses a document into the neutral tree; throws `DecodeError` only. */
export function parseDocument(text: string, format: WireFormat): Plain {
  if (text.trim() === "") throw new DecodeError("the response body is empty", "unparseable");
  return format === "xml" ? decodeXml(text) : decodeJson(text);
}

export function decodeBody<T>(
  body: string | Uint8Array,
  format: WireFormat,
  decoder: Decoder<T>,
  what: string,
): ApiResult<T> {
  const text = strictBodyText(body);
  if (text === null) {
    // Both APIs speak UTF-8 only; silently replacing bytes would store and show text nobody wrote.
    const message = `Could not read ${what}: the response is not valid UTF-8.`;
    return { ok: false, error: { kind: "malformed", reason: "unparseable", message } };
  }
  if (looksLikeHtml(text))
    return {
      ok: false,
      error: {
        kind: "malformed",
        reason: "html",
        message: `The server sent a web page instead of ${format.toUpperCase()} for ${what}.`,
      },
    };
  try {
    return { ok: true, value: decoder(parseDocument(text, format), what) };
  } catch (error) {
    if (error instanceof DecodeError)
      return {
        ok: false,
        error: { kind: "malformed", reason: error.reason, message: `Could not read ${what}: ${error.message}.` },
      };
    // A RangeError from a pathological document, or a bug: still a value, never a throw.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { kind: "malformed", reason: "unparseable", message: `Could not read ${what}: ${message.slice(0, 200)}.` },
    };
  }
}

/** A status feed (docs/coop-api.md §6.2–6.5) in either format; what the benchmark measures end to end. */
export function decodeStatuses(body: string | Uint8Array, format: WireFormat): ApiResult<Status[]> {
  return decodeBody(body, format, statusList, "the status feed");
}
