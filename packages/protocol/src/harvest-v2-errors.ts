/**
 * Harvest v2's statuses → the shared `ApiError` union (docs/harvest.md §3.5). Differences from v1: the login is a
 * token (401's body is OAuth's `{"error","error_description"}`), a role refusal is an explicit 403,
 * validation failures are 422 with `{"message"}` shown verbatim, and the throttle is 429 + Retry-After.
 */
import type { ApiError } from "./errors";
import { bodyText } from "./codec";
import { statusError, type StatusContext } from "./http-errors";

const MAX_MESSAGE = 300;

function clip(text: string): string {
  const single = text.replace(/\s+/g, " ").trim();
  return single.length > MAX_MESSAGE ? `${single.slice(0, MAX_MESSAGE - 1)}…` : single;
}

/** `message`, else `error_description`, else `error` from a JSON body; null when there is none. */
export function v2Message(body: Buffer): string | null {
  if (body.length === 0 || body.length > 65_536) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText(body));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  for (const key of ["message", "error_description", "error"]) {
    const value = record[key];
    if (typeof value === "string" && value.trim() !== "") return clip(value);
  }
  return null;
}

export function v2StatusError(context: StatusContext): ApiError | null {
  const { status, body, server, what } = context;
  if ((status >= 200 && status < 300) || status === 304) return null;
  const said = status >= 400 && status < 500 ? v2Message(body) : null;
  if (status === 401) return { kind: "auth", message: `${server} refused the access token${said ? `: ${said}` : "."}` };
  if (status === 403) {
    // The union has no role kind: like v1's role 404, it is "not found or not allowed", with Harvest's words.
    return { kind: "notFound", message: said ?? `Your Harvest role does not allow ${what}.` };
  }
  if (status === 404) return { kind: "notFound", message: said ?? `${server} has no ${what}.` };
  if (status === 422 || status === 400)
    return { kind: "validation", status, message: said ?? `${server} refused ${what} (${status}).`, hint: null };
  return statusError(context);
}
