/** Shared pieces of the v2 routes: who may do what, parameter readers that answer 422, clocks in the user's zone. */
import { booleanParam, HttpError, integerParam, textParam } from "../../server/index";
import type { Params } from "../../server/index";
import type { HarvestAccount, HarvestUser } from "../model/state";
import type { World } from "../model/world";
import type { HarvestV2Account } from "./state";
import { ianaTimeZone } from "@coop-tray/protocol/rules";

export interface V2Context {
  readonly world: World;
  readonly account: HarvestAccount;
  readonly v2: HarvestV2Account;
  readonly user: HarvestUser;
  readonly method: string;
  /** The path under `/v2`, e.g. `/clients/4`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Params;
  /** `<sandbox>/harvest-api/v2`: links in list pages point here. */
  readonly apiBase: string;
  readonly now: number;
}

export const unprocessable = (message: string): HttpError => new HttpError(422, message);
export const forbidden = (message: string): HttpError => new HttpError(403, message);
export const missing = (what: string): HttpError => new HttpError(404, `${what} not found`);

export function rolesOf(ctx: V2Context, user: HarvestUser = ctx.user): readonly string[] {
  return ctx.v2.accessRoles[String(user.id)] ?? ["member"];
}

export const isAdministrator = (ctx: V2Context): boolean => rolesOf(ctx).includes("administrator");

/** docs/harvest.md §3.3: administrators, or managers holding `client_and_task_manager`; anyone else gets 403. */
export function requireClientManager(ctx: V2Context): void {
  const roles = rolesOf(ctx);
  if (roles.includes("administrator") || (roles.includes("manager") && roles.includes("client_and_task_manager")))
    return;
  throw forbidden("You must be an Administrator or Manager with permission to create and edit clients to do that");
}

export function requireAdministrator(ctx: V2Context): void {
  if (!isAdministrator(ctx)) throw forbidden("Admin permissions required");
}

/** The body's field (JSON or form), or the query's for GETs. */
export const text = (ctx: V2Context, key: string): string | null | undefined => textParam(ctx.params, key);
export const integer = (ctx: V2Context, key: string): number | null | undefined => integerParam(ctx.params, key);
export const flag = (ctx: V2Context, key: string): boolean | undefined => booleanParam(ctx.params, key);

export function decimal(ctx: V2Context, key: string): number | null | undefined {
  const value = text(ctx, key);
  if (value === undefined || value === null) return value;
  const parsed = Number(value.trim());
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed < 0 || parsed > 24 * 366)
    throw unprocessable(`${key} must be a decimal number of hours`);
  return parsed;
}

/** `updated_since`: an ISO 8601 datetime (docs/harvest.md §3.3); anything else is a 422. */
export function updatedSince(ctx: V2Context): number | null {
  const raw = ctx.query.get("updated_since");
  if (raw === null || raw.trim() === "") return null;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw.trim())
    ? Date.parse(raw.trim())
    : NaN;
  if (!Number.isFinite(ms))
    throw unprocessable(`updated_since "${raw}" is not an ISO 8601 datetime like 2017-06-26T21:02:12Z`);
  return ms;
}

export function dateParam(value: string, key: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw unprocessable(`${key} must be a date like 2017-12-31`);
  return value;
}

export function userZone(user: HarvestUser): string {
  return ianaTimeZone(user.timezone) ?? "UTC";
}

/** The calendar day at `ms` in the user's zone, `YYYY-MM-DD`. */
export function dayIn(user: HarvestUser, ms: number): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: userZone(user),
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(ms));
}

/** Minutes since midnight at `ms` in the user's zone. */
function minutesIn(user: HarvestUser, ms: number): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: userZone(user),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? "0");
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? "0");
  return hour * 60 + minute;
}

/** A time of day as the account's `clock` writes it: `14:59` (24h) or `2:59pm` (12h), per docs/harvest.md §3.3. */
export function clockText(account: HarvestAccount, minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = String(minutes % 60).padStart(2, "0");
  if (account.clock === "24h") return `${String(h).padStart(2, "0")}:${m}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${m}${h < 12 ? "am" : "pm"}`;
}

export const clockNow = (ctx: V2Context): string => clockText(ctx.account, minutesIn(ctx.user, ctx.now));

/** Either clock style in, minutes since midnight out; a 422 for anything else. */
export function parseClock(value: string, key: string): number {
  const match = /^(\d{1,2}):(\d{2})\s*(am|pm)?$/i.exec(value.trim());
  const hour = Number(match?.[1] ?? "NaN");
  const minute = Number(match?.[2] ?? "NaN");
  const half = match?.[3]?.toLowerCase();
  const valid = match !== null && minute < 60 && (half === undefined ? hour < 24 : hour >= 1 && hour <= 12);
  if (!valid) throw unprocessable(`${key} must be a time like 8:00am or 14:59`);
  const h24 = half === undefined ? hour : (hour % 12) + (half === "pm" ? 12 : 0);
  return h24 * 60 + minute;
}
