/** Co-op's fixed list of time zones, searchable by name or IANA id, as a native listbox. */
import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import { COOP_TIME_ZONE_NAMES, COOP_TIME_ZONES, type CoopTimeZone } from "../../shared/timezones";
import { zoneOffsetLabel } from "../format";

export function filterTimeZones(query: string): CoopTimeZone[] {
  const q = query.trim().toLowerCase();
  if (q === "") return COOP_TIME_ZONE_NAMES;
  return COOP_TIME_ZONE_NAMES.filter((name) => name.toLowerCase().includes(q) || COOP_TIME_ZONES[name].toLowerCase().replace(/_/g, " ").includes(q));
}

export function TimeZonePicker({ id, value, onChange }: { readonly id: string; readonly value: string; readonly onChange: (zone: CoopTimeZone) => void }): JSX.Element {
  const [search, setSearch] = useState("");
  const now = useMemo(() => Date.now(), []);
  const matches = useMemo(() => {
    const found = filterTimeZones(search);
    // Keep the current choice visible even when the search hides it.
    return found.includes(value as CoopTimeZone) || !(value in COOP_TIME_ZONES) ? found : [value as CoopTimeZone, ...found];
  }, [search, value]);
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
          if (e.key === "ArrowDown" || e.key === "Enter") {
            e.preventDefault();
            const first = matches[0];
            if (first && e.key === "Enter") onChange(first);
            document.getElementById(id)?.focus();
          }
        }}
      />
      <select id={id} class="listbox" size={5} value={value} onChange={(e) => onChange(e.currentTarget.value as CoopTimeZone)}>
        {matches.map((name) => (
          <option key={name} value={name}>
            {`${name} (${zoneOffsetLabel(COOP_TIME_ZONES[name], now)})`}
          </option>
        ))}
      </select>
      {matches.length === 0 ? <p class="field-hint">No time zone matches “{search}”.</p> : null}
    </div>
  );
}
