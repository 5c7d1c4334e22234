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
