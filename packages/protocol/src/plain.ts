/**
 * The format-neutral tree both codecs produce: JSON-like values with camelCase keys. XML typed
 * scalars are already numbers/booleans/null here; dates stay strings until a model decoder reads them.
 */
export type Plain = string | number | boolean | null | Plain[] | PlainObject;
export interface PlainObject {
  [key: string]: Plain;
}

/** Raised inside a decoder; turned into a `malformed` value at the codec boundary, never escapes it. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly reason: "unparseable" | "shape" = "shape",
  ) {
    super(message);
    this.name = "DecodeError";
  }
}

const camelCache = new Map<string, string>();

/** `avatar-thumb-url` and `avatar_thumb_url` both become `avatarThumbUrl`; cached because names repeat. */
export function camelCase(name: string): string {
  const cached = camelCache.get(name);
  if (cached !== undefined) return cached;
  let out = "";
  let upper = false;
  for (const ch of name) {
    if (ch === "-" || ch === "_") {
      upper = out.length > 0;
      continue;
    }
    out += upper ? ch.toUpperCase() : ch;
    upper = false;
  }
  // Bound the cache: hostile documents could otherwise invent unlimited names.
  if (camelCache.size < 2_000) camelCache.set(name, out);
  return out;
}

export function isPlainObject(value: Plain | undefined): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deepest nesting either codec accepts; real documents stay under 6. */
export const MAX_DEPTH = 64;
