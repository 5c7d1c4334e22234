/** Rails `to_xml` style output: dashed names, `type` attributes, `nil="true"`, `type="array"` lists. */
import type { Doc, Node } from "./nodes";
import { isoTime } from "./times";

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * Characters XML 1.0 cannot carry. Input refuses them (http/body.ts), but text stored before that rule
 * may hold one: it is written as U+FFFD so the document stays well-formed (docs/coop-api.md §16.3).
 */
const UNWRITABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The first character XML cannot carry in `text`, as `U+0001`, or null. */
export function unwritableCharacter(text: string): string | null {
  const found = new RegExp(UNWRITABLE.source).exec(text);
  if (found === null) return null;
  return `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Escapes for attributes and HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c).replace(UNWRITABLE, "\uFFFD");
}

/** Text content the way Rails' Builder wrote it: only &, < and > need escaping there. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => XML_ESCAPES[c] ?? c).replace(UNWRITABLE, "\uFFFD");
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export const dashed = (name: string): string => name.replaceAll("_", "-");

function element(name: string, node: Node, indent: string, out: string[]): void {
  const tag = dashed(name);
  switch (node.k) {
    case "int":
      out.push(`${indent}<${tag} type="integer">${String(node.v)}</${tag}>\n`);
      return;
    case "float":
      // Ruby prints floats with a decimal point even when whole (2.0).
      out.push(
        `${indent}<${tag} type="float">${Number.isInteger(node.v) ? node.v.toFixed(1) : String(node.v)}</${tag}>\n`,
      );
      return;
    case "bool":
      out.push(`${indent}<${tag} type="boolean">${String(node.v)}</${tag}>\n`);
      return;
    case "str":
      out.push(`${indent}<${tag}>${escapeText(node.v)}</${tag}>\n`);
      return;
    case "time":
      out.push(`${indent}<${tag} type="datetime">${isoTime(node.ms, node.zone)}</${tag}>\n`);
      return;
    case "date":
      out.push(`${indent}<${tag} type="date">${node.v}</${tag}>\n`);
      return;
    case "nil":
      out.push(
        node.type === "string"
          ? `${indent}<${tag} nil="true"/>\n`
          : `${indent}<${tag} type="${node.type}" nil="true"/>\n`,
      );
      return;
    case "obj":
      out.push(`${indent}<${tag}>\n`);
      for (const [field, value] of node.fields) element(field, value, `${indent}  `, out);
      out.push(`${indent}</${tag}>\n`);
      return;
    case "list":
      if (node.items.length === 0) {
        out.push(`${indent}<${tag} type="array"/>\n`);
        return;
      }
      out.push(`${indent}<${tag} type="array">\n`);
      for (const item of node.items) element(node.item, item, `${indent}  `, out);
      out.push(`${indent}</${tag}>\n`);
      return;
  }
}

export function renderXml(doc: Doc): string {
  const out: string[] = [XML_DECLARATION];
  element(doc.root, doc.node, "", out);
  return out.join("");
}

/** Rails' error document. */
export function renderXmlErrors(messages: readonly string[]): string {
  return `${XML_DECLARATION}<errors>\n${messages.map((m) => `  <error>${escapeText(m)}</error>\n`).join("")}</errors>\n`;
}
