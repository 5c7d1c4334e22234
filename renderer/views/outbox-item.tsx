/**
 * A note on its way: queued (Edit / Don't send), sending, or failed with the reason and Retry / Edit /
 * Discard. Shown at the top of the feed until the server's copy appears there, so a note is never
 * shown twice. A note mid-send, or one whose last send may have reached Co-op, offers no change: the
 * outbox checks it first (exactly once, see main/services/outbox.ts), and the line says so.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { OutboxItem } from "../../shared/contract";
import { MAX_TEXT_LENGTH } from "../../shared/contract";
import type { AccountSummary } from "../../shared/contract";
import { useApi } from "../api-context";
import { Avatar } from "../components/avatar";
import { describeError } from "../describe-error";
import { relativeTime } from "../format";
import { useAction } from "../hooks";

const STATE_LABEL: Record<OutboxItem["state"], string> = {
  queued: "Queued",
  sending: "Sending…",
  sent: "Sent",
  failed: "Not sent",
};

export function OutboxEntry({
  item,
  account,
  now,
  online,
}: {
  readonly item: OutboxItem;
  readonly account: AccountSummary;
  readonly now: number;
  readonly online: boolean;
}): JSX.Element {
  const api = useApi();
  const [editing, setEditing] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const actionError = error ? describeError(error).message : null;

  const reason = item.lastError ? describeError(item.lastError) : null;
  /** Edit, and taking the note out of the queue (`discard` names it: Don't send, or Discard after a failure). */
  const changeButtons = (discard: string): JSX.Element => (
    <>
      <button type="button" class="btn btn-small" disabled={busy} onClick={() => setEditing(item.text)}>
        Edit
      </button>
      <button
        type="button"
        class="btn btn-small btn-danger-quiet"
        disabled={busy}
        onClick={() => void run(() => api.discardNote({ id: item.id }))}
      >
        {discard}
      </button>
    </>
  );
  // Changing a note is offered only while it surely has not left: queued or failed, and not in doubt.
  const changeable = (item.state === "queued" || item.state === "failed") && !item.mayHaveArrived;
  const waiting = item.mayHaveArrived
    ? "This may have reached Co-op already. It is checked before it is sent again, so it can't be changed now."
    : item.state === "sending"
      ? "Being sent now. It can be changed if sending fails."
      : item.state === "queued"
        ? online
          ? "Will be sent shortly."
          : "Will be sent when you're back online."
        : null;
  return (
    <li class={`status status-pending is-${item.state}`} data-outbox-id={item.id} data-state={item.state}>
      <Avatar userId={account.userId} name={account.name} url={null} />
      <div class="status-body">
        <p class="status-head">
          <span class="status-author">{account.name}</span>
          <span class={`pill pill-${item.state}`}>{STATE_LABEL[item.state]}</span>
          <span class="status-time">{relativeTime(item.createdAt, now)}</span>
        </p>
        {editing !== null ? (
          <form
            class="inline-edit"
            onSubmit={(event) => {
              event.preventDefault();
              void run(
                () => api.editNote({ id: item.id, text: editing }),
                () => setEditing(null),
              );
            }}
          >
            <label class="visually-hidden" for={`edit-${item.id}`}>
              Edit note
            </label>
            <textarea
              id={`edit-${item.id}`}
              class="input textarea"
              value={editing}
              maxLength={MAX_TEXT_LENGTH}
              rows={3}
              onInput={(e) => setEditing(e.currentTarget.value)}
            />
            <div class="row-actions">
              <button
                type="submit"
                class="btn btn-small btn-primary"
                disabled={busy || editing.trim() === "" || !changeable}
              >
                {item.state === "failed" ? "Save and send" : "Save"}
              </button>
              <button type="button" class="btn btn-small" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <p class="status-text">{item.text}</p>
        )}
        {waiting ? <p class="status-note">{waiting}</p> : null}
        {item.state === "queued" && changeable && editing === null ? (
          <div class="row-actions">{changeButtons("Don't send")}</div>
        ) : null}
        {item.state === "failed" ? (
          <div class="pending-failure" role="alert">
            <p class="status-note is-error">
              {reason ? `${reason.message}` : "The note could not be sent."}
              {reason?.hint ? ` ${reason.hint}` : ""}
            </p>
            {editing === null ? (
              <div class="row-actions">
                <button
                  type="button"
                  class="btn btn-small btn-primary"
                  disabled={busy}
                  onClick={() => void run(() => api.retryNote({ id: item.id }))}
                >
                  Retry
                </button>
                {changeButtons("Discard")}
              </div>
            ) : null}
          </div>
        ) : null}
        {actionError ? <p class="status-note is-error">{actionError}</p> : null}
      </div>
    </li>
  );
}
