/** What a Rails web app answers when the client asks for neither XML nor JSON: an HTML page. */
import type { Doc, Node } from "./nodes";
import { escapeXml } from "./xml-writer";
import { isoTime } from "./times";

function cell(node: Node): string {
  switch (node.k) {
    case "int":
    case "float":
    case "bool":
      return String(node.v);
    case "str":
      return escapeXml(node.v);
    case "time":
      return isoTime(node.ms, node.zone);
    case "date":
      return node.v;
    case "nil":
      return "";
    case "obj":
      return `<dl>${node.fields.map(([name, value]) => `<dt>${escapeXml(name)}</dt><dd>${cell(value)}</dd>`).join("")}</dl>`;
    case "list":
      return `<ul>${node.items.map((item) => `<li>${cell(item)}</li>`).join("")}</ul>`;
  }
}

export function htmlPage(title: string, bodyHtml: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>\n<body>\n<h1>${escapeXml(title)}</h1>\n${bodyHtml}\n</body>\n</html>\n`;
}

export function renderHtml(doc: Doc, title: string): string {
  return htmlPage(title, cell(doc.node));
}

export function renderHtmlErrors(status: number, messages: readonly string[]): string {
  return htmlPage(`Error ${status}`, `<ul>${messages.map((m) => `<li>${escapeXml(m)}</li>`).join("")}</ul>`);
}
