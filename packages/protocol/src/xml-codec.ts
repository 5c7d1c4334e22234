/**
 * Rails-style XML to the neutral `Plain` tree. Hostile input is refused before and while parsing:
 * DOCTYPE/ENTITY declarations (entity expansion) are rejected outright, the document must be
 * well-formed (a truncated body is not silently half-read), and nesting is capped by the parser
 * itself so a 10,000-deep document fails fast instead of exhausting the stack.
 */
import { XMLParser } from "fast-xml-parser";
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
    out[camelCase(key)] = Array.isArray(value)
      ? value.map((item) => element(key, item, depth + 1))
      : element(key, value, depth + 1);
  }
  if (out !== null) return out;
  const text = node[TEXT];
  return text === undefined ? "" : decodeText(String(text));
}

/**
 * One pass over the markup before parsing: every tag closed by its own name, one root, nesting
 * capped, no DOCTYPE or entity declarations. fast-xml-parser alone reads a truncated document or a
 * mismatched closing tag without complaint, and its own validator costs a third of a parse; this
 * jumps from tag to tag with `indexOf`, so it costs a small fraction. Returns the problem or null.
 */
export function checkMarkup(text: string): string | null {
  const stack: string[] = [];
  const n = text.length;
  let roots = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    if (stack.length === 0 && roots > 0 && text.slice(i, lt).trim() !== "") return "text after the root element";
    const next = text.charCodeAt(lt + 1);
    if (next === 63 /* ? */) {
      const end = text.indexOf("?>", lt + 2);
      if (end < 0) return "an unterminated processing instruction";
      i = end + 2;
      continue;
    }
    if (next === 33 /* ! */) {
      if (text.startsWith("<!--", lt)) {
        const end = text.indexOf("-->", lt + 4);
        if (end < 0) return "an unterminated comment";
        i = end + 3;
        continue;
      }
      if (text.startsWith("<![CDATA[", lt)) {
        if (stack.length === 0) return "character data outside the root element";
        const end = text.indexOf("]]>", lt + 9);
        if (end < 0) return "an unterminated CDATA section";
        i = end + 3;
        continue;
      }
      return "a DOCTYPE or entity declaration, which is refused";
    }
    // Find the tag's end, skipping quoted attribute values (they may hold '>').
    let gt = lt + 1;
    let quote = 0;
    for (; gt < n; gt++) {
      const c = text.charCodeAt(gt);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) break;
      else if (c === 60) return "a '<' inside a tag";
    }
    if (gt >= n) return "an unterminated tag (the document is cut short)";
    if (next === 47 /* / */) {
      const name = text.slice(lt + 2, gt).trimEnd();
      const open = stack.pop();
      if (open !== name)
        return open === undefined
          ? `a stray </${name.slice(0, 40)}>`
          : `</${name.slice(0, 40)}> where </${open.slice(0, 40)}> was expected`;
    } else {
      let end = lt + 1;
      while (end < gt) {
        const c = text.charCodeAt(end);
        if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
        end++;
      }
      if (end === lt + 1) return "a tag without a name";
      if (stack.length === 0 && roots++ > 0) return "more than one root element";
      if (text.charCodeAt(gt - 1) !== 47 /* self-closing */) {
        stack.push(text.slice(lt + 1, end));
        if (stack.length > MAX_DEPTH) return "nesting deeper than any real document";
      }
    }
    i = gt + 1;
  }
  if (stack.length > 0) return `<${stack[stack.length - 1]!.slice(0, 40)}> is never closed (the document is cut short)`;
  if (roots === 0) return "no root element";
  if (text.slice(i).trim() !== "") return "text after the root element";
  return null;
}

/**
 * Parses one XML document into the neutral tree: a list for any `type="array"` root (or a known
 * collection root), otherwise the root element's value. Throws `DecodeError` only.
 */
export function decodeXml(text: string): Plain {
  const problem = checkMarkup(text);
  if (problem !== null) throw new DecodeError(`the XML is not well-formed: ${problem}`, "unparseable");
  let tree: Record<string, unknown>;
  try {
    tree = parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : "parse error";
    throw new DecodeError(`the XML could not be read: ${message.slice(0, 200)}`, "unparseable");
  }
  const roots = Object.keys(tree);
  if (roots.length !== 1)
    throw new DecodeError(
      roots.length === 0 ? "the XML has no root element" : "the XML has more than one root element",
      "unparseable",
    );
  const rootName = roots[0]!;
  const root = tree[rootName];
  if (
    KNOWN_COLLECTIONS.has(rootName) &&
    (typeof root !== "object" ||
      root === null ||
      (root as Record<string, Record<string, string> | undefined>)[ATTRS]?.nil !== "true")
  ) {
    if (typeof root === "string") return [];
    if (typeof root === "object" && root !== null) return childrenOf(root as Record<string, unknown>, 0);
  }
  return element(rootName, root, 0);
}
