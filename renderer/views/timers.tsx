/**
 * Harvest timers: today's entries (the running one on top, ticking), a timer started from a
 * type-ahead over the user's projects and tasks (recent pairs first) with notes, stop, restart,
 * edit notes, and sharing the running timer to the current group as a note.
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { HarvestDayView, HarvestTaskOption, HarvestTimeEntry, HarvestV2State } from "../../shared/harvest-v2";
import type { AppError, Result } from "../../shared/errors";
import { useApi } from "../api-context";
import { formatShortDay, isCalendarDate } from "../format";
import { ErrorNotice } from "../components/error-notice";
import { Flash } from "../components/flash";
import { TaskPicker } from "../components/task-picker";
import { useAction, useId, useNow, useOnRefresh } from "../hooks";
import { HarvestConnectCard } from "./harvest-connect";

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
  readonly groupId: number | null;
  readonly groupName: string | null;
  readonly onHarvestChanged: () => void;
}

export function TimersView({ harvest, groupId, groupName, onHarvestChanged }: TimersViewProps): JSX.Element {
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
  });

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
  return (
    <div class="view-scroll timers">
      <form
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
      {error ? <ErrorNotice error={error} service="Harvest" onRetry={() => void load(true)} /> : null}
      {day === null && error === null ? <div class="spinner" role="status" aria-label="Loading timers" /> : null}
      {day !== null ? (
        <>
          <p class="timer-day">
            <span>
              Today ·{" "}
              <time dateTime={day.day}>{isCalendarDate(day.day) ? formatShortDay(day.day, day.day) : day.day}</time>
            </span>
            <span class="timer-total" aria-label={`Total ${hoursText(total)}`}>
              {hoursText(total)}
            </span>
          </p>
          {day.entries.length === 0 ? (
            <div class="empty">
              <p class="empty-title">No time tracked today</p>
              <p class="empty-text">Pick a project and task above and press Start.</p>
            </div>
          ) : (
            <ul class="card-list timer-list" aria-label="Today's time entries">
              {day.entries.map((entry) => (
                <TimerRow
                  key={entry.id}
                  entry={entry}
                  hours={liveHours(entry, day.fetchedAt, now)}
                  groupId={groupId}
                  groupName={groupName}
                  onFlash={setFlash}
                />
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  );
}

function TimerRow({
  entry,
  hours,
  groupId,
  groupName,
  onFlash,
}: {
  readonly entry: HarvestTimeEntry;
  readonly hours: number;
  readonly groupId: number | null;
  readonly groupName: string | null;
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
        ) : (
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
        )}
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
        {entry.isRunning && groupId !== null ? (
          <button
            type="button"
            class="btn btn-small btn-quiet"
            disabled={action.busy}
            title={groupName ? `Post this timer to ${groupName} as a note` : undefined}
            onClick={() =>
              act(
                () => api.shareTimer({ groupId, entryId: entry.id }),
                () => onFlash(`Shared to ${groupName ?? "the group"}.`),
              )
            }
          >
            Share
          </button>
        ) : null}
      </div>
    </li>
  );
}
