/**
 * The week at a glance above the day's entries: Monday to Sunday with each day's hours (the chosen
 * day marked, today named), the week's total, and arrows to the previous and next week. Picking a
 * day shows its entries below; the running timer counts into today and the week as it ticks.
 */
import type { JSX } from "preact";
import type { HarvestWeekView } from "../../shared/harvest-v2-state";
import type { CalendarDate } from "@coop-tray/protocol/models";
import { addDays, formatShortDay } from "../format";
import { hoursText } from "./timers";

/** `1:30`, `1.5`, `1,5`, `90m`, `2h` → hours; null when it is none of those (or not above zero). */
export function parseDuration(text: string): number | null {
  const typed = text.trim().toLowerCase().replace(",", ".");
  let hours: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,2}):([0-5]\d)$/.exec(typed))) hours = Number(match[1]) + Number(match[2]) / 60;
  else if ((match = /^(\d+)\s*m(?:in)?$/.exec(typed))) hours = Number(match[1]) / 60;
  else if ((match = /^(\d+(?:\.\d+)?)\s*h?$/.exec(typed))) hours = Number(match[1]);
  else return null;
  return hours > 0 && hours <= 24 ? Math.round(hours * 10_000) / 10_000 : null;
}

const weekday = (day: CalendarDate): string =>
  new Intl.DateTimeFormat(undefined, { weekday: "short", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));

export function WeekStrip({
  week,
  todayLive,
  onPick,
}: {
  readonly week: HarvestWeekView;
  /** Today's hours now, the running timer included (ticks). */
  readonly todayLive: number | null;
  readonly onPick: (day: CalendarDate) => void;
}): JSX.Element {
  const hoursOf = (day: CalendarDate, hours: number): number =>
    day === week.today && todayLive !== null ? todayLive : hours;
  const total = week.days.reduce((sum, d) => sum + hoursOf(d.day as CalendarDate, d.hours), 0);
  const first = week.days[0]?.day as CalendarDate | undefined;
  const inThisWeek = week.days.some((d) => d.day === week.today);
  return (
    <section class="week" aria-label="Week">
      <div class="week-head">
        <button
          type="button"
          class="icon-btn"
          aria-label="Previous week"
          title="Previous week"
          onClick={() => first && onPick(addDays(first, -7))}
        >
          ‹
        </button>
        <p class="week-title">
          {inThisWeek ? "This week" : `Week of ${first ? formatShortDay(first, week.today as CalendarDate) : ""}`}
          <span class="week-total" aria-label={`Week total ${hoursText(total)}`}>
            {hoursText(total)}
          </span>
        </p>
        <button
          type="button"
          class="icon-btn"
          aria-label="Next week"
          title="Next week"
          onClick={() => first && onPick(addDays(first, 7))}
        >
          ›
        </button>
      </div>
      <ol class="week-days">
        {week.days.map((d) => {
          const day = d.day as CalendarDate;
          const hours = hoursOf(day, d.hours);
          const date = formatShortDay(day, week.today as CalendarDate).replace(/^[^,]*,\s*/, "");
          return (
            <li key={day}>
              <button
                type="button"
                class={`week-day${day === week.day ? " is-chosen" : ""}${day === week.today ? " is-today" : ""}`}
                aria-pressed={day === week.day}
                onClick={() => onPick(day)}
              >
                {/* Read as "Tue 1:30, Dec 1" (", today"): the visible text first, as seen. */}
                <span class="week-day-name">{weekday(day)}</span>{" "}
                <span class="week-day-hours">
                  {hours > 0 ? hoursText(hours) : <span aria-hidden="true">–</span>}
                  {hours > 0 ? null : <span class="visually-hidden">0:00</span>}
                </span>
                <span class="visually-hidden">
                  , {date}
                  {day === week.today ? ", today" : ""}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {!inThisWeek ? (
        <button type="button" class="link-btn week-back" onClick={() => onPick(week.today as CalendarDate)}>
          Back to today
        </button>
      ) : null}
    </section>
  );
}
