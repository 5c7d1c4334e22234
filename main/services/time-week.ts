/**
 * The week strip's calendar arithmetic, apart from Harvest: the Monday-to-Sunday week around a day
 * and each day's total. Days are `YYYY-MM-DD` in the user's Harvest zone, so the arithmetic is on
 * calendar dates (UTC noon, far from any zone change), never on instants.
 */
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import type { HarvestDayTotal } from "../../shared/harvest-v2-state";

const DAY_MS = 86_400_000;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real `YYYY-MM-DD` date (not 2026-02-30). */
export function isDay(text: string): boolean {
  const match = CALENDAR_DATE.exec(text);
  if (match === null) return false;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return at.toISOString().slice(0, 10) === text;
}

/** `day` moved by `days` (negative: back). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Monday to Sunday of the week holding `day` (ISO 8601 weeks). */
export function weekOf(day: string): string[] {
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(day, -weekday);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Each day's hours (a running entry's as of the answer), in `days`' order. */
export function dayTotals(days: readonly string[], entries: readonly HarvestTimeEntry[]): HarvestDayTotal[] {
  return days.map((day) => ({
    day,
    hours: Math.round(entries.filter((e) => e.spentDate === day).reduce((sum, e) => sum + e.hours, 0) * 1e4) / 1e4,
  }));
}
