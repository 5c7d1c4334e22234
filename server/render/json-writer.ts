/** JSON output: Co-op unrooted (optionally with 2008 slash dates), Harvest rooted. */
import type { Doc, Node } from "./nodes";
import { isoTime, slashDate, slashTime } from "./times";

export type JsonDates = "iso" | "slash";

function toJsonValue(node: Node, dates: JsonDates): unknown {
  switch (node.k) {
    case "int":
    case "float":
    case "bool":
    case "str":
      return node.v;
    case "time":
      return dates === "slash" ? slashTime(node.ms, node.zone) : isoTime(node.ms, node.zone);
    case "date":
      return dates === "slash" ? slashDate(node.v) : node.v;
    case "nil":
      return null;
    case "obj": {
      const value: Record<string, unknown> = {};
      for (const [field, child] of node.fields) value[field] = toJsonValue(child, dates);
      return value;
    }
    case "list":
      return node.items.map((item) => toJsonValue(item, dates));
  }
}

export function renderJson(doc: Doc, dates: JsonDates): string {
  const { node } = doc;
  if (!doc.rooted) return JSON.stringify(toJsonValue(node, dates));
  if (node.k === "list") return JSON.stringify(node.items.map((item) => ({ [node.item]: toJsonValue(item, dates) })));
  return JSON.stringify({ [doc.root]: toJsonValue(node, dates) });
}

export function renderJsonErrors(messages: readonly string[]): string {
  return JSON.stringify({ errors: messages });
}
