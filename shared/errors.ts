/**
 * Errors are values with a kind the UI can act on. The API layer produces `ApiError`; the main
 * process adds a few kinds of its own (`AppError`). Every variant is plain data: it serialises over
 * IPC and JSON unchanged. No message ever contains a secret.
 */

export type OfflineCause = "refused" | "dns" | "timeout" | "reset" | "other";
type MalformedReason = "unparseable" | "contentType" | "html" | "tooLarge" | "shape";

export type ApiError =
  /** 401: the login was refused. */
  | { readonly kind: "auth"; readonly message: string }
  /** 404: unknown resource, or (Harvest) not allowed for this role. */
  | { readonly kind: "notFound"; readonly message: string }
  /** 400/422: validation or a business rule; `message` is the server's, `hint` its `Hint` header. */
  | { readonly kind: "validation"; readonly status: number; readonly message: string; readonly hint: string | null }
  /** 503 from Harvest's throttle (or the local governor refusing to wait). */
  | { readonly kind: "throttled"; readonly message: string; readonly retryAfterSeconds: number; readonly until: number }
  /** 5xx other than a throttle. */
  | { readonly kind: "server"; readonly status: number; readonly message: string }
  /** The request never completed: refused, DNS, timeout, reset. */
  | { readonly kind: "offline"; readonly cause: OfflineCause; readonly message: string }
  /** The response could not be read as what was asked for. */
  | { readonly kind: "malformed"; readonly reason: MalformedReason; readonly message: string };

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

export type Result<T, E = AppError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };
export type ApiResult<T> = Result<T, ApiError>;

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

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
