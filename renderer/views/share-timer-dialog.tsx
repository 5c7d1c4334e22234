/**
 * Sharing today's time entry to a group: the user picks one of their groups and sees, in an editable
 * field, exactly the note that will be posted. Co-op already adds a member's Harvest time to their
 * groups' feeds (docs/coop-api.md §6.1), so a group whose feed shows the entry is named as such and
 * cannot be chosen for it: the note would only repeat it. Cancel posts nothing and changes nothing.
 */
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import { MAX_TEXT_LENGTH, type ShareTarget, type ShareTimerOptions } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { Field } from "../components/field";
import { useAction, useId } from "../hooks";

/** The current group unless its feed holds the entry already; else the first that does not. */
export function defaultShareGroup(groups: readonly ShareTarget[], current: number | null): number | null {
  const open = groups.filter((g) => g.already === null);
  return (
    open.find((g) => g.groupId === current)?.groupId ??
    open[0]?.groupId ??
    groups.find((g) => g.groupId === current)?.groupId ??
    groups[0]?.groupId ??
    null
  );
}

function optionLabel(target: ShareTarget): string {
  if (target.already === "entry") return `${target.name} (already shown)`;
  if (target.already === "note") return `${target.name} (has this note)`;
  return target.name;
}

export function ShareTimerDialog({
  entry,
  currentGroupId,
  onClose,
  onShared,
}: {
  readonly entry: HarvestTimeEntry;
  /** The group the window shows: chosen first when sharing there makes sense. */
  readonly currentGroupId: number | null;
  readonly onClose: () => void;
  readonly onShared: (groupName: string) => void;
}): JSX.Element {
  const api = useApi();
  const action = useAction();
  const [options, setOptions] = useState<ShareTimerOptions | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [groupId, setGroupId] = useState<number | null>(null);
  const [text, setText] = useState("");
  const groupFieldId = useId("share-group");
  const noteId = useId("share-note");
  const groupSelect = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    let live = true;
    void api.shareTimerOptions({ entryId: entry.id }).then((result) => {
      if (!live) return;
      if (!result.ok) return setLoadError(result.error);
      setOptions(result.value);
      setText(result.value.text);
      setGroupId(defaultShareGroup(result.value.groups, currentGroupId));
    });
    return () => {
      live = false;
    };
  }, [api, entry.id, currentGroupId]);

  // The dialog opened on its spinner: once the groups arrive, focus goes to the choice, not the page body.
  useEffect(() => {
    if (options !== null) groupSelect.current?.focus();
  }, [options]);

  const target = options?.groups.find((g) => g.groupId === groupId) ?? null;
  // The same note may still go out once it says something else.
  const repeats =
    target !== null &&
    (target.already === "entry" || (target.already === "note" && text.trim() === options?.text.trim()));
  const ready = target !== null && !repeats && text.trim() !== "";

  if (options === null) {
    return (
      <Dialog title="Share this timer" onClose={onClose}>
        {loadError ? (
          <ErrorNotice error={loadError} service="Co-op" compact />
        ) : (
          <div class="spinner" role="status" aria-label="Checking your groups' feeds" />
        )}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </Dialog>
    );
  }

  // Every feed shows the entry already (Co-op gathers the user's Harvest time into all their groups):
  // no choice to offer, only the reason.
  const everywhere = options.groups.length > 0 && options.groups.every((g) => g.already === "entry");
  if (options.groups.length === 0 || everywhere) {
    const names = new Intl.ListFormat("en", { type: "conjunction" }).format(options.groups.map((g) => g.name));
    const one = options.groups.length === 1;
    return (
      <Dialog title="Share this timer" onClose={onClose}>
        <p class="dialog-text">
          {everywhere
            ? `${names} already ${one ? "shows" : "show"} this timer: Co-op adds your Harvest time to ${one ? "its feed" : "their feeds"} by itself, so there is nothing to share.`
            : "You are in no group yet. Create or join one in Groups to share what you work on."}
        </p>
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose} autoFocus>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  const explanation =
    target === null
      ? null
      : target.already === "entry"
        ? `${target.name} already shows this timer: Co-op adds your Harvest time to its feed by itself, so there is nothing to share there.`
        : repeats
          ? `${target.name} already has this note.`
          : `Posted to ${target.name} as a note from you. The timer itself does not change.`;

  return (
    <Dialog title="Share this timer" onClose={onClose}>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!ready || target === null) return;
          void action.run(
            () => api.shareTimer({ groupId: target.groupId, entryId: entry.id, text }),
            () => onShared(target.name),
          );
        }}
      >
        <Field id={groupFieldId} label="Group">
          <select
            ref={groupSelect}
            id={groupFieldId}
            class="select"
            value={groupId ?? undefined}
            aria-describedby={`${groupFieldId}-why`}
            onChange={(e) => {
              setGroupId(Number(e.currentTarget.value));
              action.setError(null);
            }}
          >
            {options.groups.map((g) => (
              <option key={g.groupId} value={g.groupId}>
                {optionLabel(g)}
              </option>
            ))}
          </select>
        </Field>
        <p class="field-hint" id={`${groupFieldId}-why`}>
          {explanation}
        </p>
        {/* Nothing goes to a feed that shows the timer: no note to preview there. */}
        {target?.already === "entry" ? null : (
          <Field id={noteId} label="Note">
            <textarea
              id={noteId}
              class="textarea"
              rows={3}
              maxLength={MAX_TEXT_LENGTH}
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </Field>
        )}
        {action.error ? <ErrorNotice error={action.error} service="Co-op" compact /> : null}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={action.busy || !ready}>
            {action.busy ? "Sharing…" : "Share"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
