/**
 * Errors are values with a kind the UI can act on. The protocol package's clients produce `ApiError`; the main
 * process adds a few kinds of its own (`AppError`). Every variant is plain data: it serialises over
 * IPC and JSON unchanged. No message ever contains a secret.
 */

import type { ApiError, Outcome } from "@coop-tray/protocol/errors";

export type { ApiError, ApiResult, OfflineCause } from "@coop-tray/protocol/errors";
export { ok, err } from "@coop-tray/protocol/errors";

export type AppError =
  | ApiError
  /** An IPC payload or user input failed validation before any service ran. */
  | { readonly kind: "invalidInput"; readonly message: string; readonly issues: readonly string[] }
  /** No OS keychain is available; nothing is stored in plain text instead. */
  | { readonly kind: "keychain"; readonly message: string }
  /** The call needs a signed-in account. */
  | { readonly kind: "signedOut"; readonly message: string }
  /** The signed-in user's Co-op id could not be found (the API has no "who am I"). */
  | { readonly kind: "identity"; readonly message: string }
  /** A bug: reported, never thrown across the boundary. */
  | { readonly kind: "internal"; readonly message: string };

export type Result<T, E = AppError> = Outcome<T, E>;

/** Errors worth retrying later without the user changing anything. */
export function isTransient(error: AppError): boolean {
  return error.kind === "offline" || error.kind === "server" || error.kind === "throttled";
}

/**
 * True when `value` has the shape of a `Result` (an ok with a value, or an error with a kind and a
 * message): what the dispatcher checks a handler's answer with and the dev bridge client a reply.
 */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true) return "value" in candidate;
  if (candidate.ok !== false) return false;
  const error = candidate.error as { kind?: unknown; message?: unknown } | null | undefined;
  return (
    typeof error === "object" && error !== null && typeof error.kind === "string" && typeof error.message === "string"
  );
}
