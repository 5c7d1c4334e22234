/**
 * Timers on Harvest v2: today's entries for the connected user (the running one first), the
 * project/task picker fed by `users/me/project_assignments` with recent pairs first, and start,
 * stop, restart and note edits. After any start or restart the running entry is read back rather
 * than assumed (docs/harvest.md §7.3: one running timer per user is Harvest's behaviour, not its documentation).
 * Announces the running timer (or none) whenever it may have changed, for the tray and the page.
 */
import type { HarvestProjectAssignment, HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import type {
  HarvestDayView,
  HarvestTaskOption,
  HarvestWeekView,
  RunningTimer,
  TimeEntryAdd,
  TimeEntryEdit,
} from "../../shared/harvest-v2-state";
import { err, ok, type AppError, type Result } from "../../shared/errors";
import { ianaTimeZone } from "@coop-tray/protocol/rules";
import { validId, type HarvestV2Client } from "@coop-tray/protocol";
import type { Clock } from "./clock";
import type { Connection } from "./connection";
import { Emitter } from "./emitter";
import { NO_TIME_TRACKING, type HarvestAccount } from "./harvest-account";
import type { AppStore } from "./store";
import type { HarvestV2Link } from "./store-schema";
import { dayTotals, isDay, weekOf } from "./time-week";

/** Project assignments change rarely: read them again after this long. */
const ASSIGNMENTS_TTL_MS = 10 * 60_000;
/** How far back tracked entries count as "recent" for the picker. */
const RECENT_DAYS = 14;
const MAX_RECENT = 20;

export interface TimersDeps {
  /** The signed-in user's Harvest account (`session.harvestAccount()`). */
  readonly account: () => HarvestAccount | null;
  readonly store: AppStore;
  readonly clock: Clock;
  readonly connection: Connection;
}

export interface TimersEvents {
  /** The running timer (or null) after a change or a refresh. */
  running: RunningTimer | null;
  /** Today's view after any change. */
  day: HarvestDayView;
}

export interface TimerStart {
  readonly projectId: number;
  readonly taskId: number;
  readonly notes?: string | null;
}

/** `YYYY-MM-DD` at `ms` in a Harvest (ActiveSupport) zone; the machine's zone when unknown. */
export function dayIn(zoneName: string | null, ms: number): string {
  const zone = zoneName === null ? undefined : (ianaTimeZone(zoneName) ?? undefined);
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(ms),
  );
}

/** Running first, then newest first by creation (Harvest sorts by day only). */
export function orderEntries(entries: readonly HarvestTimeEntry[]): HarvestTimeEntry[] {
  return [...entries].sort(
    (a, b) =>
      Number(b.isRunning) - Number(a.isRunning) || (b.createdAt ?? "").localeCompare(a.createdAt ?? "") || b.id - a.id,
  );
}

export function runningFrom(entry: HarvestTimeEntry | null, fetchedAt: number): RunningTimer | null {
  if (entry === null || !entry.isRunning) return null;
  return {
    entryId: entry.id,
    projectName: entry.project.name,
    taskName: entry.task.name,
    clientName: entry.client.name,
    notes: entry.notes,
    // `hours` includes the running time as of the answer, in both timer modes.
    baselineMs: fetchedAt - Math.round(entry.hours * 3_600_000),
  };
}

/** The picker's options: every active task of every active assignment, recent pairs first. */
export function taskOptions(
  assignments: readonly HarvestProjectAssignment[],
  recent: readonly { projectId: number; taskId: number }[],
): HarvestTaskOption[] {
  const rank = new Map(recent.map((pair, index) => [`${pair.projectId}:${pair.taskId}`, index]));
  const options: HarvestTaskOption[] = [];
  for (const assignment of assignments) {
    if (!assignment.isActive) continue;
    for (const task of assignment.tasks) {
      if (!task.isActive) continue;
      options.push({
        projectId: assignment.project.id,
        projectName: assignment.project.name,
        projectCode: assignment.project.code,
        clientName: assignment.client.name,
        taskId: task.id,
        taskName: task.name,
        recent: rank.has(`${assignment.project.id}:${task.id}`),
      });
    }
  }
  const byName = (a: HarvestTaskOption, b: HarvestTaskOption): number =>
    a.clientName.localeCompare(b.clientName) ||
    a.projectName.localeCompare(b.projectName) ||
    a.taskName.localeCompare(b.taskName);
  return options.sort((a, b) => {
    const ra = rank.get(`${a.projectId}:${a.taskId}`);
    const rb = rank.get(`${b.projectId}:${b.taskId}`);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return byName(a, b);
  });
}

