/**
 * Harvest API v2's models as the app uses them (api.md §4), shared by main, preload and renderer.
 * Same conventions as `models.ts`: instants are ISO 8601 UTC strings, days `YYYY-MM-DD`, absent
 * values `null`. Ids are JSON numbers; Harvest types time entry ids as bigint, and every id the API
 * layer accepts is checked to be a safe integer (2^53), which Harvest's ids stay far below.
 */
import type { CalendarDate, Instant } from "./models";

/** A personal access token (or OAuth2 access token) and the account it is used on. */
export interface HarvestV2Auth {
  readonly token: string;
  readonly accountId: number;
}

/** `{id, name}`: how v2 nests related records. */
export interface HarvestRef {
  readonly id: number;
  readonly name: string;
}

/** One account a token reaches (`GET <id>/api/v2/accounts`); only `harvest` ones speak this API. */
export interface HarvestAccountRef {
  readonly id: number;
  readonly name: string;
  /** `harvest` or `forecast` (kept as text: Harvest may add products). */
  readonly product: string;
}

export interface HarvestIdentity {
  readonly user: { readonly id: number; readonly firstName: string; readonly lastName: string; readonly email: string };
  readonly accounts: readonly HarvestAccountRef[];
}

export interface HarvestCompany {
  readonly name: string;
  readonly baseUri: string | null;
  readonly fullDomain: string | null;
  readonly isActive: boolean | null;
  readonly weekStartDay: string | null;
  /** true: time is tracked with start and end times; false: by duration (§4.6). */
  readonly wantsTimestampTimers: boolean;
  /** `decimal` or `hours_minutes`. */
  readonly timeFormat: string | null;
  /** `12h` or `24h`: how `startedTime`/`endedTime` are written. */
  readonly clock: string | null;
  readonly dateFormat: string | null;
}

export interface HarvestMe {
  readonly id: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** Harvest's (ActiveSupport) zone name, e.g. "Mountain Time (US & Canada)". */
  readonly timezone: string | null;
  /** `administrator`, `manager`, `member`, plus manager permissions such as `client_and_task_manager`. */
  readonly accessRoles: readonly string[];
  readonly isActive: boolean | null;
  readonly avatarUrl: string | null;
}

export interface HarvestClientV2 {
  readonly id: number;
  readonly name: string;
  readonly isActive: boolean;
  readonly address: string | null;
  readonly statementKey: string | null;
  /** ISO 4217 code, e.g. `EUR`. */
  readonly currency: string | null;
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
}

export interface HarvestClientV2Input {
  readonly name: string;
  readonly isActive?: boolean;
  readonly address?: string | null;
  readonly currency?: string | null;
}

export interface HarvestContactV2 {
  readonly id: number;
  readonly client: HarvestRef;
  readonly title: string | null;
  readonly firstName: string;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly phoneOffice: string | null;
  readonly phoneMobile: string | null;
  readonly fax: string | null;
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
}

export interface HarvestContactV2Input {
  readonly clientId: number;
  readonly firstName: string;
  readonly lastName?: string | null;
  readonly title?: string | null;
  readonly email?: string | null;
  readonly phoneOffice?: string | null;
  readonly phoneMobile?: string | null;
  readonly fax?: string | null;
}

export interface HarvestTaskChoice {
  /** The task's id: what a time entry needs (not the task assignment's). */
  readonly id: number;
  readonly name: string;
  readonly billable: boolean | null;
  readonly isActive: boolean;
}

export interface HarvestProjectAssignment {
  readonly id: number;
  readonly isActive: boolean;
  readonly project: HarvestRef & { readonly code: string | null };
  readonly client: HarvestRef;
  readonly tasks: readonly HarvestTaskChoice[];
}

export interface HarvestTimeEntry {
  readonly id: number;
  readonly spentDate: CalendarDate;
  readonly user: HarvestRef;
  readonly client: HarvestRef;
  readonly project: HarvestRef;
  readonly task: HarvestRef;
  /** Hours tracked, including a running timer's, as of the answer. */
  readonly hours: number;
  /** Hours tracked before the timer was last started. */
  readonly hoursWithoutTimer: number | null;
  readonly roundedHours: number | null;
  readonly notes: string | null;
  readonly isRunning: boolean;
  /** When the running timer started (null when stopped). */
  readonly timerStartedAt: Instant | null;
  /** Timestamp accounts only: `8:00am` or `14:59`, in the account's clock. */
  readonly startedTime: string | null;
  readonly endedTime: string | null;
  readonly isLocked: boolean;
  readonly lockedReason: string | null;
  readonly approvalStatus: string | null;
  readonly isBilled: boolean;
  readonly billable: boolean | null;
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
}

/** `GET /v2/time_entries` filters; every one optional. */
export interface HarvestTimeEntryQuery {
  readonly userId?: number;
  readonly clientId?: number;
  readonly projectId?: number;
  readonly taskId?: number;
  readonly isRunning?: boolean;
  readonly isBilled?: boolean;
  readonly approvalStatus?: string;
  /** Inclusive, on `spent_date`. */
  readonly from?: CalendarDate;
  readonly to?: CalendarDate;
  readonly updatedSince?: Date | Instant;
}

/**
 * `POST /v2/time_entries`. Leave out `hours` (duration accounts) or `endedTime` (timestamp
 * accounts) to start a timer; `startedTime` defaults to now on timestamp accounts.
 */
export interface HarvestTimeEntryInput {
  readonly projectId: number;
  readonly taskId: number;
  readonly spentDate: CalendarDate;
  readonly notes?: string | null;
  /** Defaults to the token's user. */
  readonly userId?: number;
  readonly hours?: number;
  readonly startedTime?: string;
  readonly endedTime?: string;
}

/** `PATCH /v2/time_entries/{id}`: only the fields given change. */
export interface HarvestTimeEntryPatch {
  readonly projectId?: number;
  readonly taskId?: number;
  readonly spentDate?: CalendarDate;
  readonly notes?: string | null;
  readonly hours?: number;
  readonly startedTime?: string;
  readonly endedTime?: string;
}

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
  /** Administrators, and managers with `client_and_task_manager`, may manage clients (§4.6). */
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
