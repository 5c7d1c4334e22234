/** An error as words plus the next step the user can take (sign in, retry, wait, edit). */
import type { JSX } from "preact";
import type { AppError } from "../../shared/errors";
import { describeError } from "../describe-error";
import { Countdown } from "./countdown";
import { AlertIcon } from "./icons";

export interface ErrorNoticeProps {
  readonly error: AppError;
  readonly service?: "Co-op" | "Harvest";
  readonly onRetry?: () => void;
  readonly onSignIn?: () => void;
  readonly compact?: boolean;
}

export function ErrorNotice({ error, service, onRetry, onSignIn, compact = false }: ErrorNoticeProps): JSX.Element {
  const d = describeError(error, service);
  return (
    <div
      class={`notice ${d.next === "wait" ? "notice-warn" : "notice-error"}${compact ? " notice-compact" : ""}`}
      role={d.next === "wait" ? "status" : "alert"}
      data-error-kind={error.kind}
    >
      <AlertIcon />
      <div class="notice-body">
        <p class="notice-title">{d.title}</p>
        <p class="notice-text">{d.message}</p>
        {d.hint ? <p class="notice-hint">{d.hint}</p> : null}
        {/* A notice beside a control never counts down: the banner does, once for the whole window. */}
        {d.until !== null && !compact ? (
          <p class="notice-text">
            Resuming in <Countdown until={d.until} onDone={onRetry} />
          </p>
        ) : null}
        {d.next === "retry" && onRetry ? (
          <button type="button" class="btn btn-small" onClick={onRetry}>
            Try again
          </button>
        ) : null}
        {d.next === "signIn" && onSignIn ? (
          <button type="button" class="btn btn-small" onClick={onSignIn}>
            {service === "Harvest" ? "Open Settings" : "Sign in again"}
          </button>
        ) : null}
      </div>
    </div>
  );
}
