/**
 * "Show older" below the latest 50: Co-op has no paging, only a day endpoint (docs/coop-api.md §6.3, §6.6), so older
 * statuses are found by walking back one day at a time from the oldest one shown, until enough
 * new ones turned up or a bounded run of empty days says there is (probably) nothing more nearby.
 */
import type { CoopApi, FeedQuery } from "../shared/contract";
import type { AppError } from "../shared/errors";
import type { CalendarDate, Status } from "@coop-tray/protocol/models";
import { statusKey } from "@coop-tray/protocol/rules";
import { addDays, instantMs, todayIn } from "./format";

/** Stop once this many older statuses were found… */
export const OLDER_ENOUGH = 20;
/** …or after this many days in a row without any. */
export const OLDER_EMPTY_DAYS = 7;

export interface OlderPage {
  readonly statuses: readonly Status[];
  /** The next day to ask for when the user wants more. */
  readonly nextDay: CalendarDate;
  /** The walk ended on a run of empty days (rather than on having found enough). */
  readonly emptyRun: boolean;
  readonly error: AppError | null;
}

/** The calendar day (in the group's zone) of the oldest of `statuses`, or null when none has a time. */
export function oldestDay(statuses: readonly Status[], zone: string | null): CalendarDate | null {
  let oldest: number | null = null;
  for (const s of statuses) {
    const at = instantMs(s.createdAt);
    if (at !== null && (oldest === null || at < oldest)) oldest = at;
  }
  return oldest === null ? null : todayIn(zone, oldest);
}

/**
 * Walks back from `from` (inclusive), skipping statuses already `known`; one day endpoint call at a
 * time, so a throttle or an error stops the walk where it was (the error is returned with what was
 * found so far, and `nextDay` is the day that failed).
 */
export async function walkBack(
  api: CoopApi,
  base: Omit<FeedQuery, "date">,
  from: CalendarDate,
  known: ReadonlySet<string>,
): Promise<OlderPage> {
  const found: Status[] = [];
  const seen = new Set(known);
  let day = from;
  let empty = 0;
  while (found.length < OLDER_ENOUGH && empty < OLDER_EMPTY_DAYS) {
    const result = await api.refreshFeed({ ...base, date: day });
    if (!result.ok) return { statuses: found, nextDay: day, emptyRun: false, error: result.error };
    const fresh = result.value.statuses.filter((s) => !seen.has(statusKey(s)));
    for (const s of fresh) seen.add(statusKey(s));
    found.push(...fresh);
    empty = fresh.length === 0 ? empty + 1 : 0;
    day = addDays(day, -1);
  }
  return { statuses: found, nextDay: day, emptyRun: empty >= OLDER_EMPTY_DAYS, error: null };
}

/** The days an empty run looked at, oldest first: the run stopped on `nextDay`, the day before them. */
export function emptyRunDays(page: Pick<OlderPage, "nextDay">): {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
} {
  return { from: addDays(page.nextDay, 1), to: addDays(page.nextDay, OLDER_EMPTY_DAYS) };
}
