/**
 * A small Textile-like renderer for agendas, enough for what Co-op's samples show: `* item` lists,
 * `# item` numbered lists, paragraphs with `<br />` line breaks, `*strong*` and `_emphasis_`.
 * Everything is HTML-escaped first, so agenda text can never inject markup.
 */
import { escapeXml } from "./render/xml-writer";

function inline(text: string): string {
  return escapeXml(text)
    .replace(/(^|[\s(])\*(\S(?:[^*]*\S)?)\*(?=$|[\s.,;:!?)])/g, "$1<strong>$2</strong>")
    .replace(/(^|[\s(])_(\S(?:[^_]*\S)?)_(?=$|[\s.,;:!?)])/g, "$1<em>$2</em>");
}

export function textileToHtml(source: string): string {
  const blocks = source.replace(/\r\n?/g, "\n").split(/\n\s*\n/);
  const out: string[] = [];
  for (const block of blocks) {
    const lines = block.split("\n").filter((line) => line.trim() !== "");
    if (lines.length === 0) continue;
    if (lines.every((line) => /^\*\s+/.test(line))) {
      out.push(`<ul>\n${lines.map((line) => `\t<li>${inline(line.replace(/^\*\s+/, ""))}</li>`).join("\n")}\n</ul>`);
    } else if (lines.every((line) => /^#\s+/.test(line))) {
      out.push(`<ol>\n${lines.map((line) => `\t<li>${inline(line.replace(/^#\s+/, ""))}</li>`).join("\n")}\n</ol>`);
    } else {
      out.push(`<p>${lines.map((line) => inline(line.trim())).join("<br />\n")}</p>`);
    }
  }
  return out.join("\n");
}
