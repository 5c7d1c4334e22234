/**
 * "Delete …?" confirmations: says what happens, runs the call once, and shows the server's refusal
 * in place (after which the action stays disabled until the dialog is closed).
 */
import type { JSX } from "preact";
import type { Result } from "../../shared/errors";
import { useAction } from "../hooks";
import { Dialog } from "./dialog";
import { ErrorNotice } from "./error-notice";

export interface ConfirmDialogProps {
  readonly title: string;
  readonly text: string;
  readonly confirmLabel: string;
  readonly service: "Co-op" | "Harvest";
  readonly call: () => Promise<Result<unknown>>;
  readonly onClose: () => void;
  readonly onDone: () => void;
}

export function ConfirmDialog({
  title,
  text,
  confirmLabel,
  service,
  call,
  onClose,
  onDone,
}: ConfirmDialogProps): JSX.Element {
  const action = useAction();
  return (
    <Dialog title={title} onClose={onClose}>
      <p class="dialog-text">{text}</p>
      {action.error ? <ErrorNotice error={action.error} service={service} compact /> : null}
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={onClose} autoFocus>
          {action.error ? "Close" : "Cancel"}
        </button>
        <button
          type="button"
          class="btn btn-danger"
          disabled={action.busy || action.error !== null}
          onClick={() => void action.run(call, onDone)}
        >
          {action.busy ? "Deleting…" : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
