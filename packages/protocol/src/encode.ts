/**
 * Request bodies in either format. Co-op's documented bodies use underscored element names and
 * Harvest's dashed ones; Rails accepts both, so each call says which it sends.
 */
import type { WireFormat } from "./models";

export type Scalar = string | number | boolean | null;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

function xmlElement(name: string, value: Scalar): string {
  if (value === null) return `<${name} nil="true"></${name}>`;
  if (typeof value === "number")
    return `<${name} type="${Number.isInteger(value) ? "integer" : "float"}">${value}</${name}>`;
  if (typeof value === "boolean") return `<${name} type="boolean">${value}</${name}>`;
  return `<${name}>${escapeXml(value)}</${name}>`;
}

export interface Body {
  readonly text: string;
  readonly contentType: string;
}

function contentTypeOf(format: WireFormat): string {
  return format === "xml" ? "application/xml; charset=utf-8" : "application/json; charset=utf-8";
}

/**
 * A record body: `<root><a>…</a></root>` or `{"root": {"a": …}}`. Field names are given underscored;
 * `dashed` writes them dashed in XML (Harvest's documented form). Undefined fields are left out.
 */
export function encodeRecord(
  format: WireFormat,
  root: string,
  fields: Readonly<Record<string, Scalar | undefined>>,
  dashed = false,
): Body {
  const entries = Object.entries(fields).filter((entry): entry is [string, Scalar] => entry[1] !== undefined);
  if (format === "json")
    return { text: JSON.stringify({ [root]: Object.fromEntries(entries) }), contentType: contentTypeOf(format) };
  const name = (n: string): string => (dashed ? n.replaceAll("_", "-") : n);
  const inner = entries.map(([key, value]) => xmlElement(name(key), value)).join("");
  return {
    text: `<?xml version="1.0" encoding="UTF-8"?><${name(root)}>${inner}</${name(root)}>`,
    contentType: contentTypeOf(format),
  };
}

/** A single-value body: `<status>text</status>` or `{"status": "text"}` (the root element is the value). */
export function encodeValue(format: WireFormat, name: string, value: Scalar): Body {
  if (format === "json") return { text: JSON.stringify({ [name]: value }), contentType: contentTypeOf(format) };
  return {
    text: `<?xml version="1.0" encoding="UTF-8"?>${xmlElement(name, value)}`,
    contentType: contentTypeOf(format),
  };
}
