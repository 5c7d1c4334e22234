// Sections (§) are docs/harvest.md's.
/**
 * `/v2/time_entries` (§3.3, §7.3): list by user and date, get, create (omitting `hours`, or `ended_time` on
 * timestamp accounts, starts a timer), update, stop, restart, delete. Each entry is v1's record (so the
 * Co-op feed and v1 see it) plus its v2 extra (project and task ids, start and end times).
 *
 * One running timer per user: starting or restarting one stops the other, as Harvest's own apps do
 * (Harvest's docs do not confirm it). Restart keeps the id on duration accounts and makes a new entry on
 * timestamp accounts, as the docs' restart example shows.
 */
import type { HarvestUser, TimeEntry } from "../model/state";
import { HttpError } from "../../server/index";
import { paginate } from "./paginate";
import {
  clockNow,
  dateParam,
  dayIn,
  decimal,
  forbidden,
  integer,
  isAdministrator,
  missing,
  parseClock,
  text,
  unprocessable,
  updatedSince,
} from "./rules";
import type { V2Context } from "./rules";
import type { V2Route } from "./route";
import type { V2EntryExtra } from "./state";
import { timeEntryJson, trackedHours } from "./views";

interface Pair {
  readonly entry: TimeEntry;
  readonly extra: V2EntryExtra;
}

function extraOf(ctx: V2Context, entry: TimeEntry): V2EntryExtra {
  let extra = ctx.v2.entries.find((e) => e.entryId === entry.id);
  if (extra === undefined) {
    // An entry v1 made (or a data file predating v2): resolve its project and task by name.
    const project = ctx.account.projects.find((p) => p.name === entry.project);
    const task = ctx.v2.tasks.find((t) => t.name === entry.task);
    extra = {
      entryId: entry.id,
      projectId: project?.id ?? 0,
      taskId: task?.id ?? 0,
      startedTime: null,
      endedTime: null,
    };
    ctx.v2.entries.push(extra);
  }
  return extra;
}

/** Administrators see every entry; everyone else only their own (§3.3). */
const visible = (ctx: V2Context, entry: TimeEntry): boolean => isAdministrator(ctx) || entry.userId === ctx.user.id;

function findEntry(ctx: V2Context, segment: string | undefined): Pair {
  const entry = ctx.account.timeEntries.find((e) => e.id === Number(segment));
  if (entry === undefined || !visible(ctx, entry)) throw missing("Time entry");
  return { entry, extra: extraOf(ctx, entry) };
}

const render = (ctx: V2Context, pair: Pair) => timeEntryJson(ctx.account, ctx.v2, pair.entry, pair.extra, ctx.now);

function ownerOf(ctx: V2Context, entry: TimeEntry): HarvestUser {
  return ctx.account.users.find((u) => u.id === entry.userId) ?? ctx.user;
}

function stopTimer(ctx: V2Context, pair: Pair): void {
  const { entry, extra } = pair;
  if (entry.timerStartedAt === null) return;
  entry.hours = Math.round(trackedHours(entry, ctx.now) * 1e6) / 1e6;
  entry.timerStartedAt = null;
  entry.updatedAt = ctx.now;
  if (ctx.v2.wantsTimestampTimers) extra.endedTime = clockNow({ ...ctx, user: ownerOf(ctx, entry) });
}

/** Stops whatever else runs for that user: one running timer per user. */
function stopOthers(ctx: V2Context, userId: number, except: number | null): void {
  for (const entry of ctx.account.timeEntries) {
    if (entry.userId === userId && entry.id !== except && entry.timerStartedAt !== null)
      stopTimer(ctx, { entry, extra: extraOf(ctx, entry) });
  }
}

/** The project and task must exist, be active and be assigned (to the user, for non-administrators). */
function checkAssignment(
  ctx: V2Context,
  user: HarvestUser,
  projectId: number,
  taskId: number,
): { project: string; client: string; task: string } {
  const project = ctx.account.projects.find((p) => p.id === projectId);
  if (project === undefined) throw unprocessable("Project not found");
  if (!project.active) throw unprocessable("Project is archived");
  const task = ctx.v2.tasks.find((t) => t.id === taskId);
  const assigned = ctx.v2.taskAssignments.find((t) => t.projectId === projectId && t.taskId === taskId && t.isActive);
  if (task === undefined || assigned === undefined) throw unprocessable("Task is not assigned to the project");
  const member = ctx.v2.projectAssignments.some((a) => a.projectId === projectId && a.userId === user.id && a.isActive);
  if (!member) throw unprocessable("User is not assigned to the project");
  const client = ctx.account.clients.find((c) => c.id === project.clientId);
  return { project: project.name, client: client?.name ?? "", task: task.name };
}

function hoursBetween(startMinutes: number, endMinutes: number): number {
  const span = endMinutes >= startMinutes ? endMinutes - startMinutes : endMinutes + 24 * 60 - startMinutes;
  return Math.round((span / 60) * 100) / 100;
}

function requireId(ctx: V2Context, key: string): number {
  const value = integer(ctx, key);
  if (value === undefined || value === null) throw unprocessable(`${key} is required`);
  return value;
}

