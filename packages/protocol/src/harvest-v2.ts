/**
 * Harvest API v2's models as the app and the server use them: each read model is a zod schema over the
 * JSON codec's camelCased tree, its type derived from it. Same conventions as `models.ts`: instants are ISO 8601 UTC strings, days `YYYY-MM-DD`, absent
 * values `null`. Ids are JSON numbers; Harvest types time entry ids as bigint, and every id the API
 * layer accepts is checked to be a safe integer (2^53), which Harvest's ids stay far below.
 */
import type { z } from "zod";
import type { CalendarDate, ContactDetailsInput, Instant } from "./models";
import { contactDetails, harvestPerson, timestamps } from "./record-fields";
import * as wire from "./wire";

/** A personal access token (or OAuth2 access token) and the account it is used on. */
export interface HarvestV2Auth {
  readonly token: string;
  readonly accountId: number;
}

/** `{id, name}`: how v2 nests related records. */
export const HarvestRefSchema = wire.record({ id: wire.int.required, name: wire.str.or("") });
export type HarvestRef = Readonly<z.infer<typeof HarvestRefSchema>>;

/** One account a token reaches (`GET <id>/api/v2/accounts`); only `harvest` ones speak this API. */
export const HarvestAccountRefSchema = wire.record({
  id: wire.int.required,
  name: wire.str.or(""),
  /** `harvest` or `forecast` (kept as text: Harvest may add products). */
  product: wire.str.or("harvest"),
});
export type HarvestAccountRef = Readonly<z.infer<typeof HarvestAccountRefSchema>>;

export const HarvestIdentitySchema = wire.record({
  user: wire.record(harvestPerson),
  accounts: wire.list(HarvestAccountRefSchema),
});
export type HarvestIdentity = Readonly<z.infer<typeof HarvestIdentitySchema>>;

export const HarvestCompanySchema = wire.record({
  name: wire.str.required,
  baseUri: wire.str.optional,
  fullDomain: wire.str.optional,
  isActive: wire.bool.optional,
  weekStartDay: wire.str.optional,
  /** true: time is tracked with start and end times; false: by duration (docs/harvest.md §3.3). */
  wantsTimestampTimers: wire.bool.or(false),
  /** `decimal` or `hours_minutes`. */
  timeFormat: wire.str.optional,
  /** `12h` or `24h`: how `startedTime`/`endedTime` are written. */
  clock: wire.str.optional,
  dateFormat: wire.str.optional,
});
export type HarvestCompany = Readonly<z.infer<typeof HarvestCompanySchema>>;

export const HarvestMeSchema = wire.record({
  ...harvestPerson,
  /** Harvest's (ActiveSupport) zone name, e.g. "Mountain Time (US & Canada)". */
  timezone: wire.text,
  /** `administrator`, `manager`, `member`, plus manager permissions such as `client_and_task_manager`. */
  accessRoles: wire.texts,
  isActive: wire.bool.optional,
  avatarUrl: wire.text,
});
export type HarvestMe = Readonly<z.infer<typeof HarvestMeSchema>>;

export const HarvestClientV2Schema = wire.record({
  id: wire.int.required,
  name: wire.str.required,
  isActive: wire.bool.required,
  /** Multi-line: inner line breaks are kept, only the ends trimmed. */
  address: wire.text,
  statementKey: wire.text,
  /** ISO 4217 code, e.g. `EUR`. */
  currency: wire.text,
  ...timestamps,
});
export type HarvestClientV2 = Readonly<z.infer<typeof HarvestClientV2Schema>>;

export interface HarvestClientV2Input {
  readonly name: string;
  readonly isActive?: boolean;
  readonly address?: string | null;
  readonly currency?: string | null;
}

export const HarvestContactV2Schema = wire.record({
  id: wire.int.required,
  client: HarvestRefSchema,
  firstName: wire.str.required,
  lastName: wire.text,
  ...contactDetails,
  ...timestamps,
});
export type HarvestContactV2 = Readonly<z.infer<typeof HarvestContactV2Schema>>;

export interface HarvestContactV2Input extends ContactDetailsInput {
  readonly clientId: number;
  readonly firstName: string;
  /** Optional in v2, unlike v1. */
  readonly lastName?: string | null;
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

export const HarvestTimeEntrySchema = wire.record({
  id: wire.int.required,
  spentDate: wire.date.required,
  user: HarvestRefSchema,
  client: HarvestRefSchema,
  project: HarvestRefSchema,
  task: HarvestRefSchema,
  /** Hours tracked, including a running timer's, as of the answer. */
  hours: wire.num.required,
  /** Hours tracked before the timer was last started. */
  hoursWithoutTimer: wire.num.optional,
  roundedHours: wire.num.optional,
  notes: wire.text,
  isRunning: wire.bool.required,
  /** When the running timer started (null when stopped). */
  timerStartedAt: wire.instant.optional,
  /** Timestamp accounts only: `8:00am` or `14:59`, in the account's clock. */
  startedTime: wire.text,
  endedTime: wire.text,
  isLocked: wire.bool.or(false),
  lockedReason: wire.text,
  approvalStatus: wire.text,
  isBilled: wire.bool.or(false),
  billable: wire.bool.optional,
  ...timestamps,
});
export type HarvestTimeEntry = Readonly<z.infer<typeof HarvestTimeEntrySchema>>;

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

/** `PATCH /v2/time_entries/{id}`: only the fields given change; an entry keeps its user. */
export type HarvestTimeEntryPatch = Partial<Omit<HarvestTimeEntryInput, "userId">>;
