/** A calendar day in a zone as the UTC instants it spans, so "statuses of a day" is an indexed range. */
import { offsetMinutes } from "../render/times";

function localMidnight(day: string, zone: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // The offset at midnight may differ from the offset a few hours off (DST): settle it in two steps.
  let instant = wall - offsetMinutes(wall, zone) * 60_000;
  instant = wall - offsetMinutes(instant, zone) * 60_000;
  return instant;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** [start, end) of `day` (YYYY-MM-DD) in the IANA zone. */
export function dayRange(day: string, zone: string): readonly [number, number] {
  return [localMidnight(day, zone), localMidnight(nextDay(day), zone)];
}
