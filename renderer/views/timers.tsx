/**
 * Harvest timers: today's entries (the running one on top, ticking), a timer started from a
 * type-ahead over the user's projects and tasks (recent pairs first) with notes, stop, restart,
 * edit notes, and sharing the running timer to a group as a note (share-timer-dialog.tsx). Above the entries the
 * week (timers-week.tsx): each day's total, any day's entries, a past entry added, an entry edited
 * or deleted (time-entry-dialogs.tsx).
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import type { HarvestDayView, HarvestTaskOption, HarvestV2State, HarvestWeekView } from "../../shared/harvest-v2-state";
import type { CalendarDate } from "@coop-tray/protocol/models";
import type { AppError, Result } from "../../shared/errors";
import { useApi } from "../api-context";
import { formatShortDay, isCalendarDate } from "../format";
import { ErrorNotice } from "../components/error-notice";
import { Flash } from "../components/flash";
import { TaskPicker } from "../components/task-picker";
import { useAction, useId, useNow, useOnRefresh } from "../hooks";
import { HarvestConnectCard } from "./harvest-connect";
import { ShareTimerDialog } from "./share-timer-dialog";
import { DeleteEntryDialog, TimeEntryDialog } from "./time-entry-dialogs";
import { WeekStrip } from "./timers-week";

type EntryDialog =
  | { readonly kind: "add" }
  | { readonly kind: "edit" | "delete" | "share"; readonly entry: HarvestTimeEntry }
  | null;

/** `1:07` for hours, `1:07:23` with seconds (the running timer ticks). */
export function hoursText(hours: number, seconds = false): string {
  const total = Math.max(0, Math.floor(hours * 3600));
  const h = Math.floor(total / 3600);
  const m = String(Math.floor((total % 3600) / 60)).padStart(2, "0");
  return seconds ? `${h}:${m}:${String(total % 60).padStart(2, "0")}` : `${h}:${m}`;
}

/** A running entry's hours now: what Harvest said when asked, plus the time since. */
export function liveHours(entry: HarvestTimeEntry, fetchedAt: number, now: number): number {
  return entry.isRunning ? entry.hours + Math.max(0, now - fetchedAt) / 3_600_000 : entry.hours;
}

export interface TimersViewProps {
  readonly harvest: HarvestV2State;
  /** The group the window shows: Share offers it first. */
  readonly groupId: number | null;
  readonly onHarvestChanged: () => void;
}

