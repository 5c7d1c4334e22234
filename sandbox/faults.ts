/**
 * Fault injection. Each kind produces exactly what its name says, so a client's handling of it can be
 * tested for real: a reset is a socket destroyed mid-body, huge is streamed (never held in memory),
 * entity expansion is a billion-laughs DOCTYPE, deep nesting is 10,000 levels, drip sends headers
 * at once and then the body one byte at a time (every `dripIntervalMs`) until the client gives up.
 */
import type { ServerResponse } from "node:http";
import type { FaultKind, FaultSpec } from "./types";
import { htmlPage, renderJsonErrors, renderXmlErrors, XML_DECLARATION } from "../server/index";

export const FAULT_KINDS: readonly FaultKind[] = [
  "latency",
  "reset",
  "status500",
  "status502",
  "status503",
  "malformed",
  "truncated",
  "html",
  "contentType",
  "entityExpansion",
  "huge",
  "deepNesting",
  "drip",
];

export const isFaultKind = (value: string): value is FaultKind => (FAULT_KINDS as readonly string[]).includes(value);

/** Faults that reshape the normal response instead of replacing it. */
export const DELIVERY_FAULTS: ReadonlySet<FaultKind> = new Set<FaultKind>(["reset", "truncated", "contentType"]);

export const DEFAULT_FAULT_LATENCY_MS = 1000;
const DEFAULT_HUGE_BYTES = 50 * 1024 * 1024;
const DEEP_NESTING_LEVELS = 10_000;
const DEFAULT_DRIP_INTERVAL_MS = 1000;
/** A drip ends (with a complete document) after this many bytes if the client has not given up. */
const DRIP_MAX_BYTES = 4096;

interface ArmedFault {
  readonly spec: FaultSpec;
  remaining: number;
}

export class FaultBook {
  private armed: ArmedFault[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!isFaultKind(spec.kind)) throw new Error(`unknown fault kind ${String(spec.kind)}`);
    if (!(times > 0)) throw new Error("fault times must be positive");
    this.armed.push({ spec, remaining: times });
  }

  clear(): void {
    this.armed = [];
  }

  /** The first armed fault matching this call, consumed once; null when none applies. */
  take(method: string, path: string): FaultSpec | null {
    for (const fault of this.armed) {
      const { route, method: wanted } = fault.spec;
      if (wanted !== undefined && wanted.toUpperCase() !== method.toUpperCase()) continue;
      if (route !== undefined) {
        if (typeof route === "string" ? !path.startsWith(route) : !route.test(path)) continue;
      }
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.armed = this.armed.filter((f) => f !== fault);
      return fault.spec;
    }
    return null;
  }
}

type BodyFormat = "xml" | "json";

const CONTENT_TYPE: Record<BodyFormat, string> = {
  xml: "application/xml; charset=utf-8",
  json: "application/json; charset=utf-8",
};

export interface FaultReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** A fixed body, or a streamed one (huge). */
  readonly body: string | { readonly stream: (res: ServerResponse) => Promise<void> };
}

/** The replacement response for a fault that skips normal handling. */
export function faultReply(spec: FaultSpec, format: BodyFormat): FaultReply {
  switch (spec.kind) {
    case "status500":
      return {
        status: 500,
        headers: { "content-type": CONTENT_TYPE[format] },
        body: errorBody(format, "Internal Server Error"),
      };
    case "status502":
      // What the load balancer in front of the app answers: nginx's own HTML page.
      return {
        status: 502,
        headers: { "content-type": "text/html" },
        body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body bgcolor="white">\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
      };
    case "status503": {
      const retry = spec.retryAfterSeconds === undefined ? 1 : spec.retryAfterSeconds;
      const headers: Record<string, string> = { "content-type": CONTENT_TYPE[format] };
      if (retry !== null) headers["retry-after"] = String(retry);
      return { status: 503, headers, body: errorBody(format, "Service Unavailable") };
    }
    case "malformed":
      // The seed documents' own defects: a mismatched closing tag, a comma for a colon.
      return {
        status: 200,
        headers: { "content-type": CONTENT_TYPE[format] },
        body:
          format === "xml"
            ? `${XML_DECLARATION}<statuses type="array">\n  <status>\n    <user>\n      <name>Basil Fawlty</uame>\n    </user>\n  </status>\n</statuses>\n`
            : '[{"id": 247, "type": "Note", "group_id", 25}]',
      };
    case "html":
      return {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8" },
        body: htmlPage(
          "We're sorry, but something went wrong (500)",
          "<p>We've been notified about this issue and we'll take a look at it shortly.</p>",
        ),
      };
    case "entityExpansion":
      return { status: 200, headers: { "content-type": CONTENT_TYPE.xml }, body: billionLaughs() };
    case "deepNesting":
      return { status: 200, headers: { "content-type": CONTENT_TYPE[format] }, body: deepNesting(format) };
    case "huge":
      return {
        status: 200,
        headers: { "content-type": CONTENT_TYPE[format] },
        body: { stream: (res) => streamHuge(res, format, spec.hugeBytes ?? DEFAULT_HUGE_BYTES) },
      };
    case "drip":
      return {
        status: 200,
        headers: { "content-type": CONTENT_TYPE[format] },
        body: { stream: (res) => drip(res, format, spec.dripIntervalMs ?? DEFAULT_DRIP_INTERVAL_MS) },
      };
    case "latency":
    case "reset":
    case "truncated":
    case "contentType":
      throw new Error(`${spec.kind} reshapes the normal response; it has no replacement`);
  }
}

