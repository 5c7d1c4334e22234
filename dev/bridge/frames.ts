/**
 * The bridge's wire frames. Incoming frames are parsed, not trusted: a frame must be a JSON object
 * with a small integer `id`, a `call` naming a contract verb, and optional `args`. Anything else is
 * refused before it reaches the dispatcher.
 */
import { CALL_NAMES, type CallName, type EventName } from "../../shared/contract";
import type { Result } from "../../shared/errors";

interface CallFrame {
  readonly id: number;
  readonly call: CallName;
  readonly args: unknown;
}

export type FrameParse =
  | { readonly ok: true; readonly frame: CallFrame }
  | { readonly ok: false; readonly id: number | null; readonly reason: string };

const callNames: ReadonlySet<string> = new Set(CALL_NAMES);

export function parseCallFrame(text: string): FrameParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, reason: "frame is not JSON" };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return { ok: false, id: null, reason: "frame is not an object" };
  const record = raw as Record<string, unknown>;
  const id = record.id;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0)
    return { ok: false, id: null, reason: "frame id must be a non-negative integer" };
  for (const key of Object.keys(record)) {
    if (key !== "id" && key !== "call" && key !== "args")
      return { ok: false, id, reason: `unexpected field "${key.slice(0, 40)}"` };
  }
  const call = record.call;
  if (typeof call !== "string" || !callNames.has(call)) return { ok: false, id, reason: "unknown call" };
  return { ok: true, frame: { id, call: call as CallName, args: record.args } };
}

export function resultFrame(id: number | null, result: Result<unknown>): string {
  return JSON.stringify({ id, result });
}

export function eventFrame(event: EventName, payload: unknown): string {
  return JSON.stringify({ event, payload });
}
