/**
 * Pure formatting helpers: relative times, hours, calendar days. Everything takes `now` explicitly
 * so tests can pin the clock and the UI can re-render on a timer without hidden state.
 */
import type { CalendarDate } from "@coop-tray/protocol/models";
import { isEmail } from "@coop-tray/protocol/rules";

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? "";
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
    relativeFormats.set(key, format);
  }
  return format;
}

/**
 * "just now", "5 min. ago", "yesterday": the largest unit that fits, rounded toward zero. Never a
 * future time: a moment "in a moment" can only be a server clock ahead of this machine's, so
 * anything ahead of now reads as just now.
 */
export function relativeTime(thenMs: number, nowMs: number, locale?: string): string {
  const seconds = Math.min(0, Math.round((thenMs - nowMs) / 1000));
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  for (const [unit, size] of UNITS) {
    if (abs >= size) return relativeFormat(locale).format(Math.trunc(seconds / size), unit);
  }
  return relativeFormat(locale).format(Math.trunc(seconds / 60) || -1, "minute");
}

/** Parses an Instant (ISO 8601) to epoch ms, or null when it is not one. */
export function instantMs(instant: string | null | undefined): number | null {
  if (!instant) return null;
  const ms = Date.parse(instant);
  return Number.isFinite(ms) ? ms : null;
}

/** Decimal hours as Harvest shows them by default: "1:30" for 1.5. */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) return "0:00";
  const totalMinutes = Math.round(hours * 60);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return `${h}:${m.toString().padStart(2, "0")}`;
}

/** Seconds left until `untilMs`, never negative, rounded up so "0 s" means done. */
export function secondsUntil(untilMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((untilMs - nowMs) / 1000));
}

/** "12 s", "1:05" for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m}:${(s % 60).toString().padStart(2, "0")}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real `YYYY-MM-DD` day (no 31 February). */
export function isCalendarDate(value: string): value is CalendarDate {
  const match = DATE_RE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Adds whole days to a calendar date (pure calendar arithmetic, no time zones involved). */
export function addDays(day: CalendarDate, delta: number): CalendarDate {
  const match = DATE_RE.exec(day);
  if (!match) throw new RangeError(`not a calendar date: ${day}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + delta));
  return date.toISOString().slice(0, 10);
}

/** Today's date in an IANA zone (the group's), so "today" means the group's day. */
export function todayIn(timeZone: string | null, nowMs: number): CalendarDate {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: timeZone ?? undefined,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(nowMs);
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}`;
  } catch {
    return new Date(nowMs).toISOString().slice(0, 10);
  }
}

/** "Tue, 19 Nov 2008" for a calendar date, without shifting it through a zone. */
export function formatDay(day: CalendarDate, locale?: string): string {
  const match = DATE_RE.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}

/**
 * A calendar date short enough for the day switcher: "Wed, Nov 19" this year, "Nov 19, 2008" in
 * another (the weekday matters for recent days, the year for old ones).
 */
export function formatShortDay(day: CalendarDate, today: CalendarDate, locale?: string): string {
  const match = DATE_RE.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const sameYear = today.slice(0, 4) === day.slice(0, 4);
  const options: Intl.DateTimeFormatOptions = sameYear
    ? { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }
    : { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** A full date and time for tooltips (formatters are costly to build: one per locale, reused). */
export function formatInstant(ms: number, locale?: string): string {
  const key = locale ?? "";
  let format = instantFormats.get(key);
  if (!format)
    instantFormats.set(key, (format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" })));
  return format.format(ms);
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The time of day, "14:05" or "2:05 PM" as the locale writes it (its 12/24 h habit), in `timeZone`
 * (the group's, so a day view's times fall inside the day it shows) or the machine's.
 */
export function formatClock(ms: number, timeZone?: string | null, locale?: string): string {
  const key = `${locale ?? ""}|${timeZone ?? ""}`;
  let format = clockFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: timeZone ?? undefined });
    } catch {
      format = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
    }
    clockFormats.set(key, format);
  }
  return format.format(ms);
}

/** Up to two initials from a display name or email, for the avatar fallback. */
export function initials(name: string): string {
  const base = name.includes("@") && !name.includes(" ") ? (name.split("@")[0] ?? name) : name;
  const words = base.split(/[\s._-]+/).filter((w) => w.length > 0);
  const letters = words.length >= 2 ? [words[0], words[words.length - 1]] : [words[0]];
  const result = letters.map((w) => (w ? (Array.from(w)[0]?.toUpperCase() ?? "") : "")).join("");
  return result || "?";
}

/** How many avatar colours the stylesheet defines (`.hue-0` …). */
export const AVATAR_HUES = 8;

/**
 * The avatar colour for a person: from the user id, so it is the same everywhere they appear and
 * neighbouring ids (a team that joined together) get different colours; from the name when the id
 * is unknown.
 */
export function avatarHue(userId: number | null, name: string): number {
  if (userId !== null && Number.isSafeInteger(userId)) return Math.abs(userId) % AVATAR_HUES;
  let hash = 0;
  for (const ch of name.trim().toLowerCase()) hash = (Math.imul(hash, 31) + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % AVATAR_HUES;
}

/** UTC offset label for a zone at a moment, e.g. "GMT−3", using the platform's zone data. */
export function zoneOffsetLabel(ianaZone: string, nowMs: number): string {
  try {
    const parts = new Intl.DateTimeFormat("en", { timeZone: ianaZone, timeZoneName: "shortOffset" }).formatToParts(
      nowMs,
    );
    return parts.find((p) => p.type === "timeZoneName")?.value ?? "";
  } catch {
    return "";
  }
}

/** Splits a comma/semicolon/whitespace separated list of emails; returns the valid ones and the rest. */
export function parseEmails(input: string): { emails: string[]; invalid: string[] } {
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const raw of input.split(/[\s,;]+/)) {
    const item = raw.trim();
    if (!item) continue;
    if (isEmail(item)) {
      if (!emails.includes(item)) emails.push(item);
    } else invalid.push(item);
  }
  return { emails, invalid };
}