function errorBody(format: BodyFormat, message: string): string {
  return format === "xml" ? renderXmlErrors([message]) : renderJsonErrors([message]);
}

function billionLaughs(): string {
  const lines = ['<!ENTITY lol "lol">'];
  for (let level = 1; level <= 9; level += 1) {
    const previous = level === 1 ? "lol" : `lol${level - 1}`;
    lines.push(`<!ENTITY lol${level} "${`&${previous};`.repeat(10)}">`);
  }
  return `${XML_DECLARATION}<!DOCTYPE statuses [\n  ${lines.join("\n  ")}\n]>\n<statuses type="array">\n  <status>\n    <text>&lol9;</text>\n  </status>\n</statuses>\n`;
}

function deepNesting(format: BodyFormat): string {
  if (format === "json") return `${"[".repeat(DEEP_NESTING_LEVELS)}${"]".repeat(DEEP_NESTING_LEVELS)}`;
  return `${XML_DECLARATION}${"<hash>".repeat(DEEP_NESTING_LEVELS)}${"</hash>".repeat(DEEP_NESTING_LEVELS)}\n`;
}

/** A well-formed list of `bytes` (approximately), written chunk by chunk honouring backpressure. */
async function streamHuge(res: ServerResponse, format: BodyFormat, bytes: number): Promise<void> {
  const filler = "x".repeat(900);
  const item = (n: number): string =>
    format === "json"
      ? `${n === 0 ? "" : ","}{"id":${n},"type":"Note","text":"${filler}"}`
      : `<status><id type="integer">${n}</id><type>Note</type><text>${filler}</text></status>`;
  const open = format === "json" ? "[" : `${XML_DECLARATION}<statuses type="array">`;
  const close = format === "json" ? "]" : "</statuses>\n";
  let written = 0;
  let n = 0;
  const write = (chunk: string): Promise<boolean> =>
    new Promise((resolve) => {
      if (res.destroyed) {
        resolve(false);
        return;
      }
      written += Buffer.byteLength(chunk);
      if (res.write(chunk)) {
        resolve(true);
        return;
      }
      const done = (): void => {
        res.off("drain", done);
        res.off("close", done);
        resolve(!res.destroyed);
      };
      res.on("drain", done);
      res.on("close", done);
    });
  if (!(await write(open))) return;
  while (written < bytes - close.length) {
    const parts: string[] = [];
    for (let i = 0; i < 64; i += 1) parts.push(item(n++));
    if (!(await write(parts.join("")))) return;
  }
  await write(close);
  res.end();
}

/** A valid empty list, padded with whitespace, written one byte per interval while the client listens. */
async function drip(res: ServerResponse, format: BodyFormat, intervalMs: number): Promise<void> {
  const head = format === "json" ? "" : XML_DECLARATION;
  const tail = format === "json" ? "[]" : '<statuses type="array"></statuses>\n';
  const text = `${head}${" ".repeat(Math.max(0, DRIP_MAX_BYTES - head.length - tail.length))}${tail}`;
  let wake: (() => void) | null = null;
  res.once("close", () => wake?.());
  for (let i = 0; i < text.length; i += 1) {
    if (res.destroyed) return;
    res.write(text[i]);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  res.end();
}
