/**
 * Rails-style XML to the neutral `Plain` tree. Hostile input is refused before and while parsing:
 * DOCTYPE/ENTITY declarations (entity expansion) are rejected outright, the document must be
 * well-formed (a truncated body is not silently half-read), and nesting is capped by the parser
 * itself so a 10,000-deep document fails fast instead of exhausting the stack.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DecodeError, MAX_DEPTH, camelCase, type Plain, type PlainObject } from "./plain";

const ATTRS = "$";
const TEXT = "#text";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributesGroupName: ATTRS,
  attributeNamePrefix: "",
  textNodeName: TEXT,
  // We type values ourselves from Rails' `type` attributes; guessing numbers would turn "007" into 7.
  parseTagValue: false,
  parseAttributeValue: false,
  // No entity processing: declarations are refused anyway; the five predefined ones are decoded below.
  processEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
});

/** Collection roots Rails renders without `type="array"` (the 2008 Harvest seed's `<clients>`). */
const KNOWN_COLLECTIONS = new Set([
  "groups",
  "statuses",
  "users",
  "clients",
  "contacts",
  "agendas",
  "user-agendas",
  "user_agendas",
  "day-entries",
  "day_entries",
  "projects",
  "tasks",
  "nil-classes",
]);

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeText(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? "", 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function typed(name: string, type: string, raw: unknown): Plain {
  const text = raw === undefined ? "" : decodeText(String(raw));
  switch (type) {
    case "integer": {
      if (text === "") return null;
      if (!INTEGER.test(text)) throw new DecodeError(`<${name}> is not an integer`);
      const value = Number(text);
      if (!Number.isSafeInteger(value)) throw new DecodeError(`<${name}> is out of range`);
      return value;
    }
    case "float":
    case "decimal": {
      if (text === "") return null;
      if (!FLOAT.test(text)) throw new DecodeError(`<${name}> is not a number`);
      return Number(text);
    }
    case "boolean":
      if (text === "true" || text === "1") return true;
      if (text === "false" || text === "0") return false;
      if (text === "") return null;
      throw new DecodeError(`<${name}> is not a boolean`);
    default:
      // date, datetime, string, yaml, symbol…: text; model decoders read dates.
      return text;
  }
}

function childrenOf(node: Record<string, unknown>, depth: number): Plain[] {
  const items: Plain[] = [];
  for (const key in node) {
    if (key === ATTRS || key === TEXT) continue;
    const value = node[key];
    if (Array.isArray(value)) for (const item of value) items.push(element(key, item, depth + 1));
    else items.push(element(key, value, depth + 1));
  }
  return items;
}

function element(name: string, raw: unknown, depth: number): Plain {
  if (depth > MAX_DEPTH) throw new DecodeError("the document is nested too deeply", "unparseable");
  if (typeof raw === "string") return decodeText(raw);
  if (typeof raw !== "object" || raw === null) return raw === undefined ? "" : String(raw);
  const node = raw as Record<string, unknown>;
  const attrs = node[ATTRS] as Record<string, string> | undefined;
  const type = attrs?.type;
  if (attrs?.nil === "true") return null;
  if (type === "array") return childrenOf(node, depth);
  if (type !== undefined && type !== "hash") return typed(name, type, node[TEXT]);
  let out: PlainObject | null = null;
  for (const key in node) {
    if (key === ATTRS || key === TEXT) continue;
    out ??= {};
    const value = node[key];
    out[camelCase(key)] = Array.isArray(value) ? value.map((item) => element(key, item, depth + 1)) : element(key, value, depth + 1);
  }
  if (out !== null) return out;
  const text = node[TEXT];
  return text === undefined ? "" : decodeText(String(text));
}

/** Where a parse error points, for a message that helps without echoing the body. */
function describeInvalid(result: ReturnType<typeof XMLValidator.validate>): string {
  if (result === true) return "";
  return `${result.err.msg} (line ${result.err.line})`;
}

/**
 * Parses one XML document into the neutral tree: a list for any `type="array"` root (or a known
 * collection root), otherwise the root element's value. Throws `DecodeError` only.
 */
export function decodeXml(text: string): Plain {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(text)) throw new DecodeError("the XML declares a DOCTYPE or entities, which are refused", "unparseable");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new DecodeError(`the XML is not well-formed: ${describeInvalid(valid)}`, "unparseable");
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : "parse error";
    throw new DecodeError(`the XML could not be read: ${message.slice(0, 200)}`, "unparseable");
  }
  const roots = Object.keys(tree);
  if (roots.length !== 1) throw new DecodeError(roots.length === 0 ? "the XML has no root element" : "the XML has more than one root element", "unparseable");
  const rootName = roots[0]!;
  const root = tree[rootName];
  if (KNOWN_COLLECTIONS.has(rootName) && (typeof root !== "object" || root === null || (root as Record<string, Record<string, string> | undefined>)[ATTRS]?.nil !== "true")) {
    if (typeof root === "string") return [];
    if (typeof root === "object" && root !== null) return childrenOf(root as Record<string, unknown>, 0);
  }
  return element(rootName, root, 0);
}
