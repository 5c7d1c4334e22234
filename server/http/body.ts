/**
 * Request bodies into Rails-like params: XML (root element becomes the top key, dashes become
 * underscores), JSON, or form/query parameters (`group[name]=…`). Anything unreadable is a 400
 * with a message; nothing here throws anything else.
 */
import type { IncomingMessage } from "node:http";
import { XMLParser } from "fast-xml-parser";
import { unwritableCharacter } from "../render/xml-writer";
import { HttpError, badRequest } from "./errors";
import { BodyEntityDecoder } from "./xml-references";

export type ParamValue = string | null | ParamValue[] | { [key: string]: ParamValue };
export type Params = Record<string, ParamValue>;

export const MAX_BODY_BYTES = 1024 * 1024;

/** Bodies held in memory at once across all requests, so slow uploaders cannot exhaust memory together. */
export const TOTAL_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of request bodies the server holds at once (docs/coop-api.md §16.1). A request takes from it
 * as its chunks arrive and gives back when it is answered; one that would go over is refused (503).
 */
export class BodyBudget {
  private held = 0;
  private highest = 0;
  private total = 0;
  constructor(readonly totalBytes = TOTAL_BODY_BYTES) {}
  take(bytes: number): boolean {
    if (this.held + bytes > this.totalBytes) return false;
    this.held += bytes;
    this.total += bytes;
    this.highest = Math.max(this.highest, this.held);
    return true;
  }
  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }
  /** Bytes held now. */
  get inUse(): number {
    return this.held;
  }
  /** Every body byte ever read. */
  get received(): number {
    return this.total;
  }
  /** The most ever held at once. */
  get peak(): number {
    return this.highest;
  }
}

/** A request's body, read only when asked (after sign-in), once; `release` gives its bytes back to the budget. */
export interface BodyReader {
  /** At most `limit` bytes (never more than the reader's own limit). */
  read(limit?: number): Promise<Buffer>;
  /** Whether `read` was called. */
  readonly started: boolean;
  release(): void;
}

/**
 * Reads at most `limit` bytes (a Content-Length over it is refused before a byte is read), each chunk
 * taken from the shared `budget` as it arrives.
 */
export function bodyReader(req: IncomingMessage, most = MAX_BODY_BYTES, budget = new BodyBudget(most)): BodyReader {
  let taken = 0;
  let reading: Promise<Buffer> | null = null;
  const start = (limit: number): Promise<Buffer> =>
    new Promise<Buffer>((resolve, reject) => {
      const declared = Number(req.headers["content-length"] ?? "0");
      if (Number.isFinite(declared) && declared > limit) {
        reject(new HttpError(413, `Request body larger than ${limit} bytes`));
        return;
      }
      // Neither a length nor chunks: no body at all (RFC 9112 §6.3), so no turn of the loop waiting for
      // its end (every GET took one).
      if (declared === 0 && req.headers["transfer-encoding"] === undefined) {
        resolve(Buffer.alloc(0));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      const fail = (error: HttpError): void => {
        failed = true;
        chunks.length = 0;
        reject(error);
      };
      req.on("data", (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > limit) return fail(new HttpError(413, `Request body larger than ${limit} bytes`));
        if (!budget.take(chunk.length))
          return fail(
            new HttpError(503, "The server is busy receiving other uploads; try again shortly", { "retry-after": "5" }),
          );
        taken += chunk.length;
        chunks.push(chunk);
      });
      req.on("end", () => {
        if (!failed) resolve(Buffer.concat(chunks));
      });
      req.on("error", (error) => {
        if (!failed) reject(error);
      });
    });
  return {
    read: (limit = most) => (reading ??= start(Math.min(limit, most))),
    get started() {
      return reading !== null;
    },
    release: () => {
      budget.give(taken);
      taken = 0;
    },
  };
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return bodyReader(req, limit).read();
}

const underscored = (name: string): string => name.replaceAll("-", "_");

// Keys that would reach an object's prototype are dropped, whatever the body says.
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 32,
  // Character references (`&#233;`, `&#x41;`) are text like any other; one to a character XML cannot
  // carry is decoded too, for `writable` to refuse (docs/coop-api.md §16.3).
  entityDecoder: new BodyEntityDecoder(),
});

// Text holding a character XML cannot carry would make every XML feed it appears in unreadable to a
// strict parser, so such input is refused with the field named rather than stripped: bad input gets a
// clear error and the sender loses nothing silently (docs/coop-api.md §16.3).
/** Refuses params holding a character XML cannot carry, naming the field the Rails way (`group[name]`). */
function writable(params: Params): Params {
  const walk = (value: ParamValue, name: string): void => {
    if (typeof value === "string") {
      const bad = unwritableCharacter(value);
      if (bad !== null) throw badRequest(`${name} contains the control character ${bad}: remove it and send again`);
    } else if (Array.isArray(value)) value.forEach((item) => walk(item, `${name}[]`));
    else if (value !== null) for (const [key, child] of Object.entries(value)) walk(child, `${name}[${key}]`);
  };
  for (const [key, value] of Object.entries(params)) {
    const bad = unwritableCharacter(key);
    if (bad !== null) throw badRequest(`A parameter name contains the control character ${bad}`);
    walk(value, key);
  }
  return params;
}

