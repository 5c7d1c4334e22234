/**
 * Co-op's fixed list of time zones, searchable by name or IANA id, as a native listbox. The chosen
 * zone is said in words under the list (a listbox alone hides it once a search filters it out), Enter
 * in the search takes the first *match*, and the list scrolls to whatever is chosen.
 */
import type { JSX } from "preact";
import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { COOP_TIME_ZONE_NAMES, COOP_TIME_ZONES, type CoopTimeZone } from "@coop-tray/protocol/rules";
import { zoneOffsetLabel } from "../format";

/**
 * Zones matching a search, best first: the name itself, then names starting with it, then names
 * containing it, then zones found only by their IANA id ("Tokyo" is Co-op's "Tokyo" before "Osaka",
 * which shares Asia/Tokyo). Alphabetical within each rank.
 */
export function filterTimeZones(query: string): CoopTimeZone[] {
  const q = query.trim().toLowerCase();
  if (q === "") return COOP_TIME_ZONE_NAMES;
  const rank = (name: CoopTimeZone): number => {
    const n = name.toLowerCase();
    if (n === q) return 0;
    if (n.startsWith(q)) return 1;
    if (n.includes(q)) return 2;
    return COOP_TIME_ZONES[name].toLowerCase().replace(/_/g, " ").includes(q) ? 3 : -1;
  };
  return COOP_TIME_ZONE_NAMES.map((name) => [name, rank(name)] as const)
    .filter(([, r]) => r >= 0)
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name);
}

function isCoopZone(value: string): value is CoopTimeZone {
  return Object.prototype.hasOwnProperty.call(COOP_TIME_ZONES, value);
}

export interface TimeZonePickerProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (zone: CoopTimeZone) => void;
}

export function TimeZonePicker({ id, value, onChange }: TimeZonePickerProps): JSX.Element {
  const [search, setSearch] = useState("");
  const now = useMemo(() => Date.now(), []);
  const list = useRef<HTMLSelectElement>(null);
  const matches = useMemo(() => filterTimeZones(search), [search]);
  // The current choice stays in the list (so the listbox never shows nothing selected), after the
  // matches: it is never what Enter takes.
  const shown = useMemo(
    () => (matches.includes(value as CoopTimeZone) || !isCoopZone(value) ? matches : [...matches, value]),
    [matches, value],
  );
  const label = (name: CoopTimeZone): string => `${name} (${zoneOffsetLabel(COOP_TIME_ZONES[name], now)})`;

  // The choice scrolled into view inside the list only (never the dialog around it). A frame later
  // as well: a dialog opening around the picker is laid out only after this effect.
  useLayoutEffect(() => {
    const select = list.current;
    if (!select) return undefined;
    const index = shown.indexOf(value as CoopTimeZone);
    if (index >= 0 && select.selectedIndex !== index) select.selectedIndex = index;
    const reveal = (): void => {
      const option = select.options[select.selectedIndex];
      if (!option) return;
      const box = select.getBoundingClientRect();
      const row = option.getBoundingClientRect();
      if (row.height === 0 || (row.top >= box.top && row.bottom <= box.bottom)) return;
      select.scrollTop += row.top - box.top - (select.clientHeight - row.height) / 2;
    };
    reveal();
    const frame = requestAnimationFrame(reveal);
    return () => cancelAnimationFrame(frame);
  }, [shown, value]);

  return (
    <div class="tz-picker">
      <input
        id={`${id}-search`}
        class="input input-search"
        type="search"
        placeholder="Search time zones"
        aria-label="Search time zones"
        aria-controls={id}
        value={search}
        onInput={(e) => setSearch(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== "ArrowDown" && e.key !== "Enter") return;
          // Enter picks here and never submits the form around the picker.
          e.preventDefault();
          const first = matches[0];
          if (first && (e.key === "Enter" || !matches.includes(value as CoopTimeZone))) onChange(first);
          list.current?.focus();
        }}
      />
      <select
        ref={list}
        id={id}
        class="listbox"
        size={5}
        value={value}
        aria-describedby={`${id}-chosen`}
        onChange={(e) => isCoopZone(e.currentTarget.value) && onChange(e.currentTarget.value)}
      >
        {shown.map((name) => (
          <option key={name} value={name}>
            {label(name)}
          </option>
        ))}
      </select>
      {matches.length === 0 ? <p class="field-hint">No time zone matches “{search}”.</p> : null}
      <p class="tz-chosen" id={`${id}-chosen`} aria-live="polite" data-testid="tz-chosen">
        {isCoopZone(value) ? (
          <>
            Time zone: <strong>{label(value)}</strong>
          </>
        ) : (
          "Choose a time zone."
        )}
      </p>
    </div>
  );
}
