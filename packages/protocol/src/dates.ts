/**
 * Every date style the two servers send, normalised to the shared model's forms:
 * instants as `toISOString()` UTC strings, calendar dates as `YYYY-MM-DD`.
 *
 * - ISO 8601 with `Z`, `±HH:MM`, `±HHMM` (also `-0000`), optional seconds and fractions
 * - Rails 2 legacy JSON: `2008/11/19 20:19:45 +0000` and `2008/11/19`
 * - Harvest daily (RFC 822 style): `Thu, 17 Nov 2011 10:19:57 +0000` and `Wed, 18 Oct 2006`
 */
import type { CalendarDate, Instant } from "./models";

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
const SLASH = /^(\d{4})\/(\d{2})\/(\d{2})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/;
const RFC822 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|UT|UTC|GMT|[+-]\d{4})?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLASH_DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const RFC822_DATE = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})$/;
const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** Offset in minutes east of UTC; null when the text is no offset we know. */
function offsetMinutes(text: string | undefined): number | null {
  if (text === undefined || text === "Z" || /^(z|ut|utc|gmt)$/i.test(text)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? "0");
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Days since 1970-01-01 for a civil date (proleptic Gregorian), without a Date object. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));

/**
 * Formats like `toISOString()`. Decoding a feed formats three instants per status, and building a
 * Date for each was the slowest step of the whole decode.
 */
function isoFromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): Instant {
  const msText = ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms);
  return `${String(year).padStart(4, "0")}-${TWO[month]}-${TWO[day]}T${TWO[hour]}:${TWO[minute]}:${TWO[second]}.${msText}Z`;
}

function instantFrom(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: string | undefined,
): Instant | null {
  if (y < 1000 || y > 9999 || !validDay(y, mo, d) || h > 23 || mi > 59 || s > 60) return null;
  const minutes = offsetMinutes(offset);
  if (minutes === null) return null;
  const second = Math.min(s, 59);
  if (minutes === 0) return isoFromParts(y, mo, d, h, mi, second, ms);
  // Shift by the offset in whole minutes, then read the UTC fields back.
  let total = daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - minutes;
  const dayNumber = Math.floor(total / 1440);
  total -= dayNumber * 1440;
  const date = civilFromDays(dayNumber);
  return isoFromParts(date[0], date[1], date[2], Math.floor(total / 60), total % 60, second, ms);
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Parses any supported instant form; null when the text is none of them. */
export function parseInstant(text: string): Instant | null {
  const value = text.trim();
  let m = ISO.exec(value);
  if (m) {
    const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
    return instantFrom(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), fraction, m[8]);
  }
  m = SLASH.exec(value);
  if (m) return instantFrom(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), 0, m[7]);
  m = RFC822.exec(value);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) return null;
    return instantFrom(+m[3]!, month, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0), 0, m[7]);
  }
  return null;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Parses a calendar date (`2008-11-19`, `2008/11/19`, `Wed, 18 Oct 2006`); null otherwise. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const value = text.trim();
  let y: number, mo: number, d: number;
  let m = ISO_DATE.exec(value) ?? SLASH_DATE.exec(value);
  if (m) {
    y = +m[1]!;
    mo = +m[2]!;
    d = +m[3]!;
  } else {
    m = RFC822_DATE.exec(value);
    if (!m) return null;
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) return null;
    y = +m[3]!;
    mo = month;
    d = +m[1]!;
  }
  return validDay(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : null;
}

/** Harvest's `updated_since`: UTC `YYYY-MM-DD HH:MM`. */
export function harvestUpdatedSince(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** Co-op's date path segment: `YYYYMMDD` from a calendar date. */
export function coopDaySegment(day: CalendarDate): string | null {
  const parsed = parseCalendarDate(day);
  return parsed === null ? null : parsed.replaceAll("-", "");
}
