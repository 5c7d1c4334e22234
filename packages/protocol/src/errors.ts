/**
 * The protocol's errors are values with a kind a caller can act on. Every variant is plain data: it
 * serialises over IPC and JSON unchanged. No message ever contains a secret.
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

export type Outcome<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };
export type ApiResult<T> = Outcome<T, ApiError>;

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
