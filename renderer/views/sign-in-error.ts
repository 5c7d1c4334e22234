/**
 * What went wrong at sign-in, in one plain sentence per cause, and the field that fixes it. At
 * sign-in there is no saved data and no account yet, so the app-wide wording ("Offline… showing
 * saved data", "Not found") would mislead: every cause is said about the server the user typed.
 */
import type { AppError } from "../../shared/errors";

export type SignInField = "server" | "email" | "password";

export interface SignInProblem {
  readonly message: string;
  /** Where focus goes so the user can fix it; null when no field is at fault. */
  readonly field: SignInField | null;
}

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host || serverUrl;
  } catch {
    return serverUrl;
  }
}

/** True for an https address: a plain-http server breaks the TLS handshake (a reset or an unnamed failure). */
function isHttps(serverUrl: string): boolean {
  return /^https:\/\//i.test(serverUrl.trim());
}

export function describeSignInError(error: AppError, serverUrl: string): SignInProblem {
  const host = hostOf(serverUrl);
  switch (error.kind) {
    case "offline":
      if ((error.cause === "other" || error.cause === "reset") && isHttps(serverUrl))
        return {
          message: `${host} did not answer over https. If the server uses plain http, start the address with http://.`,
          field: "server",
        };
      switch (error.cause) {
        case "refused":
          return {
            message: `Nothing answers at ${host}. Check the server address, or whether the server is running.`,
            field: "server",
          };
        case "dns":
          return { message: `${host} could not be found. Check the server address.`, field: "server" };
        case "timeout":
          return {
            message: `${host} did not answer in time. Try again, or check the server address.`,
            field: "server",
          };
        default:
          return { message: `Could not reach ${host}. Check your connection and the server address.`, field: "server" };
      }
    case "notFound":
    case "malformed":
      return { message: `${host} does not look like a Co-op server. Check the server address.`, field: "server" };
    case "auth":
      return { message: "Co-op did not accept this email and password. Check them and try again.", field: "password" };
    case "invalidInput": {
      const text = error.issues.length > 0 ? error.issues.join(" ") : error.message;
      const field: SignInField =
        /address|server|http/i.test(text) && !/email address you sign in/i.test(text)
          ? "server"
          : /password/i.test(text)
            ? "password"
            : "email";
      return { message: text, field };
    }
    case "keychain":
      return {
        message: `${error.message.trim() || "No system keychain is available, so your password cannot be stored safely."} Start your desktop's keyring (for example GNOME Keyring) and try again.`,
        field: null,
      };
    case "server":
      return { message: `${host} had a problem (${error.status}). Try again in a moment.`, field: null };
    case "throttled":
      return { message: `${host} asked us to slow down. Try again in ${error.retryAfterSeconds} s.`, field: null };
    case "validation":
      return { message: error.message.trim() || `${host} refused the sign-in.`, field: null };
    default:
      return { message: error.message.trim() || "Signing in failed. Try again.", field: null };
  }
}
