/**
 * The question after idle time or a sleep while a timer ran: remove the time and continue, remove it
 * and stop, or keep it.
 */
import type { JSX } from "preact";
import type { IdleChoice, IdlePrompt } from "../../shared/harvest-v2-state";
import { useApi } from "../api-context";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { useAction } from "../hooks";

const LABELS: Readonly<Record<IdleChoice, string>> = {
  removeAndContinue: "Remove and continue",
  removeAndStop: "Remove and stop",
  keep: "Keep the time",
};

const clock = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });

export function minutesText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** What the dialog says happened, in words: when, for how long, and what was done about it. */
export function absenceText(prompt: Pick<IdlePrompt, "reason" | "since" | "until">): string {
  const span = `from ${clock(prompt.since)} to ${clock(prompt.until)} (${minutesText(prompt.until - prompt.since)})`;
  return prompt.reason === "sleep"
    ? `Your computer slept ${span}. That time was taken off your running timer: sleep never counts as work.` +
        " Keep the timer running?"
    : `You were idle ${span} while your timer ran. Take that time off the timer?`;
}

export function IdlePromptDialog({
  prompt,
  onClose,
}: {
  readonly prompt: IdlePrompt;
  readonly onClose: () => void;
}): JSX.Element {
  const api = useApi();
  const action = useAction();
  const answer = (choice: IdleChoice): void =>
    void action.run(() => api.answerIdle({ promptId: prompt.id, choice }), onClose);
  return (
    <Dialog
      title={prompt.reason === "sleep" ? "Your computer was asleep" : "You were away"}
      onClose={() => answer(prompt.reason === "sleep" ? "removeAndContinue" : "keep")}
    >
      <p class="dialog-text">{absenceText(prompt)}</p>
      {action.error ? <ErrorNotice error={action.error} service="Harvest" compact /> : null}
      <div class="row-actions idle-actions">
        {prompt.choices.map((choice, index) => (
          <button
            key={choice}
            type="button"
            class={index === 0 ? "btn btn-primary" : "btn"}
            disabled={action.busy}
            onClick={() => answer(choice)}
          >
            {prompt.reason === "sleep"
              ? choice === "removeAndContinue"
                ? "Continue"
                : "Stop the timer"
              : LABELS[choice]}
          </button>
        ))}
      </div>
    </Dialog>
  );
}
