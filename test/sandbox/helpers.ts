/** Shared helpers for the sandbox suites: real HTTP with undici, and a Rails-XML reader a client would use. */
import { request } from "undici";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { SEED } from "../../sandbox/index";

export type Login = readonly [email: string, password: string];

export const BASIL: Login = [SEED.users.basil.email, SEED.password];
export const SYBIL: Login = [SEED.users.sybil.email, SEED.password];
export const POLLY: Login = [SEED.users.polly.email, SEED.password];
export const MANUEL: Login = [SEED.users.manuel.email, SEED.password];
export const HARVEST_ADMIN: Login = [SEED.harvest.admin.email, SEED.harvest.admin.password];
export const HARVEST_USER: Login = [SEED.harvest.nonAdmin.email, SEED.harvest.nonAdmin.password];

export type Wire = "xml" | "json";
export const WIRES: readonly Wire[] = ["xml", "json"];

export interface CallOptions {
  readonly method?: string;
  readonly as?: Login | null;
  /** Sets Accept (and Content-Type when a body is sent). */
  readonly format?: Wire | null;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

export function basic([email, password]: Login): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;
}

export async function call(base: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { "user-agent": "coop-tray-sandbox-tests", ...(options.headers ?? {}) };
  if (options.as !== null && options.as !== undefined) headers["authorization"] = basic(options.as);
  if (options.format !== null && options.format !== undefined) headers["accept"] = `application/${options.format}`;
  if (options.body !== undefined) {
    headers["content-type"] =
      options.contentType ?? (options.format === "json" ? "application/json; charset=utf-8" : "application/xml");
  }
  const response = await request(`${base}${path}`, {
    method: (options.method ?? "GET") as "GET",
    headers,
    body: options.body,
    signal: options.signal,
  });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status: response.statusCode, headers: flat, text };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});

/** Reads a Rails XML document into the JSON-equivalent value (typed scalars, arrays, nil, underscored names). */
export function readRailsXml(text: string): { root: string; value: unknown } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`invalid XML: ${valid.err.msg}`);
  const parsed = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(parsed).filter((key) => key !== "?xml");
  if (roots.length !== 1) throw new Error(`expected one root, got ${roots.join(",")}`);
  const root = roots[0] ?? "";
  return { root, value: convert(parsed[root]) };
}

function convert(node: unknown): unknown {
  if (typeof node === "string") return node;
  if (node === null || typeof node !== "object") throw new Error(`unexpected XML node ${String(node)}`);
  const record = node as Record<string, unknown>;
  if (record["@_nil"] === "true") return null;
  const type = record["@_type"];
  const children = Object.keys(record).filter((key) => !key.startsWith("@_") && key !== "#text");
  const text = typeof record["#text"] === "string" ? record["#text"] : "";
  if (type === "array") {
    if (children.length === 0) return [];
    if (children.length !== 1) throw new Error("array with mixed children");
    const items = record[children[0] ?? ""];
    return (Array.isArray(items) ? items : [items]).map(convert);
  }
  if (type === "integer") return Number(text);
  if (type === "float") return Number(text);
  if (type === "boolean") return text === "true";
  if (children.length === 0) return text;
  const out: Record<string, unknown> = {};
  for (const key of children) out[key.replaceAll("-", "_")] = convert(record[key]);
  return out;
}

/** A response body as a value, whatever the format (XML read as its JSON equivalent). */
export function decode(answer: Answer, wire: Wire): unknown {
  if (wire === "json") {
    if (!answer.headers["content-type"]?.startsWith("application/json"))
      throw new Error(`not JSON: ${answer.headers["content-type"] ?? ""}`);
    return JSON.parse(answer.text) as unknown;
  }
  if (!answer.headers["content-type"]?.startsWith("application/xml"))
    throw new Error(`not XML: ${answer.headers["content-type"] ?? ""}`);
  return readRailsXml(answer.text).value;
}

/** Harvest JSON is rooted (`{"client":{…}}`, `[{"client":{…}}]`); XML is not: strip the JSON root to compare. */
export function unroot(value: unknown, root: string): unknown {
  if (Array.isArray(value)) return value.map((item) => (item as Record<string, unknown>)[root]);
  return (value as Record<string, unknown>)[root];
}

/** A request body in either format, from a JSON-like object (XML: underscored names as the seeds send). */
export function encode(wire: Wire, root: string | null, value: Record<string, unknown> | string): string {
  if (wire === "json") return JSON.stringify(root === null ? value : { [root]: value });
  const element = (name: string, inner: unknown): string =>
    inner === null
      ? `<${name} nil="true"/>`
      : typeof inner === "object"
        ? `<${name}>${Object.entries(inner as Record<string, unknown>)
            .map(([k, v]) => element(k, v))
            .join("")}</${name}>`
        : `<${name}>${String(inner).replace(/&/g, "&amp;").replace(/</g, "&lt;")}</${name}>`;
  if (root === null) throw new Error("XML needs a root");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}`;
}

export const idFromLocation = (location: string | undefined): number => {
  const match = /\/(\d+)(?:\/[a-z_]+)?$/.exec(location ?? "");
  if (match === null) throw new Error(`no id in Location ${location ?? "(none)"}`);
  return Number(match[1]);
};

/** The messages of an error body (`<errors><error>…` or `{"errors":[…]}`). */
export function errorsOf(answer: Answer, wire: Wire): string[] {
  const value = decode(answer, wire) as { errors?: unknown; error?: unknown };
  const list = wire === "json" ? value.errors : value.error;
  if (Array.isArray(list)) return list.map(String);
  if (typeof list === "string") return [list];
  throw new Error(`no error messages in ${answer.text}`);
}