export function TimersView({ harvest, groupId, onHarvestChanged }: TimersViewProps): JSX.Element {
  const api = useApi();
  const [day, setDay] = useState<HarvestDayView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [options, setOptions] = useState<readonly HarvestTaskOption[] | null>(null);
  const [choice, setChoice] = useState<HarvestTaskOption | null>(null);
  const [notes, setNotes] = useState("");
  const [flash, setFlash] = useState<string | null>(null);
  const start = useAction();
  const notesId = useId("timer-notes");
  const connected = harvest.link !== null;
  // The day shown below the week: null is today (the live list).
  const [picked, setPicked] = useState<CalendarDate | null>(null);
  const [week, setWeek] = useState<HarvestWeekView | null>(null);
  const [dialog, setDialog] = useState<EntryDialog>(null);
  // Stable: the dialog re-opens (and refocuses its first field) whenever its onClose changes.
  const closeDialog = useCallback(() => setDialog(null), []);

  const loadWeek = useCallback(
    async (dayWanted: CalendarDate | null) => {
      const result = await api.getTimeWeek({ day: dayWanted });
      if (result.ok) setWeek(result.value);
      else setError(result.error);
    },
    [api],
  );
  // Also on any change to today's entries (a start, a stop, an edit): it may change the week's totals.
  useEffect(() => {
    if (connected) void loadWeek(picked);
  }, [connected, harvest.link?.accountId, picked, loadWeek, day]);

  const load = useCallback(
    async (refresh: boolean) => {
      const result = await api.getTimers({ refresh });
      if (result.ok) {
        setDay(result.value);
        setError(null);
      } else setError(result.error);
    },
    [api],
  );
  const loadOptions = useCallback(
    async (refresh: boolean) => {
      const result = await api.listTaskOptions({ refresh });
      if (result.ok) setOptions(result.value);
      else setError(result.error);
    },
    [api],
  );

  useEffect(() => {
    if (!connected) return undefined;
    void load(false);
    void loadOptions(false);
    return api.on.timersChanged((next) => setDay(next));
  }, [connected, harvest.link?.accountId, api, load, loadOptions]);
  useOnRefresh(() => {
    if (!connected) return;
    void load(true);
    void loadOptions(true);
    void loadWeek(picked);
  });

  // Connected from the card just now: the card (and its focused button) is gone; focus the picker.
  const startForm = useRef<HTMLFormElement>(null);
  const wasConnected = useRef(connected);
  const focusPicker = useRef(false);
  useEffect(() => {
    if (connected && !wasConnected.current) focusPicker.current = true;
    wasConnected.current = connected;
    // The picker is disabled until the projects arrive.
    if (focusPicker.current && options !== null) {
      startForm.current?.querySelector("input")?.focus();
      focusPicker.current = false;
    }
  }, [connected, options]);

  const running = day?.entries.find((e) => e.isRunning) ?? null;
  const now = useNow(1000, running !== null);

  if (!connected) {
    return (
      <div class="view-scroll">
        <HarvestConnectCard harvest={harvest} onChanged={onHarvestChanged} />
      </div>
    );
  }

  const total = day === null ? 0 : day.entries.reduce((sum, e) => sum + liveHours(e, day.fetchedAt, now), 0);
  // Today shows the live list (ticking); another day, the week's answer for it.
  const isToday = picked === null;
  const shownDay = isToday ? (day?.day ?? null) : picked;
  const shownEntries = isToday ? (day?.entries ?? null) : week?.day === picked ? week.entries : null;
  const shownTotal = isToday ? total : (shownEntries ?? []).reduce((sum, e) => sum + e.hours, 0);
  const durationsHere = !harvest.link?.wantsTimestampTimers;

  return (
    <div class="view-scroll timers">
      <form
        ref={startForm}
        class="timer-start"
        onSubmit={(event) => {
          event.preventDefault();
          if (choice === null) return;
          setFlash(null);
          void start.run(
            () =>
              api.startTimer({
                projectId: choice.projectId,
                taskId: choice.taskId,
                notes: notes.trim() === "" ? null : notes.trim(),
              }),
            (entry) => {
              // Disarmed: pressing Start again must not stop this timer and start an empty one.
              setNotes("");
              setChoice(null);
              setFlash(`Timer started: ${entry.project.name} — ${entry.task.name}.`);
            },
          );
        }}
      >
        <TaskPicker options={options} value={choice} onChange={setChoice} />
        <label class="field-label" for={notesId}>
          Notes
        </label>
        <div class="timer-start-row">
          <input
            id={notesId}
            class="input"
            placeholder="What are you working on?"
            value={notes}
            onInput={(e) => setNotes(e.currentTarget.value)}
          />
          <button type="submit" class="btn btn-primary" disabled={choice === null || start.busy}>
            Start
          </button>
        </div>
        {start.error ? <ErrorNotice error={start.error} service="Harvest" compact /> : null}
      </form>
      <Flash message={flash} />
      {/* Harvest's pause: said, with no countdown of its own (the banner counts down, once). */}
      {error ? (
        <ErrorNotice
          error={error}
          service="Harvest"
          compact={error.kind === "throttled"}
          onRetry={() => void load(true)}
        />
      ) : null}
      {day === null && error === null ? <div class="spinner" role="status" aria-label="Loading timers" /> : null}
      {week !== null ? (
        <WeekStrip
          week={week}
          todayLive={day !== null && day.day === week.today ? total : null}
          onPick={(next) => setPicked(next === week.today ? null : next)}
        />
      ) : null}
      {shownDay !== null && shownEntries !== null ? (
        <>
          <div class="timer-day">
            <span>
              {isToday ? "Today · " : ""}
              <time dateTime={shownDay}>
                {isCalendarDate(shownDay)
                  ? formatShortDay(shownDay, (week?.today ?? shownDay) as CalendarDate)
                  : shownDay}
              </time>
            </span>
            <span class="timer-day-end">
              {durationsHere ? (
                <button type="button" class="btn btn-small btn-quiet" onClick={() => setDialog({ kind: "add" })}>
                  Add time
                </button>
              ) : null}
              <span class="timer-total" aria-label={`Total ${hoursText(shownTotal)}`}>
                {hoursText(shownTotal)}
              </span>
            </span>
          </div>
          {shownEntries.length === 0 ? (
            <div class="empty">
              <p class="empty-title">{isToday ? "No time tracked today" : "No time tracked this day"}</p>
              <p class="empty-text">
                {isToday ? "Pick a project and task above and press Start." : "Add time you forgot to track."}
              </p>
            </div>
          ) : (
            <ul class="card-list timer-list" aria-label={isToday ? "Today's time entries" : "Time entries"}>
              {shownEntries.map((entry) => (
                <TimerRow
                  key={entry.id}
                  entry={entry}
                  hours={isToday && day !== null ? liveHours(entry, day.fetchedAt, now) : entry.hours}
                  today={isToday}
                  onFlash={setFlash}
                  onEdit={() => setDialog({ kind: "edit", entry })}
                  onDelete={() => setDialog({ kind: "delete", entry })}
                  onShare={() => setDialog({ kind: "share", entry })}
                />
              ))}
            </ul>
          )}
        </>
      ) : null}
      {dialog?.kind === "add" && shownDay !== null ? (
        <TimeEntryDialog
          entry={null}
          day={shownDay as CalendarDate}
          today={(week?.today ?? shownDay) as CalendarDate}
          options={options}
          durationEditable
          onClose={closeDialog}
          onSaved={(entry) => {
            closeDialog();
            setFlash(`Added ${hoursText(entry.hours)} to ${entry.project.name} — ${entry.task.name}.`);
            void loadWeek(picked);
          }}
        />
      ) : null}
      {dialog?.kind === "edit" ? (
        <TimeEntryDialog
          entry={dialog.entry}
          day={dialog.entry.spentDate as CalendarDate}
          today={(week?.today ?? dialog.entry.spentDate) as CalendarDate}
          options={options}
          durationEditable={durationsHere && !dialog.entry.isRunning}
          onClose={closeDialog}
          onSaved={(entry) => {
            closeDialog();
            setFlash(`Saved ${entry.project.name} — ${entry.task.name}.`);
            void loadWeek(picked);
          }}
        />
      ) : null}
      {dialog?.kind === "delete" ? (
        <DeleteEntryDialog
          entry={dialog.entry}
          onClose={closeDialog}
          onDeleted={() => {
            const gone = dialog.entry;
            closeDialog();
            setFlash(`Deleted ${gone.project.name} — ${gone.task.name}.`);
            void loadWeek(picked);
          }}
        />
      ) : null}
      {dialog?.kind === "share" ? (
        <ShareTimerDialog
          entry={dialog.entry}
          currentGroupId={groupId}
          onClose={closeDialog}
          onShared={(name) => {
            closeDialog();
            setFlash(`Shared to ${name}.`);
          }}
        />
      ) : null}
    </div>
  );
}

