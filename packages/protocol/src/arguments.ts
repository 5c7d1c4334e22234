/**
 * Checks on what a caller hands a client before anything is sent. A request the client refuses to
 * send is a validation failure (the error union has no "bad argument" kind), with no HTTP status.
 */
import type { ApiResult } from "./errors";

export function badInput(message: string): ApiResult<never> {
  return { ok: false, error: { kind: "validation", status: 0, message, hint: null } };
}

/** A record id: a positive whole number JavaScript holds exactly. */
export function validId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}
