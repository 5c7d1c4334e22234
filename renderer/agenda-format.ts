/**
 * The little Textile people write in agendas, read from the source text into a typed tree the view
 * renders as elements. The server's HTML rendering is never used: nothing here ever becomes markup,
 * so "<script>" in an agenda stays the text "<script>".
 *
 * - A line starting with "* " or "- " is a bullet, "# " a numbered item; doubling the marker ("** ")
 *   nests one level deeper. Consecutive items form one list.
 * - A blank line ends a paragraph; other line breaks inside a paragraph are kept.
 * - "*strong*" and "_emphasis_" (also "**b**" and "__i__"), which may hold each other; a marker only
 *   counts at a word's edge, so snake_case_names and 2*3*4 stay as typed.
 * - http(s) links, found before any emphasis so a URL's own "_" or "*" never breaks it (a "*" or "_"
 *   at its very end closes the emphasis around it instead).
 */
import { splitLinks } from "./linkify";

export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "link"; readonly text: string; readonly url: string }
  | { readonly kind: "strong"; readonly children: readonly Inline[] }
  | { readonly kind: "em"; readonly children: readonly Inline[] };

export interface ListItem {
  /** 1 for a top-level item, 2 for "** ", 3 for "*** ". */
  readonly level: number;
  readonly content: readonly Inline[];
}

export type Block =
  /** Lines of one paragraph; each line is a run of inline content. */
  | { readonly kind: "paragraph"; readonly lines: readonly (readonly Inline[])[] }
  | { readonly kind: "list"; readonly ordered: boolean; readonly items: readonly ListItem[] };

const ITEM_RE = /^\s*([*#-]{1,3})\s+(.*)$/;
const MAX_LEVEL = 3;

export function parseAgenda(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: Inline[][] | null = null;
  let list: { ordered: boolean; items: ListItem[] } | null = null;
  const flush = (): void => {
    if (paragraph) blocks.push({ kind: "paragraph", lines: paragraph });
    if (list) blocks.push({ kind: "list", ordered: list.ordered, items: list.items });
    paragraph = null;
    list = null;
  };
  for (const line of source.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "") {
      flush();
      continue;
    }
    const item = listItem(line);
    if (item) {
      if (!list || list.ordered !== item.ordered) {
        flush();
        list = { ordered: item.ordered, items: [] };
      }
      list.items.push({ level: item.level, content: parseInline(item.text) });
      continue;
    }
    if (list) flush();
    paragraph ??= [];
    paragraph.push(parseInline(line.trimEnd()));
  }
  flush();
  return blocks;
}

function listItem(line: string): { ordered: boolean; level: number; text: string } | null {
  const match = ITEM_RE.exec(line);
  const marker = match?.[1];
  if (!match || !marker) return null;
  const first = marker.charAt(0);
  // One kind of marker per item ("*#" is not a marker) and never a line of dashes or stars alone.
  if ([...marker].some((c) => c !== first)) return null;
  const text = match[2] ?? "";
  if (text.trim() === "") return null;
  if (first === "-" && marker.length > 1) return null;
  return { ordered: first === "#", level: Math.min(marker.length, MAX_LEVEL), text };
}

/** One character of a line, or a whole link that emphasis treats as a single word character. */
type Atom = { readonly ch: string } | { readonly link: { readonly text: string; readonly url: string } };

const WORD_RE = /[\p{L}\p{N}]/u;
const SPACE_RE = /\s/u;

function isWord(atom: Atom | undefined): boolean {
  return atom !== undefined && ("link" in atom || WORD_RE.test(atom.ch));
}

function isSpace(atom: Atom | undefined): boolean {
  return atom !== undefined && "ch" in atom && SPACE_RE.test(atom.ch);
}

function charAt(atoms: readonly Atom[], i: number): string | null {
  const atom = atoms[i];
  return atom && "ch" in atom ? atom.ch : null;
}

export function parseInline(text: string): Inline[] {
  const atoms: Atom[] = [];
  for (const part of splitLinks(text)) {
    if (part.kind === "text") {
      for (const ch of part.text) atoms.push({ ch });
      continue;
    }
    // "*see https://x.test/menu*": the closing marker belongs to the emphasis, not the URL.
    const trailing = /[*_]+$/.exec(part.text)?.[0] ?? "";
    const linkText = part.text.slice(0, part.text.length - trailing.length);
    const url = trailing ? safeHref(linkText) : part.url;
    if (url === null) for (const ch of part.text) atoms.push({ ch });
    else {
      atoms.push({ link: { text: linkText, url } });
      for (const ch of trailing) atoms.push({ ch });
    }
  }
  return inlineRange(atoms, 0, atoms.length);
}

function inlineRange(atoms: readonly Atom[], start: number, end: number): Inline[] {
  const out: Inline[] = [];
  let text = "";
  const flushText = (): void => {
    if (text) out.push({ kind: "text", text });
    text = "";
  };
  let i = start;
  while (i < end) {
    const atom = atoms[i];
    if (!atom) break;
    if ("link" in atom) {
      flushText();
      out.push({ kind: "link", text: atom.link.text, url: atom.link.url });
      i++;
      continue;
    }
    const span = emphasisAt(atoms, i, end);
    if (span) {
      flushText();
      out.push({
        kind: span.marker === "*" ? "strong" : "em",
        children: inlineRange(atoms, span.innerStart, span.innerEnd),
      });
      i = span.next;
      continue;
    }
    text += atom.ch;
    i++;
  }
  flushText();
  return out;
}

/** An emphasis span opening at `i`: its marker, the inner range and where the text resumes. */
function emphasisAt(
  atoms: readonly Atom[],
  i: number,
  end: number,
): { marker: string; innerStart: number; innerEnd: number; next: number } | null {
  const marker = charAt(atoms, i);
  if (marker !== "*" && marker !== "_") return null;
  const width = charAt(atoms, i + 1) === marker ? 2 : 1;
  const innerStart = i + width;
  // Opens at a word's start: not glued to a word before it, and followed by something other than space.
  if (isWord(atoms[i - 1]) || innerStart >= end || isSpace(atoms[innerStart]) || charAt(atoms, innerStart) === marker)
    return null;
  for (let j = innerStart + 1; j + width <= end; j++) {
    if (charAt(atoms, j) !== marker || (width === 2 && charAt(atoms, j + 1) !== marker)) continue;
    // Closes at a word's end: after something other than space, and not glued to a word after it.
    if (isSpace(atoms[j - 1]) || isWord(atoms[j + width]) || charAt(atoms, j + width) === marker) continue;
    return { marker, innerStart, innerEnd: j, next: j + width };
  }
  return null;
}

function safeHref(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
