/**
 * What the app's processes say to each other about Harvest v2 (the Timers view, the tray's running
 * timer, the link and idle prompts): app state built on the protocol's v2 models, not wire data.
 */
import type { CalendarDate } from "@coop-tray/protocol/models";
import type { HarvestAccountRef, HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";

/** One project/task pair the timer picker offers (recent pairs first). */
export interface HarvestTaskOption {
  readonly projectId: number;
  readonly projectName: string;
  readonly projectCode: string | null;
  readonly clientName: string;
  readonly taskId: number;
  readonly taskName: string;
  /** Used lately (started here, or tracked in the last two weeks). */
  readonly recent: boolean;
}

/** Today's timesheet as the Timers view shows it. */
export interface HarvestDayView {
  /** `YYYY-MM-DD` in the user's Harvest time zone. */
  readonly day: string;
  /** Running entry first, then newest first. */
  readonly entries: readonly HarvestTimeEntry[];
  /** Epoch ms the entries were read: a running entry's hours grow from here. */
  readonly fetchedAt: number;
  readonly wantsTimestampTimers: boolean;
}

/** The running timer as the tray shows it (title `1:07`, tooltip "Project — Task · 1:07"). */
export interface RunningTimer {
  readonly entryId: number;
  readonly projectName: string;
  readonly taskName: string;
  readonly clientName: string;
  readonly notes: string | null;
  /** Epoch ms from which the elapsed time counts: elapsed = now − baselineMs. */
  readonly baselineMs: number;
}

/** `h:mm` of elapsed milliseconds (`1:07`), as Harvest's apps and the macOS tray title show it. */
export function elapsedText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The tray tooltip for a running timer. */
export function runningTooltip(timer: RunningTimer, now: number): string {
  return `${timer.projectName} — ${timer.taskName} · ${elapsedText(now - timer.baselineMs)}`;
}

/** The Harvest v2 link as the page may see it: never the token. */
export interface HarvestV2Summary {
  readonly accountId: number;
  readonly accountName: string;
  readonly userName: string;
  readonly email: string;
  /** Administrators, and managers with `client_and_task_manager`, may manage clients (docs/harvest.md §3.3). */
  readonly canManageClients: boolean;
  readonly wantsTimestampTimers: boolean;
  readonly clock: string | null;
}

export type HarvestConnectOutcome =
  | { readonly kind: "connected"; readonly link: HarvestV2Summary }
  /** Several Harvest accounts: choose one of these ids. */
  | { readonly kind: "chooseAccount"; readonly accounts: readonly HarvestAccountRef[] };

/** What the page shows about Harvest: the v2 link, where tokens are made, which API Clients uses. */
export interface HarvestV2State {
  readonly link: HarvestV2Summary | null;
  /** Where Harvest issues personal access tokens. */
  readonly tokenPage: string;
  /** `v2` with a token link, `v1` with a login kept by Co-op, null with neither. */
  readonly clientsApi: "v2" | "v1" | null;
}

export type IdleReason = "idle" | "sleep";
export type IdleChoice = "removeAndContinue" | "removeAndStop" | "keep";

/** The question after idle time or a sleep while a timer ran. */
export interface IdlePrompt {
  readonly id: number;
  readonly reason: IdleReason;
  readonly entryId: number;
  /** Epoch ms the idle time or the sleep began, and the user came back. */
  readonly since: number;
  readonly until: number;
  /** Sleep is removed already; the choice is then only continue or stop. */
  readonly removed: boolean;
  readonly choices: readonly IdleChoice[];
}

/** One day of the week strip: its date and the hours tracked on it. */
export interface HarvestDayTotal {
  readonly day: CalendarDate;
  readonly hours: number;
}

/** The week around a day (Monday first): each day's total, and the chosen day's entries. */
export interface HarvestWeekView {
  /** The day shown. */
  readonly day: CalendarDate;
  /** Today in the user's Harvest time zone. */
  readonly today: CalendarDate;
  /** Monday to Sunday. */
  readonly days: readonly HarvestDayTotal[];
  /** The chosen day's entries, the running one first, then newest first. */
  readonly entries: readonly HarvestTimeEntry[];
  /** Epoch ms the entries were read: a running entry's hours grow from here. */
  readonly fetchedAt: number;
  readonly wantsTimestampTimers: boolean;
}

/** A past (or today's) entry added by duration. */
export interface TimeEntryAdd {
  readonly projectId: number;
  readonly taskId: number;
  readonly spentDate: CalendarDate;
  readonly hours: number;
  readonly notes: string | null;
}

/** An entry's duration (null: unchanged, e.g. a running timer), project, task and notes. */
export interface TimeEntryEdit {
  readonly entryId: number;
  readonly projectId: number;
  readonly taskId: number;
  readonly hours: number | null;
  readonly notes: string | null;
}
