/**
 * Harvest v1's Time Tracking API, the one read the gatherer needs: a user's own timesheet for a day,
 * `GET /daily/{day_of_year}/{year}` as JSON (§3.6: flat, no `request` wrapper). v1 has no
 * `updated_since` on timesheets, so a round re-reads a short window of days (the first: the last
 * week; then yesterday and today) and upserts; an entry deleted in Harvest stays until the credential
 * is replaced. Throttled answers (503, or 429, with Retry-After) are waited out, as Harvest asks:
 * nothing is sent during the lockout. undici does the HTTP; zod checks each answer's shape.
 */
import { request } from "undici";
import { z } from "zod";
import { HARVEST_USER_AGENT } from "../../main/api/user-agent";
import type { TimeEntry } from "../store/records";
import type { HarvestLogin } from "./gateway";

const entrySchema = z.object({
  id: z.number().int(),
  spent_at: z.string(),
  client: z.string().nullable().optional(),
  project: z.string().nullable().optional(),
  task: z.string().nullable().optional(),
  hours: z.union([z.number(), z.string()]),
  notes: z.string().nullable().optional(),
  timer_started_at: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
});
const dailySchema = z.object({ day_entries: z.array(entrySchema) });

const MAX_WAIT_MS = 60_000;
const ATTEMPTS = 4;

/** `Wed, 18 Oct 2006` (v1's RFC-822 date) or `2006-10-18` → `2006-10-18`. */
function calendarDay(text: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const ms = Date.parse(`${text} 00:00:00 UTC`);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString().slice(0, 10);
}

function instant(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === "") return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function dayOfYear(day: string): { doy: number; year: number } {
  const at = Date.parse(`${day}T00:00:00Z`);
  const year = new Date(at).getUTCFullYear();
  return { doy: Math.round((at - Date.UTC(year, 0, 1)) / 86_400_000) + 1, year };
}

export async function v1Timesheet(
  base: string,
  login: HarvestLogin,
  days: readonly string[],
  now: () => number,
): Promise<TimeEntry[]> {
  const auth = `Basic ${Buffer.from(`${login.email}:${login.password}`, "utf8").toString("base64")}`;
  const out: TimeEntry[] = [];
  for (const day of days) {
    const { doy, year } = dayOfYear(day);
    let parsed: z.infer<typeof dailySchema> | null = null;
    for (let attempt = 1; attempt <= ATTEMPTS && parsed === null; attempt += 1) {
      const res = await request(`${base}/daily/${doy}/${year}`, {
        headers: { authorization: auth, accept: "application/json", "user-agent": HARVEST_USER_AGENT },
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const text = await res.body.text();
      if (res.statusCode === 503 || res.statusCode === 429) {
        const retry = Number(res.headers["retry-after"] ?? "16");
        if (attempt === ATTEMPTS) throw new Error(`Harvest kept the account throttled (${res.statusCode})`);
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(MAX_WAIT_MS, (Number.isFinite(retry) ? retry : 16) * 1000)),
        );
        continue;
      }
      if (res.statusCode === 401) throw new Error("Harvest refused the login (401)");
      if (res.statusCode !== 200) throw new Error(`Harvest answered ${res.statusCode} for the timesheet`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error("Harvest's timesheet is not JSON");
      }
      const checked = dailySchema.safeParse(json);
      if (!checked.success) throw new Error("Harvest's timesheet does not have the expected shape");
      parsed = checked.data;
    }
    for (const e of parsed?.day_entries ?? []) {
      const at = now();
      out.push({
        id: e.id,
        spentAt: calendarDay(e.spent_at),
        client: e.client ?? "",
        project: e.project ?? "",
        task: e.task ?? "",
        hours: Number(e.hours),
        notes: e.notes ?? "",
        timerStartedAt: instant(e.timer_started_at),
        createdAt: instant(e.created_at) ?? at,
        updatedAt: instant(e.updated_at) ?? at,
      });
    }
  }
  return out;
}

/** The days a round reads: the last `first` days on the first round, then yesterday and today (UTC). */
export function roundDays(now: number, firstRound: boolean): string[] {
  const count = firstRound ? 7 : 2;
  return Array.from({ length: count }, (_, i) =>
    new Date(now - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}
