/** JSON to the neutral `Plain` tree: keys camelCased, nesting capped, anything odd refused. */
import { DecodeError, MAX_DEPTH, camelCase, type Plain, type PlainObject } from "./plain";

function normalise(value: unknown, depth: number): Plain {
  if (depth > MAX_DEPTH) throw new DecodeError("the JSON is nested too deeply", "unparseable");
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  if (Array.isArray(value)) {
    const out: Plain[] = new Array<Plain>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = normalise(value[i], depth + 1);
    return out;
  }
  const out: PlainObject = {};
  const source = value as Record<string, unknown>;
  for (const key in source) out[camelCase(key)] = normalise(source[key], depth + 1);
  return out;
}

/** A cheap pre-check so a 10,000-deep array is refused before JSON.parse builds it. */
function tooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Parses one JSON document. Throws `DecodeError` only. */
export function decodeJson(text: string): Plain {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (tooDeep(text)) throw new DecodeError("the JSON is nested too deeply", "unparseable");
    const message = error instanceof Error ? error.message : "parse error";
    throw new DecodeError(`the JSON could not be read: ${message.slice(0, 200)}`, "unparseable");
  }
  return normalise(parsed, 0);
}
