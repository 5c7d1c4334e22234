/**
 * From a handler's Reply or HttpError to the bytes on the wire, in the negotiated format, with the
 * headers Co-op sent (ETag + 304, Cache-Control, X-Runtime, Status). Shared by the server and the
 * sandbox so both render alike.
 */
import { createHash } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Doc } from "../render/nodes";
import { renderHtml, renderHtmlErrors } from "../render/html-writer";
import { renderJson, renderJsonErrors } from "../render/json-writer";
import type { JsonDates } from "../render/json-writer";
import { renderXml, renderXmlErrors } from "../render/xml-writer";
import type { BasicAuth, Reply, Streamer } from "../router";
import type { HttpError } from "./errors";
import { CONTENT_TYPES } from "./negotiate";
import type { Format } from "./negotiate";

export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** A body the route writes itself (`Reply.stream`); answered by the streaming middleware. */
  stream?: Streamer;
  /** The route pattern that answered (`/groups/:group/statuses`), for metrics; never the raw path. */
  route?: string;
}

/** A malformed header counts as wrong credentials (an empty login), not as no credentials. */
export function parseAuth(header: string | undefined): BasicAuth | null {
  if (header === undefined) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return { email: "", password: "" };
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { email: "", password: "" };
  return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function renderBody(doc: Doc, format: Format, dates: JsonDates): string {
  if (format === "xml") return renderXml(doc);
  if (format === "json") return renderJson(doc, dates);
  return renderHtml(doc, doc.root.replaceAll("_", " "));
}

export function replyToOutgoing(reply: Reply, format: Format, dates: JsonDates): Outgoing {
  if (reply.html !== undefined) {
    return {
      status: reply.status,
      headers: { "content-type": CONTENT_TYPES.html, ...(reply.headers ?? {}) },
      body: Buffer.from(reply.html, "utf8"),
    };
  }
  const headers: Record<string, string> = { "content-type": CONTENT_TYPES[format], ...(reply.headers ?? {}) };
  if (reply.rendered !== undefined)
    return { status: reply.status, headers: { ...headers, etag: reply.rendered.etag }, body: reply.rendered.body };
  const body = reply.doc === undefined ? "" : renderBody(reply.doc, format, dates);
  const out: Outgoing = { status: reply.status, headers, body: Buffer.from(body, "utf8") };
  if (reply.stream !== undefined) out.stream = reply.stream;
  return out;
}

export function errorToOutgoing(error: HttpError, format: Format): Outgoing {
  const body =
    format === "xml"
      ? renderXmlErrors(error.messages)
      : format === "json"
        ? renderJsonErrors(error.messages)
        : renderHtmlErrors(error.status, error.messages);
  return {
    status: error.status,
    headers: { "content-type": CONTENT_TYPES[format], ...error.headers },
    body: Buffer.from(body, "utf8"),
  };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(",").some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

/** Co-op's response headers, and a 304 when the client already holds this body. */
export function finish(out: Outgoing, method: string, ifNoneMatch: string | undefined, started: number): Outgoing {
  const headers = out.headers;
  const isGet = method === "GET" || method === "HEAD";
  // A page that must not be kept (the invitation form carries a one-time CSRF token) keeps its
  // no-store and gets no ETag: nothing of it may be cached or revalidated.
  const noStore = headers["cache-control"] === "no-store";
  if (!noStore) headers["cache-control"] = isGet ? "max-age=0, private, must-revalidate" : "no-cache";
  headers["x-runtime"] = ((performance.now() - started) / 1000).toFixed(6);
  headers["status"] = `${out.status} ${STATUS_CODES[out.status] ?? ""}`.trim();
  if (isGet && !noStore && out.status === 200 && out.body.length > 0) {
    // A cached body comes with its ETag: no hashing, and If-None-Match is answered without rendering.
    const etag = headers["etag"] ?? `"${createHash("md5").update(out.body).digest("hex")}"`;
    headers["etag"] = etag;
    if (etagMatches(ifNoneMatch, etag)) {
      headers["status"] = "304 Not Modified";
      return { status: 304, headers, body: Buffer.alloc(0) };
    }
  }
  return out;
}
