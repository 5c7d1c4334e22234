/**
 * Finds links in plain text. Detection is linkifyjs's (a maintained tokenizer that knows TLDs,
 * balanced brackets and trailing punctuation); this module only narrows it to what the app opens:
 * links written with http:// or https://, or starting `www.` (opened as https), and email addresses
 * (as `mailto:`). A bare "example.com" stays text: too many words with a dot in them are not links.
 */
import { isMailtoUrl } from "@coop-tray/protocol/rules";
import { find } from "linkifyjs";

export type TextPart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "link"; readonly text: string; readonly url: string };

const HTTP_SCHEME = /^https?:\/\//i;
const WWW = /^www\./i;
/** A link glued to a word ("xhttps://…", "日本https://…") is not one; "_https://…_" is. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of find(text)) {
    if (WORD_CHAR.test(text.charAt(match.start - 1))) continue;
    const url = linkTarget(match.type, match.value);
    if (url === null) continue;
    if (match.start > last) parts.push({ kind: "text", text: text.slice(last, match.start) });
    parts.push({ kind: "link", text: match.value, url });
    last = match.end;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}

/** Where a found link goes, or null when the app does not link it. */
function linkTarget(type: string, value: string): string | null {
  if (type === "email") {
    const mailto = `mailto:${value}`;
    return isMailtoUrl(mailto) ? mailto : null;
  }
  if (type !== "url") return null;
  const written = HTTP_SCHEME.test(value) ? value : WWW.test(value) ? `https://${value}` : null;
  if (written === null) return null;
  try {
    return new URL(written).href;
  } catch {
    return null;
  }
}
