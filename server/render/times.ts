/**
 * Instants rendered the way the two Rails apps did: ISO 8601 with the zone's offset ("Z" for UTC)
 * or the Rails 2 legacy slash style (`2008/11/19 17:13:12 +0000`), plus calendar days in a zone.
 */

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    offsetFormatters.set(zone, formatter);
  }
  return formatter;
}

/** The zone's UTC offset in minutes at that instant (e.g. -240 for New York in October 2008). */
export function offsetMinutes(ms: number, zone: string): number {
  if (zone === "UTC") return 0;
  const name =
    offsetFormatter(zone)
      .formatToParts(new Date(ms))
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

interface LocalParts {
  readonly date: string;
  readonly slashDate: string;
  readonly clock: string;
  readonly offset: number;
}

function localParts(ms: number, zone: string): LocalParts {
  const offset = offsetMinutes(ms, zone);
  // Shift by the offset and read the UTC fields: that is the wall-clock time in the zone.
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000);
  const y = pad(local.getUTCFullYear(), 4);
  const m = pad(local.getUTCMonth() + 1);
  const d = pad(local.getUTCDate());
  return {
    date: `${y}-${m}-${d}`,
    slashDate: `${y}/${m}/${d}`,
    clock: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`,
    offset,
  };
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ":" : ""}${pad(abs % 60)}`;
}

/** `2008-10-30T16:56:04-04:00`, or `…Z` in UTC. */
export function isoTime(ms: number, zone: string): string {
  const parts = localParts(ms, zone);
  const suffix = zone === "UTC" ? "Z" : offsetText(parts.offset, true);
  return `${parts.date}T${parts.clock}${suffix}`;
}

/** `2008/10/30 16:56:04 -0400` (Rails 2 JSON with use_standard_json_time_format off). */
export function slashTime(ms: number, zone: string): string {
  const parts = localParts(ms, zone);
  return `${parts.slashDate} ${parts.clock} ${offsetText(parts.offset, false)}`;
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in a zone. */
export function localDay(ms: number, zone: string): string {
  return localParts(ms, zone).date;
}

/** `2008-11-19` → `2008/11/19` */
export function slashDate(day: string): string {
  return day.replaceAll("-", "/");
}

/** A day from a path segment (`YYYYMMDD` or `YYYY-MM-DD`), or null when it is not a real date. */
export function parseDaySegment(segment: string): string | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(segment);
  if (match === null) return null;
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const probe = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (probe.getUTCFullYear() !== Number(y) || probe.getUTCMonth() !== Number(m) - 1 || probe.getUTCDate() !== Number(d))
    return null;
  return `${y}-${m}-${d}`;
}

/** Harvest's `updated_since` (UTC `YYYY-MM-DD HH:MM`, or a full ISO instant) to epoch ms, or null. */
export function parseUpdatedSince(value: string): number | null {
  const plain = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (plain !== null) {
    const [, y, mo, d, h, mi, s] = plain;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? "0"));
    return Number.isNaN(ms) ? null : ms;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) {
    const ms = Date.parse(value.trim());
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}
