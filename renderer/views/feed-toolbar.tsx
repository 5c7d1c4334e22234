/** The feed's toolbar (day browsing, the search toggle, the member filter) and its search field. */
import type { JSX } from "preact";
import { useRef } from "preact/hooks";
import type { CalendarDate, Member } from "@coop-tray/protocol/models";
import { ChevronLeft, ChevronRight, SearchIcon } from "../components/icons";
import { addDays, formatDay, formatShortDay, isCalendarDate } from "../format";
import type { FeedSearch } from "../use-feed-search";

export function dayLabel(day: CalendarDate | null, today: CalendarDate): string {
  if (day === null) return "Latest";
  if (day === today) return "Today";
  if (day === addDays(today, -1)) return "Yesterday";
  return formatShortDay(day, today);
}

export interface FeedToolbarProps {
  readonly date: CalendarDate | null;
  readonly setDate: (date: CalendarDate | null) => void;
  readonly today: CalendarDate;
  /** Where the first step back from Latest goes: the newest day that has statuses. */
  readonly newestDay: CalendarDate | null;
  readonly disabled: boolean;
  readonly search: FeedSearch;
  readonly members: readonly Member[];
  readonly userId: number | null;
  readonly setUserId: (userId: number | null) => void;
}

export function FeedToolbar(props: FeedToolbarProps): JSX.Element {
  const { date, setDate, today, search } = props;
  const dateInput = useRef<HTMLInputElement>(null);
  return (
    <div class="toolbar">
      <div class="day-nav" role="group" aria-label="Day">
        <button
          type="button"
          class="icon-btn"
          aria-label="Previous day"
          title="Previous day"
          disabled={props.disabled}
          onClick={() => setDate(date === null ? (props.newestDay ?? today) : addDays(date, -1))}
        >
          <ChevronLeft />
        </button>
        {/* One Tab stop: the button opens the native picker; the date input itself takes no focus
            (its day, month and year fields would be three invisible stops). */}
        <span class="day-label">
          <button
            type="button"
            class="day-text"
            title={date !== null ? formatDay(date) : "Choose a day"}
            aria-label={`${dayLabel(date, today)}, choose a day`}
            onClick={() => {
              const input = dateInput.current;
              try {
                input?.showPicker();
              } catch {
                input?.focus();
              }
            }}
          >
            {dayLabel(date, today)}
          </button>
          <input
            ref={dateInput}
            type="date"
            class="day-input"
            tabIndex={-1}
            aria-label="Pick a date"
            max={today}
            value={date ?? ""}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDate(value === "" ? null : isCalendarDate(value) ? value : date);
            }}
          />
        </span>
        <button
          type="button"
          class="icon-btn"
          aria-label="Next day"
          title="Next day"
          disabled={date === null}
          onClick={() => setDate(date === null || date >= today ? null : addDays(date, 1))}
        >
          <ChevronRight />
        </button>
        {date !== null ? (
          <button type="button" class="btn btn-small btn-quiet" onClick={() => setDate(null)}>
            Latest
          </button>
        ) : null}
      </div>
      <button
        type="button"
        class={search.search !== null ? "icon-btn is-active" : "icon-btn"}
        aria-label="Search the feed"
        title="Search the feed (/)"
        aria-expanded={search.search !== null}
        aria-controls="feed-search"
        onClick={() => (search.search === null ? search.open() : search.setSearch(null))}
      >
        <SearchIcon />
      </button>
      <label class="visually-hidden" for="member-filter">
        Show statuses by
      </label>
      <select
        id="member-filter"
        class="select select-small"
        value={props.userId ?? ""}
        onChange={(e) => props.setUserId(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))}
      >
        <option value="">Everyone</option>
        {props.members.map((m) => (
          <option key={m.id} value={m.id}>
            {`${m.firstName} ${m.lastName}`.trim() || m.email}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FeedSearchField({
  search,
  loadedCount,
}: {
  readonly search: FeedSearch;
  readonly loadedCount: number;
}): JSX.Element {
  return (
    <div class="feed-search search" id="feed-search" role="search">
      <SearchIcon />
      <input
        ref={search.field}
        class="input input-search"
        type="search"
        placeholder="Search text, people, clients"
        aria-label="Search the loaded statuses"
        aria-describedby="feed-search-count"
        value={search.search ?? ""}
        onInput={(e) => search.setSearch(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          // Escape clears the search first, then closes it; the window stays.
          e.preventDefault();
          search.setSearch(search.search ? "" : null);
        }}
      />
      <span class="visually-hidden" id="feed-search-count" role="status">
        {search.searching && search.statuses ? `${search.statuses.length} of ${loadedCount} loaded statuses match` : ""}
      </span>
    </div>
  );
}