function create(ctx: V2Context): Pair {
  const userId = integer(ctx, "user_id") ?? ctx.user.id;
  if (userId !== ctx.user.id && !isAdministrator(ctx)) throw forbidden("You may only track time for yourself");
  const user = ctx.account.users.find((u) => u.id === userId);
  if (user === undefined) throw unprocessable("User not found");
  const projectId = requireId(ctx, "project_id");
  const taskId = requireId(ctx, "task_id");
  const spent = text(ctx, "spent_date");
  if (spent === undefined || spent === null || spent.trim() === "") throw unprocessable("spent_date is required");
  const spentDate = dateParam(spent.trim(), "spent_date");
  const names = checkAssignment(ctx, user, projectId, taskId);
  const notes = text(ctx, "notes") ?? "";
  let hours = 0;
  let running: boolean;
  let startedTime: string | null = null;
  let endedTime: string | null = null;
  if (ctx.v2.wantsTimestampTimers) {
    const started = text(ctx, "started_time");
    const ended = text(ctx, "ended_time");
    const startMinutes =
      started === undefined || started === null || started === "" ? null : parseClock(started, "started_time");
    startedTime = startMinutes === null ? clockNow({ ...ctx, user }) : (started?.trim() ?? null);
    running = ended === undefined || ended === null || ended === "";
    if (!running && ended !== undefined && ended !== null) {
      const endMinutes = parseClock(ended, "ended_time");
      endedTime = ended.trim();
      hours = hoursBetween(startMinutes ?? parseClock(startedTime ?? "0:00", "started_time"), endMinutes);
    }
  } else {
    // "If not provided, hours will be set to 0.0 and is_running will be set to true." (Harvest's docs; §7.3)
    const given = decimal(ctx, "hours");
    running = given === undefined || given === null;
    hours = given ?? 0;
  }
  if (running) stopOthers(ctx, user.id, null);
  const entry: TimeEntry = {
    id: ctx.v2.nextEntryId,
    userId: user.id,
    spentAt: spentDate,
    client: names.client,
    project: names.project,
    task: names.task,
    hours,
    notes: notes ?? "",
    timerStartedAt: running ? ctx.now : null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const extra: V2EntryExtra = { entryId: entry.id, projectId, taskId, startedTime, endedTime };
  ctx.v2.nextEntryId += 1;
  ctx.account.timeEntries.push(entry);
  ctx.v2.entries.push(extra);
  return { entry, extra };
}

function update(ctx: V2Context, pair: Pair): void {
  const { entry, extra } = pair;
  const projectId = integer(ctx, "project_id") ?? extra.projectId;
  const taskId = integer(ctx, "task_id") ?? extra.taskId;
  if (projectId !== extra.projectId || taskId !== extra.taskId) {
    const names = checkAssignment(ctx, ownerOf(ctx, entry), projectId, taskId);
    Object.assign(entry, names);
    extra.projectId = projectId;
    extra.taskId = taskId;
  }
  const spent = text(ctx, "spent_date");
  if (spent !== undefined && spent !== null) entry.spentAt = dateParam(spent.trim(), "spent_date");
  const notes = text(ctx, "notes");
  if (notes !== undefined) entry.notes = notes ?? "";
  const hours = decimal(ctx, "hours");
  if (hours !== undefined && hours !== null) {
    // On a running timer the new figure is the time before this run; the timer keeps counting from now.
    entry.hours = hours;
    if (entry.timerStartedAt !== null) entry.timerStartedAt = ctx.now;
  }
  if (ctx.v2.wantsTimestampTimers) {
    const started = text(ctx, "started_time");
    const ended = text(ctx, "ended_time");
    if (started !== undefined && started !== null) {
      parseClock(started, "started_time");
      extra.startedTime = started.trim();
    }
    if (ended !== undefined && ended !== null && entry.timerStartedAt === null) {
      parseClock(ended, "ended_time");
      extra.endedTime = ended.trim();
    }
    if (
      (started !== undefined || ended !== undefined) &&
      extra.startedTime !== null &&
      extra.endedTime !== null &&
      entry.timerStartedAt === null
    ) {
      entry.hours = hoursBetween(
        parseClock(extra.startedTime, "started_time"),
        parseClock(extra.endedTime, "ended_time"),
      );
    }
  }
  entry.updatedAt = ctx.now;
}

function restart(ctx: V2Context, pair: Pair): Pair {
  const { entry, extra } = pair;
  if (entry.timerStartedAt !== null)
    throw unprocessable("Restarting a time entry is only possible if it isn't currently running");
  const owner = ownerOf(ctx, entry);
  stopOthers(ctx, owner.id, entry.id);
  if (!ctx.v2.wantsTimestampTimers) {
    entry.timerStartedAt = ctx.now;
    entry.updatedAt = ctx.now;
    return pair;
  }
  // Timestamp accounts: a new entry from now, same project, task and notes (the docs' example).
  const fresh: TimeEntry = {
    ...entry,
    id: ctx.v2.nextEntryId,
    spentAt: dayIn(owner, ctx.now),
    hours: 0,
    timerStartedAt: ctx.now,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const freshExtra: V2EntryExtra = {
    entryId: fresh.id,
    projectId: extra.projectId,
    taskId: extra.taskId,
    startedTime: clockNow({ ...ctx, user: owner }),
    endedTime: null,
  };
  ctx.v2.nextEntryId += 1;
  ctx.account.timeEntries.push(fresh);
  ctx.v2.entries.push(freshExtra);
  return { entry: fresh, extra: freshExtra };
}

function listFilter(ctx: V2Context): (entry: TimeEntry, extra: V2EntryExtra) => boolean {
  const q = ctx.query;
  const id = (key: string): number | null => {
    const raw = q.get(key);
    if (raw === null || raw === "") return null;
    if (!/^\d{1,15}$/.test(raw)) throw unprocessable(`${key} must be an integer`);
    return Number(raw);
  };
  const bool = (key: string): boolean | null => {
    const raw = q.get(key);
    if (raw === null || raw === "") return null;
    if (raw !== "true" && raw !== "false") throw unprocessable(`${key} must be true or false`);
    return raw === "true";
  };
  const date = (key: string): string | null => {
    const raw = q.get(key);
    return raw === null || raw === "" ? null : dateParam(raw, key);
  };
  const userId = id("user_id");
  const clientId = id("client_id");
  const projectId = id("project_id");
  const taskId = id("task_id");
  const running = bool("is_running");
  const billed = bool("is_billed");
  const from = date("from");
  const to = date("to");
  const since = updatedSince(ctx);
  return (entry, extra) => {
    if (userId !== null && entry.userId !== userId) return false;
    if (projectId !== null && extra.projectId !== projectId) return false;
    if (taskId !== null && extra.taskId !== taskId) return false;
    if (clientId !== null && ctx.account.projects.find((p) => p.id === extra.projectId)?.clientId !== clientId)
      return false;
    if (running !== null && (entry.timerStartedAt !== null) !== running) return false;
    if (billed === true) return false;
    if (from !== null && entry.spentAt < from) return false;
    if (to !== null && entry.spentAt > to) return false;
    if (since !== null && entry.updatedAt < since) return false;
    return true;
  };
}

export const timeRoutes: readonly V2Route[] = [
  {
    method: "GET",
    pattern: /^\/time_entries$/,
    handle: (ctx) => {
      const keep = listFilter(ctx);
      const items = ctx.account.timeEntries
        .filter((entry) => visible(ctx, entry))
        .map((entry) => ({ entry, extra: extraOf(ctx, entry) }))
        .filter(({ entry, extra }) => keep(entry, extra))
        // Sorted by spent_date, newest first, then by creation (§7.3).
        .map((pair) => ({
          id: pair.entry.id,
          at:
            (Date.parse(`${pair.entry.spentAt}T00:00:00Z`) / 86_400_000) * 1e11 +
            Math.floor(pair.entry.createdAt / 1000),
          pair,
        }));
      return {
        status: 200,
        body: paginate("time_entries", items, ctx.query, `${ctx.apiBase}/time_entries`, (item) =>
          render(ctx, item.pair),
        ),
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/time_entries\/(\d+)$/,
    handle: (ctx, m) => ({ status: 200, body: render(ctx, findEntry(ctx, m[0])) }),
  },
  {
    method: "POST",
    pattern: /^\/time_entries$/,
    handle: (ctx) => ({ status: 201, body: render(ctx, create(ctx)), changed: true }),
  },
  {
    method: "PATCH",
    pattern: /^\/time_entries\/(\d+)$/,
    handle: (ctx, m) => {
      const pair = findEntry(ctx, m[0]);
      update(ctx, pair);
      return { status: 200, body: render(ctx, pair), changed: true };
    },
  },
  {
    method: "PATCH",
    pattern: /^\/time_entries\/(\d+)\/stop$/,
    handle: (ctx, m) => {
      const pair = findEntry(ctx, m[0]);
      if (pair.entry.timerStartedAt === null)
        throw unprocessable("Stopping a time entry is only possible if it's currently running");
      stopTimer(ctx, pair);
      return { status: 200, body: render(ctx, pair), changed: true };
    },
  },
  {
    method: "PATCH",
    pattern: /^\/time_entries\/(\d+)\/restart$/,
    handle: (ctx, m) => ({ status: 200, body: render(ctx, restart(ctx, findEntry(ctx, m[0]))), changed: true }),
  },
  {
    method: "DELETE",
    pattern: /^\/time_entries\/(\d+)$/,
    handle: (ctx, m) => {
      const pair = findEntry(ctx, m[0]);
      const { entry } = pair;
      const project = ctx.account.projects.find((p) => p.name === entry.project);
      if (project !== undefined && !project.active && !isAdministrator(ctx))
        throw new HttpError(422, "The project is archived; the entry cannot be deleted");
      const body = render(ctx, pair);
      ctx.account.timeEntries = ctx.account.timeEntries.filter((e) => e.id !== entry.id);
      ctx.v2.entries = ctx.v2.entries.filter((e) => e.entryId !== entry.id);
      return { status: 200, body, changed: true };
    },
  },
];
