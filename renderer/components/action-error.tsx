/**
 * A refusal said once, next to the button that caused it, in that button's words ("Couldn't
 * deactivate …"), followed by the server's Hint (its most useful sentence) or, without one, its
 * message. Other kinds of failure read as everywhere else.
 */
import type { JSX } from "preact";
import type { AppError } from "../../shared/errors";
import { describeError } from "../describe-error";

export function actionErrorText(error: AppError, action: string, service: "Co-op" | "Harvest"): string {
  const lead = `Couldn't ${action}.`;
  if (error.kind === "validation") {
    const detail = (error.hint ?? "").trim() || error.message.trim();
    return detail ? `${lead} ${detail}` : lead;
  }
  return `${lead} ${describeError(error, service).message}`;
}

export function ActionError({
  error,
  action,
  service,
  id,
}: {
  readonly error: AppError;
  readonly action: string;
  readonly service: "Co-op" | "Harvest";
  readonly id?: string;
}): JSX.Element {
  return (
    <p class="action-error" role="alert" id={id} data-error-kind={error.kind}>
      {actionErrorText(error, action, service)}
    </p>
  );
}
