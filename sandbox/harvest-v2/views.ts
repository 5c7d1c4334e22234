/**
 * Harvest v2 resources (docs/harvest.md §3.3) as Harvest's docs' example JSON shows them: snake_case keys, nested
 * `{id,name}` references, datetimes in UTC with a `Z`, nulls for unset values.
 */
import { createHash } from "node:crypto";
import type { HarvestAccount, HarvestClientRecord, HarvestContact, HarvestUser, TimeEntry } from "../model/state";
import type { HarvestV2Account, V2EntryExtra } from "./state";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `2017-06-26T21:02:12Z`: v2 datetimes carry whole seconds. */
export const utcTime = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

const round = (hours: number, places = 2): number => Math.round(hours * 10 ** places) / 10 ** places;

/** The ISO code inside v1's "British Pound - GBP", or the text itself when it is already a code. */
export function currencyCode(v1: string): string {
  const match = /([A-Z]{3})\s*$/.exec(v1.trim());
  return match?.[1] ?? v1.trim();
}

export function statementKey(v2: HarvestV2Account, client: HarvestClientRecord): string {
  const key = String(client.id);
  let value = v2.statementKeys[key];
  if (value === undefined) {
    value = createHash("md5").update(`statement:${v2.accountId}:${client.id}:${client.createdAt}`).digest("hex");
    v2.statementKeys[key] = value;
  }
  return value;
}

export function clientJson(v2: HarvestV2Account, client: HarvestClientRecord): Json {
  return {
    id: client.id,
    name: client.name,
    is_active: client.active,
    address: client.details,
    statement_key: statementKey(v2, client),
    created_at: utcTime(client.createdAt),
    updated_at: utcTime(client.updatedAt),
    currency: currencyCode(client.currency),
  };
}

export function contactJson(account: HarvestAccount, contact: HarvestContact): Json {
  const client = account.clients.find((c) => c.id === contact.clientId);
  return {
    id: contact.id,
    title: contact.title,
    first_name: contact.firstName,
    last_name: contact.lastName,
    email: contact.email,
    phone_office: contact.phoneOffice,
    phone_mobile: contact.phoneMobile,
    fax: contact.fax,
    created_at: utcTime(contact.createdAt),
    updated_at: utcTime(contact.updatedAt),
    client: { id: contact.clientId, name: client?.name ?? "" },
  };
}

export function companyJson(account: HarvestAccount, v2: HarvestV2Account): Json {
  return {
    base_uri: `https://${account.subdomain}.harvestapp.com`,
    full_domain: `${account.subdomain}.harvestapp.com`,
    name: account.companyName,
    is_active: true,
    week_start_day: account.weekStartDay,
    wants_timestamp_timers: v2.wantsTimestampTimers,
    time_format: account.timeFormat,
    date_format: "%d/%m/%Y",
    plan_type: "simple-v4",
    expense_feature: false,
    invoice_feature: true,
    estimate_feature: true,
    approval_feature: false,
    team_feature: false,
    clock: account.clock,
    currency_code_display: "iso_code_none",
    currency_symbol_display: "symbol_before",
    decimal_symbol: ".",
    thousands_separator: ",",
    color_scheme: "orange",
    weekly_capacity: 144000,
  };
}

export function userJson(v2: HarvestV2Account, user: HarvestUser): Json {
  return {
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    telephone: "",
    timezone: user.timezone,
    has_access_to_all_future_projects: user.admin,
    is_contractor: false,
    is_active: true,
    created_at: utcTime(Date.UTC(2008, 5, 11, 11, 5, 12)),
    updated_at: utcTime(Date.UTC(2010, 8, 20, 9, 0, 0)),
    weekly_capacity: 144000,
    default_hourly_rate: null,
    cost_rate: null,
    roles: user.admin ? ["Owner"] : ["Waitress"],
    access_roles: v2.accessRoles[String(user.id)] ?? ["member"],
    avatar_url: `https://cache.harvestapp.com/assets/profile_images/${user.id}.png`,
  };
}