function fromXml(value: unknown, name = ""): ParamValue {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((item) => fromXml(item, name));
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record["@nil"] === "true") return null;
    const children = Object.entries(record).filter(([key]) => !key.startsWith("@"));
    if (children.length === 0) return "";
    if (children.length === 1 && children[0]?.[0] === "#text") return String(children[0][1]);
    // Text with elements inside (`<status>a <b>b</b></status>`) is markup where plain text belongs.
    if (name !== "" && children.some(([key]) => key === "#text"))
      throw badRequest(`${name} must be plain text, not markup: write < as &lt; and & as &amp;`);
    const out: Record<string, ParamValue> = {};
    for (const [key, child] of children) {
      if (key === "#text" || UNSAFE_KEYS.has(underscored(key))) continue;
      out[underscored(key)] = fromXml(child, underscored(key));
    }
    return out;
  }
  return value === undefined || value === null ? null : String(value as number | boolean);
}

export function parseXmlParams(text: string): Params {
  // Rails learned the hard way: no DTDs, so no entity expansion.
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text))
    throw badRequest("XML bodies with a DOCTYPE or entities are not accepted");
  let parsed: unknown;
  try {
    parsed = xmlParser.parse(text, true);
  } catch (error) {
    throw badRequest(`Malformed XML body: ${error instanceof Error ? error.message : String(error)}`);
  }
  const top = fromXml(parsed);
  if (top === null || typeof top !== "object" || Array.isArray(top))
    throw badRequest("Malformed XML body: no root element");
  return writable(top);
}

function fromJson(value: unknown, depth: number): ParamValue {
  if (depth > 32) throw badRequest("JSON body nested too deeply");
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((item) => fromJson(item, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, ParamValue> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (!UNSAFE_KEYS.has(underscored(key))) out[underscored(key)] = fromJson(child, depth + 1);
    }
    return out;
  }
  throw badRequest("Unsupported JSON value");
}

export function parseJsonParams(text: string): Params {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`Malformed JSON body: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw badRequest("JSON body must be an object");
  return writable(fromJson(parsed, 0) as Params);
}

/** `a=1&group[name]=x&ids[]=1` → `{a:"1", group:{name:"x"}, ids:["1"]}` (one level of brackets is all Rails clients sent). */
export function parseFormParams(search: URLSearchParams): Params {
  return writable(formParams(search));
}

function formParams(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [rawKey, value] of search) {
    const match = /^([^[\]]+)(?:\[([^[\]]*)\])?$/.exec(rawKey);
    if (match === null) continue;
    const key = underscored(match[1] ?? "");
    const inner = match[2];
    if (UNSAFE_KEYS.has(key) || (inner !== undefined && UNSAFE_KEYS.has(underscored(inner)))) continue;
    if (inner === undefined) {
      out[key] = value;
    } else if (inner === "") {
      const existing = out[key];
      out[key] = Array.isArray(existing) ? [...existing, value] : [value];
    } else {
      const existing = out[key];
      const nested: Record<string, ParamValue> =
        existing !== null && typeof existing === "object" && !Array.isArray(existing) ? existing : {};
      nested[underscored(inner)] = value;
      out[key] = nested;
    }
  }
  return out;
}

export function parseBodyParams(body: Buffer, contentType: string | undefined): Params {
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type === "text/json") return parseJsonParams(text);
  if (type === "application/xml" || type === "text/xml" || type.endsWith("+xml")) return parseXmlParams(text);
  if (type === "application/x-www-form-urlencoded") return parseFormParams(new URLSearchParams(text));
  if (type === "") {
    // No Content-Type: sniff like a forgiving server would.
    const first = text.trimStart()[0];
    if (first === "<") return parseXmlParams(text);
    if (first === "{") return parseJsonParams(text);
    return parseFormParams(new URLSearchParams(text));
  }
  throw badRequest(`Unsupported Content-Type ${type}: send application/xml or application/json`);
}

// Typed readers handlers use on params.

export function nested(params: Params, key: string): Params | null {
  const value = params[key];
  return value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value) ? value : null;
}

export function textParam(params: Params, key: string): string | null | undefined {
  if (!(key in params)) return undefined;
  const value = params[key];
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  throw badRequest(`${key} must be text`);
}

export function integerParam(params: Params, key: string): number | null | undefined {
  const value = textParam(params, key);
  if (value === undefined || value === null) return value;
  if (value.trim() === "") return null;
  if (!/^-?\d{1,15}$/.test(value.trim())) throw badRequest(`${key} must be an integer`);
  return Number(value.trim());
}

export function booleanParam(params: Params, key: string): boolean | undefined {
  const value = textParam(params, key);
  if (value === undefined || value === null) return undefined;
  const v = value.trim().toLowerCase();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw badRequest(`${key} must be true or false`);
}
