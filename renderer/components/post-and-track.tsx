/**
 * Track from the composer: the composer can start a Harvest timer with what is typed as its notes.
 * A "Track" switch with the task to track on (recent pairs first) sits above the field when Harvest
 * is connected with a token; with it on, Enter starts the timer, and Ctrl/Cmd+Enter does so once
 * whatever the switch says. No note is posted as well: Co-op gathers the running entry into the
 * group feeds (docs/coop-api.md §6.1), so the entry is the feed's one record of it.
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { AppError, Result } from "../../shared/errors";
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import type { HarvestTaskOption } from "../../shared/harvest-v2-state";
import { useApi } from "../api-context";
import { useId } from "../hooks";
import { optionKey, optionLabel } from "./task-picker";

export interface PostAndTrack {
  /** The switch and task choice, or null when Harvest v2 is not connected. */
  readonly element: JSX.Element | null;
  /** Whether Enter (or Ctrl/Cmd+Enter when `force`) starts a timer instead of posting a note. */
  tracks(force: boolean): boolean;
  /** Starts the timer with `text` as its notes; null when no task is chosen. */
  start(text: string): Promise<Result<HarvestTimeEntry> | null>;
  readonly error: AppError | null;
}

export function usePostAndTrack(): PostAndTrack {
  const api = useApi();
  const id = useId("track");
  const [connected, setConnected] = useState(false);
  const [options, setOptions] = useState<readonly HarvestTaskOption[]>([]);
  const [on, setOn] = useState(false);
  const [key, setKey] = useState<string>("");
  const [error, setError] = useState<AppError | null>(null);

  const loadOptions = useCallback(async () => {
    const result = await api.listTaskOptions({ refresh: false });
    if (result.ok) {
      setOptions(result.value);
      setKey((current) =>
        current !== "" && result.value.some((o) => optionKey(o) === current)
          ? current
          : result.value[0]
            ? optionKey(result.value[0])
            : "",
      );
    }
  }, [api]);

  useEffect(() => {
    const apply = (linked: boolean): void => {
      setConnected(linked);
      if (linked) void loadOptions();
    };
    void api.getHarvestV2().then((result) => result.ok && apply(result.value.link !== null));
    return api.on.harvestV2Changed((state) => apply(state.link !== null));
  }, [api, loadOptions]);

  const choice = options.find((o) => optionKey(o) === key) ?? null;
  const element =
    connected && options.length > 0 ? (
      <div class="composer-track">
        <input
          id={`${id}-on`}
          type="checkbox"
          class="switch"
          role="switch"
          checked={on}
          onChange={(e) => setOn(e.currentTarget.checked)}
        />
        <label for={`${id}-on`}>Track</label>
        <label class="visually-hidden" for={`${id}-task`}>
          Task to track
        </label>
        <select
          id={`${id}-task`}
          class="select select-small"
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
        >
          {options.map((o) => (
            <option key={optionKey(o)} value={optionKey(o)}>
              {optionLabel(o)}
            </option>
          ))}
        </select>
      </div>
    ) : null;

  return {
    element,
    error,
    tracks: (force) => connected && choice !== null && (force || on),
    async start(text) {
      if (choice === null) return null;
      setError(null);
      const started = await api.startTimer({ projectId: choice.projectId, taskId: choice.taskId, notes: text });
      if (!started.ok) setError(started.error);
      return started;
    },
  };
}