export function projectAssignmentJson(account: HarvestAccount, v2: HarvestV2Account, assignmentId: number): Json {
  const assignment = v2.projectAssignments.find((a) => a.id === assignmentId);
  if (assignment === undefined) return null;
  const project = account.projects.find((p) => p.id === assignment.projectId);
  const client = account.clients.find((c) => c.id === project?.clientId);
  return {
    id: assignment.id,
    is_project_manager: assignment.isProjectManager,
    is_active: assignment.isActive,
    use_default_rates: true,
    budget: null,
    created_at: utcTime(assignment.createdAt),
    updated_at: utcTime(assignment.updatedAt),
    hourly_rate: null,
    project: {
      id: assignment.projectId,
      name: project?.name ?? "",
      code: v2.projectCodes[String(assignment.projectId)] ?? "",
    },
    client: { id: client?.id ?? 0, name: client?.name ?? "" },
    task_assignments: v2.taskAssignments
      .filter((t) => t.projectId === assignment.projectId)
      .map((t) => ({
        id: t.id,
        billable: t.billable,
        is_active: t.isActive,
        created_at: utcTime(t.createdAt),
        updated_at: utcTime(t.updatedAt),
        hourly_rate: null,
        budget: null,
        task: { id: t.taskId, name: v2.tasks.find((task) => task.id === t.taskId)?.name ?? "" },
      })),
  };
}

/** Hours tracked so far: the stored hours plus the running timer's time. */
export function trackedHours(entry: TimeEntry, now: number): number {
  return entry.timerStartedAt === null
    ? entry.hours
    : entry.hours + Math.max(0, now - entry.timerStartedAt) / 3_600_000;
}

export function timeEntryJson(
  account: HarvestAccount,
  v2: HarvestV2Account,
  entry: TimeEntry,
  extra: V2EntryExtra,
  now: number,
): Json {
  const user = account.users.find((u) => u.id === entry.userId);
  const project = account.projects.find((p) => p.id === extra.projectId);
  const client = account.clients.find((c) => c.id === project?.clientId);
  const taskAssignment = v2.taskAssignments.find((t) => t.projectId === extra.projectId && t.taskId === extra.taskId);
  const userAssignment = v2.projectAssignments.find(
    (a) => a.projectId === extra.projectId && a.userId === entry.userId,
  );
  const hours = round(trackedHours(entry, now));
  const running = entry.timerStartedAt !== null;
  return {
    id: entry.id,
    spent_date: entry.spentAt,
    user: { id: entry.userId, name: user === undefined ? "" : `${user.firstName} ${user.lastName}`.trim() },
    client: { id: client?.id ?? 0, name: client?.name ?? entry.client },
    project: { id: extra.projectId, name: project?.name ?? entry.project },
    task: { id: extra.taskId, name: v2.tasks.find((t) => t.id === extra.taskId)?.name ?? entry.task },
    user_assignment:
      userAssignment === undefined
        ? null
        : {
            id: userAssignment.id,
            is_project_manager: userAssignment.isProjectManager,
            is_active: userAssignment.isActive,
            budget: null,
            created_at: utcTime(userAssignment.createdAt),
            updated_at: utcTime(userAssignment.updatedAt),
            hourly_rate: null,
          },
    task_assignment:
      taskAssignment === undefined
        ? null
        : {
            id: taskAssignment.id,
            billable: taskAssignment.billable,
            is_active: taskAssignment.isActive,
            created_at: utcTime(taskAssignment.createdAt),
            updated_at: utcTime(taskAssignment.updatedAt),
            hourly_rate: null,
            budget: null,
          },
    hours,
    hours_without_timer: round(entry.hours),
    rounded_hours: Math.ceil(round(hours, 4) * 4) / 4,
    notes: entry.notes === "" ? null : entry.notes,
    created_at: utcTime(entry.createdAt),
    updated_at: utcTime(entry.updatedAt),
    is_locked: false,
    locked_reason: null,
    is_closed: false,
    approval_status: "unsubmitted",
    is_billed: false,
    timer_started_at: running && entry.timerStartedAt !== null ? utcTime(entry.timerStartedAt) : null,
    started_time: extra.startedTime,
    ended_time: running ? null : extra.endedTime,
    is_running: running,
    invoice: null,
    external_reference: null,
    billable: taskAssignment?.billable ?? true,
    budgeted: false,
    billable_rate: null,
    cost_rate: null,
  };
}