const invalid = (message: string): AppError => ({ kind: "invalidInput", message, issues: [message] });
const MAX_NOTES = 5_000;
/** Harvest refuses more than 24 hours on one entry. */
const MAX_HOURS = 24;
const validHours = (hours: number): boolean => Number.isFinite(hours) && hours > 0 && hours <= MAX_HOURS;
const DURATION_ONLY = invalid(
  "This Harvest account tracks start and end times: add or change them in Harvest. Notes can be edited here.",
);

export class Timers {
  private readonly emitter = new Emitter<TimersEvents>();
  private assignments: { owner: string; accountId: number; at: number; list: HarvestProjectAssignment[] } | null = null;
  private lastDay: HarvestDayView | null = null;
  private lastRunning: RunningTimer | null = null;

  constructor(private readonly deps: TimersDeps) {}

  on<K extends keyof TimersEvents>(event: K, listener: (payload: TimersEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  get running(): RunningTimer | null {
    return this.lastRunning;
  }

  /** When the running timer last started (Harvest's `timer_started_at`), else where its count begins. */
  get runningSince(): number | null {
    const running = this.lastRunning;
    if (running === null) return null;
    const entry = this.lastDay?.entries.find((e) => e.id === running.entryId);
    const started = entry?.timerStartedAt ? Date.parse(entry.timerStartedAt) : Number.NaN;
    return Number.isFinite(started) ? started : running.baselineMs;
  }

  /** Today's entries for the connected user. */
  async today(): Promise<Result<HarvestDayView>> {
    const context = await this.context();
    if (!context.ok) return context;
    const { client, link } = context.value;
    const day = dayIn(link.timezone, this.deps.clock.now());
    const listed = await client.listTimeEntries(
      { userId: link.userId, from: day, to: day },
      { priority: "interactive", noWait: true },
    );
    this.report(listed);
    if (!listed.ok) return listed;
    const fetchedAt = this.deps.clock.now();
    const entries = orderEntries(listed.value);
    // A timer running since an earlier day is not in today's list: ask for it separately.
    let running = entries.find((e) => e.isRunning) ?? null;
    if (running === null) {
      const probe = await client.runningTimeEntry(link.userId, { priority: "interactive", noWait: true });
      this.report(probe);
      if (probe.ok && probe.value !== null) running = probe.value;
    }
    const view: HarvestDayView = {
      day,
      entries: running !== null && !entries.some((e) => e.id === running.id) ? [running, ...entries] : entries,
      fetchedAt,
      wantsTimestampTimers: link.wantsTimestampTimers,
    };
    // Signed out while Harvest answered: the view is the previous user's, not for the tray or the page.
    if (this.deps.account()?.coopOwner !== context.value.owner) return NO_TIME_TRACKING;
    this.publish(view, runningFrom(running, fetchedAt));
    return ok(view);
  }

  /** The picker: the user's active project/task pairs, recent ones first. */
  async options(refresh = false): Promise<Result<HarvestTaskOption[]>> {
    const context = await this.context();
    if (!context.ok) return context;
    const { client, link, owner } = context.value;
    const now = this.deps.clock.now();
    if (
      refresh ||
      this.assignments === null ||
      this.assignments.owner !== owner ||
      this.assignments.accountId !== link.accountId ||
      now - this.assignments.at > ASSIGNMENTS_TTL_MS
    ) {
      const listed = await client.myProjectAssignments({ priority: "interactive", noWait: true });
      this.report(listed);
      if (!listed.ok) return listed;
      this.assignments = { owner, accountId: link.accountId, at: now, list: listed.value };
    }
    const from = dayIn(link.timezone, now - (RECENT_DAYS - 1) * 86_400_000);
    const tracked = await client.listTimeEntries(
      { userId: link.userId, from },
      { priority: "background", noWait: true },
    );
    // Without the history (throttled, offline) the picker still works, with only local recents.
    const history = tracked.ok
      ? [...tracked.value]
          .sort((a, b) => (b.updatedAt ?? "").localeCompare(a.updatedAt ?? ""))
          .map((e) => ({ projectId: e.project.id, taskId: e.task.id, at: Date.parse(e.updatedAt ?? "") || 0 }))
      : [];
    const local = this.deps.store.doc.recentTasks.filter((r) => r.owner === owner && r.accountId === link.accountId);
    const merged = [...local, ...history].sort((a, b) => b.at - a.at);
    const seen = new Set<string>();
    const recent = merged.filter((pair) => {
      const key = `${pair.projectId}:${pair.taskId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return ok(taskOptions(this.assignments.list, recent.slice(0, MAX_RECENT)));
  }

  /** Starts a timer today (Harvest stops the one running). Returns the entry as Harvest made it. */
  async start(input: TimerStart): Promise<Result<HarvestTimeEntry>> {
    if (!validId(input.projectId) || !validId(input.taskId)) return err(invalid("Choose a project and a task."));
    const notes = input.notes?.trim() ?? "";
    if (notes.length > MAX_NOTES) return err(invalid(`Notes may hold at most ${MAX_NOTES} characters.`));
    const context = await this.context();
    if (!context.ok) return context;
    const { client, link, owner } = context.value;
    const started = await client.createTimeEntry(
      {
        projectId: input.projectId,
        taskId: input.taskId,
        spentDate: dayIn(link.timezone, this.deps.clock.now()),
        ...(notes === "" ? {} : { notes }),
      },
      { priority: "interactive", noWait: true },
    );
    this.report(started);
    if (!started.ok) return started;
    this.remember(owner, link.accountId, input.projectId, input.taskId);
    await this.today();
    return started;
  }

  async stop(entryId: number): Promise<Result<HarvestTimeEntry>> {
    return this.change(entryId, (client) => client.stopTimeEntry(entryId, { priority: "interactive", noWait: true }));
  }

  /** Restarts an earlier entry; on timestamp accounts Harvest makes a new one (use the returned id). */
  async restart(entryId: number): Promise<Result<HarvestTimeEntry>> {
    const restarted = await this.change(entryId, (client) =>
      client.restartTimeEntry(entryId, { priority: "interactive", noWait: true }),
    );
    const account = this.deps.account();
    if (restarted.ok && account?.link)
      this.remember(account.coopOwner, account.link.accountId, restarted.value.project.id, restarted.value.task.id);
    return restarted;
  }

  async editNotes(entryId: number, notes: string): Promise<Result<HarvestTimeEntry>> {
    if (notes.length > MAX_NOTES) return err(invalid(`Notes may hold at most ${MAX_NOTES} characters.`));
    return this.change(entryId, (client) =>
      client.updateTimeEntry(
        entryId,
        { notes: notes.trim() === "" ? null : notes.trim() },
        { priority: "interactive", noWait: true },
      ),
    );
  }

  /**
   * The Monday-to-Sunday week around `day` (today when null): each day's total and that day's entries,
   * in one `GET /v2/time_entries?from&to` (docs/harvest.md §3.3).
   */
  async week(day: string | null): Promise<Result<HarvestWeekView>> {
    if (day !== null && !isDay(day)) return err(invalid("That is not a date."));
    const context = await this.context();
    if (!context.ok) return context;
    const { client, link } = context.value;
    const today = dayIn(link.timezone, this.deps.clock.now());
    const shown = day ?? today;
    const days = weekOf(shown);
    const listed = await client.listTimeEntries(
      { userId: link.userId, from: days[0], to: days[6] },
      { priority: "interactive", noWait: true },
    );
    this.report(listed);
    if (!listed.ok) return listed;
    return ok({
      day: shown,
      today,
      days: dayTotals(days, listed.value),
      entries: orderEntries(listed.value.filter((e) => e.spentDate === shown)),
      fetchedAt: this.deps.clock.now(),
      wantsTimestampTimers: link.wantsTimestampTimers,
    });
  }

  /** Adds a stopped entry of `hours` on a day (a past one, typically), on duration accounts. */
  async add(input: TimeEntryAdd): Promise<Result<HarvestTimeEntry>> {
    if (!validId(input.projectId) || !validId(input.taskId)) return err(invalid("Choose a project and a task."));
    if (!isDay(input.spentDate)) return err(invalid("That is not a date."));
    if (!validHours(input.hours)) return err(invalid(`Enter a duration above 0:00, up to ${MAX_HOURS}:00.`));
    const notes = input.notes?.trim() ?? "";
    if (notes.length > MAX_NOTES) return err(invalid(`Notes may hold at most ${MAX_NOTES} characters.`));
    const context = await this.context();
    if (!context.ok) return context;
    const { client, link, owner } = context.value;
    if (link.wantsTimestampTimers) return err(DURATION_ONLY);
    const added = await client.createTimeEntry(
      {
        projectId: input.projectId,
        taskId: input.taskId,
        spentDate: input.spentDate,
        hours: input.hours,
        ...(notes === "" ? {} : { notes }),
      },
      { priority: "interactive", noWait: true },
    );
    this.report(added);
    if (added.ok) this.remember(owner, link.accountId, input.projectId, input.taskId);
    return this.afterChange(added);
  }

  /** Changes an entry's project, task, notes and (stopped, duration accounts) hours. */
  async edit(input: TimeEntryEdit): Promise<Result<HarvestTimeEntry>> {
    if (!validId(input.projectId) || !validId(input.taskId)) return err(invalid("Choose a project and a task."));
    if (input.hours !== null && !validHours(input.hours))
      return err(invalid(`Enter a duration above 0:00, up to ${MAX_HOURS}:00.`));
    const notes = input.notes?.trim() ?? "";
    if (notes.length > MAX_NOTES) return err(invalid(`Notes may hold at most ${MAX_NOTES} characters.`));
    const account = this.deps.account();
    if (input.hours !== null && account?.link?.wantsTimestampTimers) return err(DURATION_ONLY);
    return this.change(input.entryId, (client) =>
      client.updateTimeEntry(
        input.entryId,
        {
          projectId: input.projectId,
          taskId: input.taskId,
          notes: notes === "" ? null : notes,
          ...(input.hours === null ? {} : { hours: input.hours }),
        },
        { priority: "interactive", noWait: true },
      ),
    );
  }

  /** Deletes an entry in Harvest (a running one too: its timer goes with it). */
  async remove(entryId: number): Promise<Result<null>> {
    if (!validId(entryId)) return err(invalid("That time entry is not valid."));
    const context = await this.context();
    if (!context.ok) return context;
    const deleted = await context.value.client.deleteTimeEntry(entryId, { priority: "interactive", noWait: true });
    this.report(deleted);
    await this.today();
    return deleted.ok ? ok(null) : deleted;
  }

  /**
   * Takes `ms` of idle or sleep time off the running entry, then keeps it running or stops it.
   * Duration accounts: the hours are set to what was tracked minus the idle time. Timestamp accounts:
   * the entry is stopped and its end moved back to when the idle time began; continuing restarts it
   * (a new entry from now, as Harvest restarts there).
   */
  async removeTime(
    entryId: number,
    ms: number,
    then: "continue" | "stop",
    idleSince: number,
  ): Promise<Result<HarvestTimeEntry>> {
    if (!validId(entryId) || !(ms > 0)) return err(invalid("Nothing to remove."));
    const context = await this.context();
    if (!context.ok) return context;
    const { client, link } = context.value;
    const options = { priority: "interactive" as const, noWait: true };
    const current = await client.getTimeEntry(entryId, options);
    this.report(current);
    if (!current.ok) return current;
    let result: Result<HarvestTimeEntry>;
    if (!link.wantsTimestampTimers) {
      const hours = Math.max(0, Math.round((current.value.hours - ms / 3_600_000) * 10_000) / 10_000);
      if (then === "stop" && current.value.isRunning) {
        const stopped = await client.stopTimeEntry(entryId, options);
        this.report(stopped);
        if (!stopped.ok) return this.afterChange(stopped);
      }
      result = await client.updateTimeEntry(entryId, { hours }, options);
    } else {
      if (current.value.isRunning) {
        const stopped = await client.stopTimeEntry(entryId, options);
        this.report(stopped);
        if (!stopped.ok) return this.afterChange(stopped);
      }
      const endedTime = clockText(link.clock, link.timezone, idleSince);
      result = await client.updateTimeEntry(entryId, { endedTime }, options);
      if (result.ok && then === "continue") result = await client.restartTimeEntry(entryId, options);
    }
    this.report(result);
    return this.afterChange(result);
  }

  private async change(
    entryId: number,
    run: (client: HarvestV2Client) => Promise<Result<HarvestTimeEntry>>,
  ): Promise<Result<HarvestTimeEntry>> {
    if (!validId(entryId)) return err(invalid("That time entry is not valid."));
    const context = await this.context();
    if (!context.ok) return context;
    const result = await run(context.value.client);
    this.report(result);
    return this.afterChange(result);
  }

  private async afterChange(result: Result<HarvestTimeEntry>): Promise<Result<HarvestTimeEntry>> {
    // Re-read whatever happened (a 422 "already stopped" means the view was stale too).
    await this.today();
    return result;
  }

  private remember(owner: string, accountId: number, projectId: number, taskId: number): void {
    const at = this.deps.clock.now();
    this.deps.store.update((doc) => ({
      ...doc,
      recentTasks: [
        { owner, accountId, projectId, taskId, at },
        ...doc.recentTasks.filter(
          (r) => !(r.owner === owner && r.accountId === accountId && r.projectId === projectId && r.taskId === taskId),
        ),
      ].slice(0, 50),
    }));
  }

  private publish(view: HarvestDayView, running: RunningTimer | null): void {
    this.lastDay = view;
    const changed = JSON.stringify(running) !== JSON.stringify(this.lastRunning);
    this.lastRunning = running;
    this.emitter.emit("day", view);
    if (changed) this.emitter.emit("running", running);
  }

  /** Forget what was read (disconnect, or the Co-op user changed). */
  clear(): void {
    this.assignments = null;
    this.lastDay = null;
    if (this.lastRunning !== null) {
      this.lastRunning = null;
      this.emitter.emit("running", null);
    }
  }

  get day(): HarvestDayView | null {
    return this.lastDay;
  }

  private async context(): Promise<Result<{ client: HarvestV2Client; link: HarvestV2Link; owner: string }>> {
    const account = this.deps.account();
    if (account === null) return NO_TIME_TRACKING;
    const tracking = await account.timeTracking();
    if (!tracking.ok) return tracking;
    return ok({ ...tracking.value, owner: account.coopOwner });
  }

  private report(result: Result<unknown>): void {
    this.deps.connection.report("harvest", result.ok ? null : result.error);
  }
}

/** A time of day at `ms` in the user's zone, written the account's way (`14:59` or `2:59pm`, docs/harvest.md §3.3). */
export function clockText(clock: string | null, zoneName: string | null, ms: number): string {
  const zone = zoneName === null ? undefined : (ianaTimeZone(zoneName) ?? undefined);
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? "0");
  const minute = parts.find((p) => p.type === "minute")?.value ?? "00";
  if (clock === "24h") return `${String(hour).padStart(2, "0")}:${minute}`;
  return `${hour % 12 === 0 ? 12 : hour % 12}:${minute}${hour < 12 ? "am" : "pm"}`;
}
