/**
 * A running timer's hours in the team feed, ticking (issue: it read 0:00 and reset every minute).
 *
 * Co-op passes on Harvest's `hours` as of its last gather, which may lag Harvest (a fresh timer reads
 * 0 while Harvest says 0.14), and `timer_started_at`, when the current run began (docs/coop-api.md
 * §6.1). Two lower bounds of the true hours follow, and the larger is shown:
 * - the run so far: now − `timer_started_at` (earlier runs of the same entry only add to it);
 * - the hours Co-op sent plus the time since this app first saw that figure: Co-op gathered it no
 *   later than it was fetched. "First saw" is measured once per figure, so a feed that syncs every
 *   minute with the same stale hours does not restart the count.
 */
import { instantMs } from "./format";

const MAX_TRACKED = 500;
/** Per running entry (by status key), the hours last sent and when they were first fetched. */
const firstSeen = new Map<string, { readonly hours: number; readonly at: number }>();

export interface RunningEntry {
  /** The entry's status key (`DayEntry:<id>`). */
  readonly key: string;
  readonly hours: number;
  /** Set only while the timer runs. */
  readonly timerStartedAt: string | null;
}

/** Hours as of `nowMs`; `fetchedAtMs` is when the feed holding this figure was fetched (null: unknown). */
export function runningHours(entry: RunningEntry, fetchedAtMs: number | null, nowMs: number): number {
  const { key, hours, timerStartedAt } = entry;
  if (timerStartedAt === null || !Number.isFinite(hours)) return hours;
  let seen = firstSeen.get(key);
  if (seen === undefined || seen.hours !== hours) {
    seen = { hours, at: Math.min(fetchedAtMs ?? nowMs, nowMs) };
    firstSeen.delete(key);
    firstSeen.set(key, seen);
    if (firstSeen.size > MAX_TRACKED) firstSeen.delete(firstSeen.keys().next().value as string);
  }
  const started = instantMs(timerStartedAt);
  const sinceStart = started !== null && started <= nowMs ? (nowMs - started) / 3_600_000 : 0;
  const sinceSeen = hours + Math.max(0, nowMs - seen.at) / 3_600_000;
  return Math.max(hours, sinceStart, sinceSeen);
}
