/** Finds http(s) links in plain text, trimming trailing punctuation that is almost never part of a URL. */
export type TextPart = { readonly kind: "text"; readonly text: string } | { readonly kind: "link"; readonly text: string; readonly url: string };

// Not glued to a letter or digit before it ("xhttps://" is not a link), but "_https://…_" is.
const LINK_RE = /(?<![\p{L}\p{N}])https?:\/\/[^\s<>"]+/giu;

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK_RE)) {
    let raw = match[0];
    const trailing = /[.,;:!?'")\]]+$/.exec(raw);
    if (trailing) raw = raw.slice(0, raw.length - trailing[0].length);
    const start = match.index;
    let url: string;
    try {
      url = new URL(raw).href;
    } catch {
      continue;
    }
    if (start > last) parts.push({ kind: "text", text: text.slice(last, start) });
    parts.push({ kind: "link", text: raw, url });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
