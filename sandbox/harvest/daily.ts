/**
 * Harvest v1's Time Tracking read (docs/harvest.md §4.2, §6.2): `GET /daily` (today) and
 * `GET /daily/{day_of_year}/{year}`, the signed-in user's own entries for that day (UTC days here) plus
 * the day itself. JSON is flat; the XML form keeps the underscored names as v1's /daily did. Dates in JSON
 * are ISO (docs/harvest.md §7.2: Harvest's docs showed only the XML's RFC 822 dates). Only what the
 * server's gatherer reads; the project list is empty.
 */
import { date, float, int, list, obj, str, time } from "../../server/index";
import type { Doc, Node } from "../../server/index";
import type { TimeEntry } from "../model/state";

function entryNode(e: TimeEntry): Node {
  const fields: Array<readonly [string, Node]> = [
    ["id", int(e.id)],
    ["spent_at", date(e.spentAt)],
    ["user_id", int(e.userId)],
    ["client", str(e.client)],
    ["project", str(e.project)],
    ["task", str(e.task)],
    ["hours", float(e.hours)],
    ["notes", str(e.notes)],
  ];
  if (e.timerStartedAt !== null) fields.push(["timer_started_at", time(e.timerStartedAt)]);
  fields.push(["created_at", time(e.createdAt)], ["updated_at", time(e.updatedAt)]);
  return obj(fields);
}

export const dailyDoc = (day: string, entries: readonly TimeEntry[]): Doc => ({
  root: "daily",
  node: obj([
    ["for_day", date(day)],
    ["day_entries", list("day_entry", entries.map(entryNode))],
    ["projects", list("project", [])],
  ]),
  rooted: false,
});

/** `day_of_year`/`year` → `YYYY-MM-DD`, or null when it is no day of that year. */
export function dayFromYear(doy: number, year: number): string | null {
  if (!Number.isInteger(doy) || doy < 1 || doy > 366 || year < 1900 || year > 9999) return null;
  const at = new Date(Date.UTC(year, 0, doy));
  return at.getUTCFullYear() === year ? at.toISOString().slice(0, 10) : null;
}
