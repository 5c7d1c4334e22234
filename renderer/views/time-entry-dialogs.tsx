/**
 * Adding a past entry, editing one (duration, project and task, notes) and deleting one, each in a
 * dialog over the Timers view. Durations are typed as Harvest shows them (`1:30`) or as decimals.
 * A running timer's duration is Harvest's to count: only its project, task and notes change here.
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import type { HarvestTaskOption } from "../../shared/harvest-v2-state";
import type { CalendarDate } from "@coop-tray/protocol/models";
import { useApi } from "../api-context";
import { ConfirmDialog } from "../components/confirm-dialog";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { TaskPicker } from "../components/task-picker";
import { formatShortDay } from "../format";
import { useAction, useId } from "../hooks";
import { hoursText } from "./timers";
import { parseDuration } from "./timers-week";

/** The entry's own pair, offered even when no longer among the active assignments. */
function choiceOf(entry: HarvestTimeEntry, options: readonly HarvestTaskOption[] | null): HarvestTaskOption {
  return (
    options?.find((o) => o.projectId === entry.project.id && o.taskId === entry.task.id) ?? {
      projectId: entry.project.id,
      projectName: entry.project.name,
      projectCode: null,
      clientName: entry.client.name,
      taskId: entry.task.id,
      taskName: entry.task.name,
      recent: false,
    }
  );
}

export function TimeEntryDialog({
  entry,
  day,
  today,
  options,
  durationEditable,
  onClose,
  onSaved,
}: {
  /** The entry to edit, or null to add one on `day`. */
  readonly entry: HarvestTimeEntry | null;
  readonly day: CalendarDate;
  readonly today: CalendarDate;
  readonly options: readonly HarvestTaskOption[] | null;
  /** False on timestamp accounts and for a running timer. */
  readonly durationEditable: boolean;
  readonly onClose: () => void;
  readonly onSaved: (entry: HarvestTimeEntry) => void;
}): JSX.Element {
  const api = useApi();
  const action = useAction();
  const [choice, setChoice] = useState<HarvestTaskOption | null>(entry ? choiceOf(entry, options) : null);
  const [duration, setDuration] = useState(entry ? hoursText(entry.hours) : "");
  const [notes, setNotes] = useState(entry?.notes ?? "");
  const durationId = useId("entry-duration");
  const notesId = useId("entry-notes-full");
  const hours = parseDuration(duration);
  const durationBad = durationEditable && duration.trim() !== "" && hours === null;
  const ready = choice !== null && (!durationEditable || hours !== null);
  const title = entry ? "Edit time entry" : `Add time · ${formatShortDay(day, today)}`;
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!ready || choice === null) return;
          const trimmed = notes.trim() === "" ? null : notes.trim();
          void action.run(
            () =>
              entry
                ? api.editTimeEntry({
                    entryId: entry.id,
                    projectId: choice.projectId,
                    taskId: choice.taskId,
                    hours: durationEditable ? hours : null,
                    notes: trimmed,
                  })
                : api.addTimeEntry({
                    projectId: choice.projectId,
                    taskId: choice.taskId,
                    spentDate: day,
                    hours: hours ?? 0,
                    notes: trimmed,
                  }),
            onSaved,
          );
        }}
      >
        <TaskPicker options={options} value={choice} onChange={setChoice} />
        {durationEditable ? (
          <Field
            id={durationId}
            label="Duration"
            hint="Like 1:30 or 1.5"
            error={durationBad ? "Type hours and minutes, like 1:30." : undefined}
          >
            <input
              id={durationId}
              class="input input-narrow"
              inputMode="decimal"
              autoComplete="off"
              value={duration}
              aria-invalid={durationBad}
              aria-describedby={durationBad ? `${durationId}-error` : `${durationId}-hint`}
              onInput={(e) => setDuration(e.currentTarget.value)}
            />
          </Field>
        ) : entry ? (
          <p class="field-hint">
            {entry.isRunning
              ? "The timer is running: Harvest counts its duration."
              : "This account tracks start and end times: change them in Harvest."}
          </p>
        ) : null}
        <Field id={notesId} label="Notes">
          <input id={notesId} class="input" value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        </Field>
        {action.error ? <ErrorNotice error={action.error} service="Harvest" compact /> : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={action.busy || !ready}>
            {action.busy ? "Saving…" : entry ? "Save" : "Add time"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteEntryDialog({
  entry,
  onClose,
  onDeleted,
}: {
  readonly entry: HarvestTimeEntry;
  readonly onClose: () => void;
  readonly onDeleted: () => void;
}): JSX.Element {
  const api = useApi();
  const notes = entry.notes ? ` (“${entry.notes}”)` : "";
  const stops = entry.isRunning ? ", and its timer stops" : "";
  return (
    <ConfirmDialog
      title="Delete this time entry?"
      text={`${entry.project.name} — ${entry.task.name}, ${hoursText(entry.hours)}${notes} is deleted in Harvest${stops}. This can’t be undone.`}
      confirmLabel="Delete entry"
      service="Harvest"
      call={() => api.deleteTimeEntry({ entryId: entry.id })}
      onClose={onClose}
      onDone={onDeleted}
    />
  );
}
