/**
 * Field readers for model decoders. Each throws `DecodeError` naming the field (and the record it
 * sits in) so a malformed response says exactly what was wrong. Lenient only where the servers
 * really vary: untyped XML numbers arrive as strings, nil arrives as null or as an absent element.
 */
import type { CalendarDate, Instant } from "./models";
import { parseCalendarDate, parseInstant } from "./dates";
import { DecodeError, isPlainObject, type Plain, type PlainObject } from "./plain";

export function record(value: Plain | undefined, what: string): PlainObject {
  if (!isPlainObject(value)) throw new DecodeError(`${what} is not an object`);
  return value;
}

export function list(value: Plain | undefined, what: string): Plain[] {
  if (!Array.isArray(value)) throw new DecodeError(`${what} is not a list`);
  return value;
}

function missing(field: string, what: string): DecodeError {
  return new DecodeError(`${what} has no ${field}`);
}

function wrong(field: string, what: string, expected: string): DecodeError {
  return new DecodeError(`${what}'s ${field} is not ${expected}`);
}

const INTEGER_TEXT = /^[+-]?\d+$/;

export function optInt(o: PlainObject, field: string, what: string): number | null {
  const v = o[field];
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  if (typeof v === "string" && INTEGER_TEXT.test(v.trim())) {
    const n = Number(v.trim());
    if (Number.isSafeInteger(n)) return n;
  }
  throw wrong(field, what, "an integer");
}

export function int(o: PlainObject, field: string, what: string): number {
  const v = optInt(o, field, what);
  if (v === null) throw missing(field, what);
  return v;
}

export function optNumber(o: PlainObject, field: string, what: string): number | null {
  const v = o[field];
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    const n = Number(v.trim());
    if (v.trim() !== "" && Number.isFinite(n)) return n;
  }
  throw wrong(field, what, "a number");
}

export function num(o: PlainObject, field: string, what: string): number {
  const v = optNumber(o, field, what);
  if (v === null) throw missing(field, what);
  return v;
}

export function optStr(o: PlainObject, field: string, what: string): string | null {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v.trim();
  // JSON may carry digits-only tokens (feed_key) as numbers.
  if (typeof v === "number") return String(v);
  throw wrong(field, what, "text");
}

export function str(o: PlainObject, field: string, what: string): string {
  const v = optStr(o, field, what);
  if (v === null) throw missing(field, what);
  return v;
}

/** Like `optStr` but an empty string means "none" (Rails renders empty optional text as `<x></x>`). */
export function optText(o: PlainObject, field: string, what: string): string | null {
  const v = optStr(o, field, what);
  return v === null || v === "" ? null : v;
}

export function optBool(o: PlainObject, field: string, what: string): boolean | null {
  const v = o[field];
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "1" || v === 1) return true;
  if (v === "false" || v === "0" || v === 0) return false;
  throw wrong(field, what, "true or false");
}

export function bool(o: PlainObject, field: string, what: string): boolean {
  const v = optBool(o, field, what);
  if (v === null) throw missing(field, what);
  return v;
}

export function optInstant(o: PlainObject, field: string, what: string): Instant | null {
  const v = o[field];
  if (v === undefined || v === null || v === "") return null;
  if (typeof v !== "string") throw wrong(field, what, "a date and time");
  const parsed = parseInstant(v);
  if (parsed === null) throw wrong(field, what, `a date and time we understand ("${v.slice(0, 40)}")`);
  return parsed;
}

export function instant(o: PlainObject, field: string, what: string): Instant {
  const v = optInstant(o, field, what);
  if (v === null) throw missing(field, what);
  return v;
}

export function optDate(o: PlainObject, field: string, what: string): CalendarDate | null {
  const v = o[field];
  if (v === undefined || v === null || v === "") return null;
  if (typeof v !== "string") throw wrong(field, what, "a date");
  const parsed = parseCalendarDate(v) ?? parseInstant(v)?.slice(0, 10) ?? null;
  if (parsed === null) throw wrong(field, what, `a date we understand ("${v.slice(0, 40)}")`);
  return parsed;
}
