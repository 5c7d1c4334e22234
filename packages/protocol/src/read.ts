/**
 * Field readers for the decoders that reshape what they read (v2 project assignments, a status's
 * type and id) rather than mirror it in a schema. Each reads with the same field kinds as the
 * schemas (wire.ts) and throws `DecodeError` naming the field and the record it sits in.
 */
import type { z } from "zod";
import { DecodeError, isPlainObject, type Plain, type PlainObject } from "./plain";
import * as wire from "./wire";

export function record(value: Plain | undefined, what: string): PlainObject {
  if (!isPlainObject(value)) throw new DecodeError(`${what} is not an object`);
  return value;
}

export function list(value: Plain | undefined, what: string): Plain[] {
  if (!Array.isArray(value)) throw new DecodeError(`${what} is not a list`);
  return value;
}

function read<T>(kind: z.ZodType<T>, o: PlainObject, field: string, what: string): T {
  const parsed = kind.safeParse(o[field] ?? null);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "is malformed";
  throw new DecodeError(message === wire.MISSING ? `${what} has no ${field}` : `${what}'s ${field} ${message}`);
}

export const int = (o: PlainObject, field: string, what: string): number => read(wire.int.required, o, field, what);
export const str = (o: PlainObject, field: string, what: string): string => read(wire.str.required, o, field, what);
export const optStr = (o: PlainObject, field: string, what: string): string | null =>
  read(wire.str.optional, o, field, what);
/** Like `optStr` but an empty string means "none" (Rails renders empty optional text as `<x></x>`). */
export const optText = (o: PlainObject, field: string, what: string): string | null => read(wire.text, o, field, what);
export const optBool = (o: PlainObject, field: string, what: string): boolean | null =>
  read(wire.bool.optional, o, field, what);