function TimerRow({
  entry,
  hours,
  today,
  onFlash,
  onEdit,
  onDelete,
  onShare,
}: {
  readonly entry: HarvestTimeEntry;
  readonly hours: number;
  /** Today's list: Restart and Share are offered (another day's entries are edited, not restarted). */
  readonly today: boolean;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
  /** Opens the Share dialog (which group, and the note as it will read). */
  readonly onShare: () => void;
  readonly onFlash: (text: string | null) => void;
}): JSX.Element {
  const api = useApi();
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(entry.notes ?? "");
  const editId = useId("entry-notes");
  const editButton = useRef<HTMLButtonElement>(null);
  const title = `${entry.project.name} — ${entry.task.name}`;
  // A status line speaks of the last action only: any new one clears it first.
  const act = <T,>(call: () => Promise<Result<T>>, done?: (value: T) => void): void => {
    onFlash(null);
    void action.run(call, done);
  };
  const closeEditor = (): void => setEditing(false);
  const wasEditing = useRef(false);
  useEffect(() => {
    // The editor's Save and Cancel vanish with it: focus returns to Edit notes, not the page body.
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return (
    <li
      class={entry.isRunning ? "card timer-entry is-running" : "card timer-entry"}
      aria-label={entry.isRunning ? `Running: ${title}` : title}
    >
      <div class="timer-entry-head">
        <div class="timer-entry-what">
          <p class="timer-entry-title">{title}</p>
          <p class="timer-entry-client">
            {entry.client.name}
            {entry.startedTime ? ` · ${entry.startedTime}–${entry.endedTime ?? ""}` : ""}
          </p>
        </div>
        <span class="timer-hours" role={entry.isRunning ? "timer" : undefined} aria-live="off">
          {hoursText(hours, entry.isRunning)}
        </span>
      </div>
      {editing ? (
        <form
          class="timer-notes-edit"
          onSubmit={(event) => {
            event.preventDefault();
            act(
              () => api.editTimerNotes({ entryId: entry.id, notes: draft }),
              () => {
                closeEditor();
                onFlash("Notes saved.");
              },
            );
          }}
        >
          <label class="visually-hidden" for={editId}>
            Notes for {title}
          </label>
          <input
            id={editId}
            class="input"
            value={draft}
            autoFocus
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.stopPropagation();
                closeEditor();
              }
            }}
          />
          <button type="submit" class="btn btn-small btn-primary" disabled={action.busy}>
            Save
          </button>
          <button type="button" class="btn btn-small btn-quiet" onClick={closeEditor}>
            Cancel
          </button>
        </form>
      ) : entry.notes ? (
        <p class="timer-entry-notes">{entry.notes}</p>
      ) : null}
      {action.error ? <ErrorNotice error={action.error} service="Harvest" compact /> : null}
      <div class="row-actions">
        {entry.isRunning ? (
          <button
            type="button"
            class="btn btn-small btn-primary"
            disabled={action.busy}
            onClick={() =>
              act(
                () => api.stopTimer({ entryId: entry.id }),
                () => onFlash(`Timer stopped: ${title}.`),
              )
            }
          >
            Stop
          </button>
        ) : today ? (
          <button
            type="button"
            class="btn btn-small"
            disabled={action.busy || entry.isLocked}
            onClick={() =>
              act(
                () => api.restartTimer({ entryId: entry.id }),
                () => onFlash(`Timer restarted: ${title}.`),
              )
            }
          >
            Restart
          </button>
        ) : null}
        {!editing ? (
          <button
            ref={editButton}
            type="button"
            class="btn btn-small btn-quiet"
            disabled={entry.isLocked}
            onClick={() => {
              setDraft(entry.notes ?? "");
              setEditing(true);
            }}
          >
            Edit notes
          </button>
        ) : null}
        <button
          type="button"
          class="btn btn-small btn-quiet"
          disabled={entry.isLocked || action.busy}
          title={entry.isLocked ? (entry.lockedReason ?? "Locked in Harvest") : undefined}
          onClick={() => {
            onFlash(null);
            onEdit();
          }}
        >
          Edit…
        </button>
        <button
          type="button"
          class="btn btn-small btn-danger-quiet"
          disabled={entry.isLocked || action.busy}
          onClick={() => {
            onFlash(null);
            onDelete();
          }}
        >
          Delete…
        </button>
        {entry.isRunning && today ? (
          <button
            type="button"
            class="btn btn-small btn-quiet"
            disabled={action.busy}
            title="Post this timer to a group as a note"
            onClick={() => {
              onFlash(null);
              onShare();
            }}
          >
            Share…
          </button>
        ) : null}
      </div>
    </li>
  );
}
