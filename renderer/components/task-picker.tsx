/**
 * Type-ahead over the user's project/task pairs (recent ones first): a combobox in the ARIA sense,
 * so arrow keys move through the options, Enter picks, Escape closes the list, and a screen reader
 * hears which option is active.
 */
import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { HarvestTaskOption } from "../../shared/harvest-v2-state";
import { useId } from "../hooks";

export const optionKey = (o: Pick<HarvestTaskOption, "projectId" | "taskId">): string => `${o.projectId}:${o.taskId}`;

export const optionLabel = (o: HarvestTaskOption): string => `${o.projectName} — ${o.taskName}`;

/** Every word typed must appear in the client, project (or its code) or task. */
export function matchOptions(options: readonly HarvestTaskOption[], query: string): HarvestTaskOption[] {
  const words = query
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "");
  if (words.length === 0) return [...options];
  return options.filter((o) => {
    const hay = `${o.clientName} ${o.projectName} ${o.projectCode ?? ""} ${o.taskName}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export interface TaskPickerProps {
  readonly options: readonly HarvestTaskOption[] | null;
  readonly value: HarvestTaskOption | null;
  readonly onChange: (option: HarvestTaskOption | null) => void;
  readonly label?: string;
  readonly disabled?: boolean;
}

export function TaskPicker({
  options,
  value,
  onChange,
  label = "Project and task",
  disabled = false,
}: TaskPickerProps): JSX.Element {
  const inputId = useId("task-picker");
  const listId = `${inputId}-list`;
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const shown = useMemo(() => matchOptions(options ?? [], query).slice(0, 50), [options, query]);
  const choose = (option: HarvestTaskOption): void => {
    onChange(option);
    setQuery("");
    setOpen(false);
  };
  const activeOption = shown[Math.min(active, shown.length - 1)];
  return (
    <div class="task-picker">
      <label class="field-label" for={inputId}>
        {label}
      </label>
      <input
        id={inputId}
        class="input"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && activeOption ? `${listId}-${optionKey(activeOption)}` : undefined}
        autocomplete="off"
        disabled={disabled || options === null}
        placeholder={
          options === null ? "Loading your projects…" : value ? optionLabel(value) : "Type a project or task"
        }
        value={open ? query : value ? optionLabel(value) : query}
        onFocus={() => {
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => setOpen(false)}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setOpen(true);
          setActive(0);
          if (value) onChange(null);
        }}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") {
            event.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, Math.max(0, shown.length - 1)));
          } else if (event.key === "ArrowUp") {
            event.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (event.key === "Enter" && open && activeOption) {
            event.preventDefault();
            choose(activeOption);
          } else if (event.key === "Escape" && open) {
            // Close the list only; a second Escape reaches the window.
            event.preventDefault();
            setOpen(false);
          }
        }}
      />
      {open && options !== null ? (
        <ul class="task-options" id={listId} role="listbox" aria-label={`${label}: suggestions`}>
          {shown.length === 0 ? <li class="task-option-empty">No project or task matches “{query.trim()}”</li> : null}
          {shown.map((option, index) => (
            <li
              key={optionKey(option)}
              id={`${listId}-${optionKey(option)}`}
              role="option"
              aria-selected={index === active}
              class={index === active ? "task-option is-active" : "task-option"}
              // Pick on mousedown so the input's blur does not close the list first.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(option);
              }}
            >
              <span class="task-option-main">
                {option.projectName} — {option.taskName}
              </span>
              <span class="task-option-sub">
                {option.clientName}
                {option.recent ? <span class="task-recent"> · recent</span> : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
