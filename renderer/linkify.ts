/**
 * Finds http(s) links in plain text. Detection is linkifyjs's (a maintained tokenizer that knows
 * TLDs, balanced brackets and trailing punctuation); this module only narrows it to what the app
 * opens: links written with an explicit http:// or https:// (no bare "example.com", no emails, no
 * other schemes), normalised by the URL parser.
 */
import { find } from "linkifyjs";

export type TextPart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "link"; readonly text: string; readonly url: string };

const HTTP_SCHEME = /^https?:\/\//i;
/** A link glued to a word ("xhttps://…", "日本https://…") is not one; "_https://…_" is. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of find(text, "url")) {
    if (!HTTP_SCHEME.test(match.value) || WORD_CHAR.test(text.charAt(match.start - 1))) continue;
    let url: string;
    try {
      url = new URL(match.value).href;
    } catch {
      continue;
    }
    if (match.start > last) parts.push({ kind: "text", text: text.slice(last, match.start) });
    parts.push({ kind: "link", text: match.value, url });
    last = match.end;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
