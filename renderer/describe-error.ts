/**
 * Turns a typed error into words and a next step. The UI never shows a raw error object: every
 * kind gets a short title, the server's own message where it has one, and what the user can do.
 */
import type { AppError } from "../shared/errors";

type NextStep = "signIn" | "retry" | "wait" | "edit" | "settings" | "none";

export interface ErrorDescription {
  readonly title: string;
  readonly message: string;
  /** The server's `Hint` header, when it sent one. */
  readonly hint: string | null;
  readonly next: NextStep;
  /** Epoch ms until which calls are paused (throttled only). */
  readonly until: number | null;
}

export function describeError(
  error: AppError,
  service: "Co-op" | "Harvest" | "the server" = "the server",
): ErrorDescription {
  const base = { hint: null, until: null } as const;
  switch (error.kind) {
    case "auth":
      // The service knows why (a password missing from this computer's keychain reads very
      // differently from a refused one), so its words come first; ours only fill a gap.
      return service === "Harvest"
        ? { ...base, title: "Harvest login needed", message: harvestAuthMessage(error.message), next: "signIn" }
        : {
            ...base,
            title: "Sign-in needed",
            message:
              error.message.trim() ||
              `${service === "the server" ? "The server" : service} did not accept your login. Sign in again.`,
            next: "signIn",
          };
    case "signedOut":
      return { ...base, title: "Signed out", message: "Sign in to continue.", next: "signIn" };
    case "notFound":
      return {
        ...base,
        title: "Not found",
        message: error.message || "It may have been deleted, or your account may not have access.",
        next: "retry",
      };
    case "validation":
      return {
        ...base,
        title: "Not accepted",
        message: error.message || "The server refused this change.",
        hint: error.hint,
        next: "edit",
      };
    case "invalidInput":
      return {
        ...base,
        title: "Check your input",
        message: error.issues.length > 0 ? error.issues.join(" ") : error.message,
        next: "edit",
      };
    case "throttled":
      return {
        ...base,
        title: "Slowing down",
        message: `${service === "the server" ? "The server" : service} asked us to pause. Calls resume automatically.`,
        next: "wait",
        until: error.until,
      };
    case "offline":
      // Said without promising saved data: views that have some show it and say so themselves.
      return {
        ...base,
        title: "Offline",
        message: `Can't reach ${service === "the server" ? "the server" : service}. This loads again when you're back online.`,
        next: "retry",
      };
    case "server":
      return {
        ...base,
        title: "Server trouble",
        message: `The server had a problem (${error.status}). Try again in a moment.`,
        next: "retry",
      };
    case "malformed":
      return {
        ...base,
        title: "Unexpected reply",
        message: "The server's answer could not be read. Try again later.",
        next: "retry",
      };
    case "keychain":
      return {
        ...base,
        title: "No keychain",
        message: error.message || "No system keychain is available, so passwords cannot be stored safely.",
        next: "settings",
      };
    case "identity":
      return {
        ...base,
        title: "Who are you?",
        message: error.message || "Your Co-op user could not be found in any of your groups.",
        next: "settings",
      };
    case "internal":
      return {
        ...base,
        title: "Something went wrong",
        message: error.message || "An unexpected error happened. Try again.",
        next: "retry",
      };
  }
}

/** The service's own reason, followed by where to fix it unless the reason already says so. */
function harvestAuthMessage(own: string): string {
  const reason = own.trim();
  if (reason === "") return "Harvest did not accept the saved login. Enter it again in Settings.";
  return /settings/i.test(reason)
    ? reason
    : `${/[.!?]$/.test(reason) ? reason : `${reason}.`} Update the Harvest login in Settings.`;
}
