/**
 * Field kinds for the wire models' zod schemas. The codecs hand over a format-neutral tree (camelCase
 * keys; XML numbers and booleans may still be text, nil is null, an absent element or ""); each kind
 * accepts exactly what the servers really send and reports a field as missing or as not what it
 * should be, so `decodeWith` can name the field and the record it sits in.
 */
import { z } from "zod";
import { parseCalendarDate, parseInstant } from "./dates";
import type { CalendarDate, Instant } from "./models";

export const MISSING = "missing";
const INTEGER_TEXT = /^[+-]?\d+$/;

const nil = (v: unknown): boolean => v === undefined || v === null;
const blank = (v: unknown): boolean => nil(v) || v === "";

interface Kind<T> {
  /** Present and valid. */
  readonly required: z.ZodType<T>;
  /** Absent (or nil) reads as null. */
  readonly optional: z.ZodType<T | null>;
  /** Absent (or nil) reads as `fallback`. */
  or(fallback: T): z.ZodType<T>;
}

function kind<T>(
  isAbsent: (v: unknown) => boolean,
  parse: (v: unknown) => T | undefined,
  expected: (v: unknown) => string,
): Kind<T> {
  const read = (fallback: () => T | null) =>
    z.unknown().transform((v, ctx) => {
      if (isAbsent(v)) {
        const value = fallback();
        if (value !== undefined) return value;
        ctx.addIssue({ code: "custom", message: MISSING });
        return z.NEVER;
      }
      const out = parse(v);
      if (out === undefined) {
        ctx.addIssue({ code: "custom", message: `is not ${expected(v)}` });
        return z.NEVER;
      }
      return out;
    });
  return {
    required: read(() => undefined as unknown as T) as unknown as z.ZodType<T>,
    optional: read(() => null) as unknown as z.ZodType<T | null>,
    or: (fallback) => read(() => fallback) as unknown as z.ZodType<T>,
  };
}

const quoted = (v: unknown): string => (typeof v === "string" ? ` ("${v.slice(0, 40)}")` : "");

export const int = kind<number>(
  blank,
  (v) => {
    if (typeof v === "number") return Number.isSafeInteger(v) ? v : undefined;
    if (typeof v !== "string" || !INTEGER_TEXT.test(v.trim())) return undefined;
    const n = Number(v.trim());
    return Number.isSafeInteger(n) ? n : undefined;
  },
  () => "an integer",
);

export const num = kind<number>(
  blank,
  (v) => {
    if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
    if (typeof v !== "string" || v.trim() === "") return undefined;
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  },
  () => "a number",
);

/** Text, trimmed; JSON may carry digits-only tokens (feed_key) as numbers. "" is text here. */
export const str = kind<string>(
  nil,
  (v) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : undefined),
  () => "text",
);

/** Optional text where "" means none (Rails renders empty optional text as `<x></x>`). */
export const text = z
  .unknown()
  .pipe(str.optional)
  .transform((v) => (v === "" ? null : v));

export const bool = kind<boolean>(
  blank,
  (v) => {
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "1" || v === 1) return true;
    if (v === "false" || v === "0" || v === 0) return false;
    return undefined;
  },
  () => "true or false",
);

export const instant = kind<Instant>(
  blank,
  (v) => (typeof v === "string" ? (parseInstant(v) ?? undefined) : undefined),
  (v) => (typeof v === "string" ? `a date and time we understand${quoted(v)}` : "a date and time"),
);

export const date = kind<CalendarDate>(
  blank,
  (v) => (typeof v === "string" ? (parseCalendarDate(v) ?? parseInstant(v)?.slice(0, 10) ?? undefined) : undefined),
  (v) => (typeof v === "string" ? `a date we understand${quoted(v)}` : "a date"),
);

/**
 * A record of the tree: an object, or "… is not an object". An absent field is read as nil (zod would
 * skip an absent key whose input may be undefined), so every field's kind decides what absence means.
 */
export function record<S extends z.ZodRawShape>(shape: S) {
  const keys = Object.keys(shape);
  return z.preprocess(
    (v) => {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
      // Copy only when a field is absent: most records carry every field.
      let filled: Record<string, unknown> | null = null;
      for (const key of keys) {
        if (key in v) continue;
        filled ??= { ...v };
        filled[key] = null;
      }
      return filled ?? v;
    },
    z.object(shape, { error: () => "is not an object" }),
  );
}

/** A list of `item`s; absent or nil is missing. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item, {
    error: (issue) => (issue.input === null || issue.input === undefined ? MISSING : "is not a list"),
  });
}

/** A list of text; absent or nil reads as none. */
export const texts = z.preprocess(
  (v) => v ?? [],
  z.array(z.string({ error: () => "is not text" }), { error: () => "is not a list" }),
);
