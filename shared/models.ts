/**
 * The typed models every part of the app shares. One shape whatever the wire format (XML or JSON,
 * ISO or 2008 slash dates): the API layer's codecs produce exactly these.
 *
 * Conventions:
 * - Instants are ISO 8601 strings in UTC with milliseconds (`Date.prototype.toISOString()`), so
 *   they survive IPC, JSON and the store unchanged and compare as strings.
 * - Calendar dates (`spentAt`) are `YYYY-MM-DD`.
 * - A field the server may leave out or send as nil is `null`, never `undefined`.
 */

/** `YYYY-MM-DDTHH:MM:SS.sssZ` */
export type Instant = string;
/** `YYYY-MM-DD` */
export type CalendarDate = string;

export interface Group {
  readonly id: number;
  readonly name: string;
  /** Co-op (ActiveSupport) zone name, e.g. "London"; see shared/timezones.ts. */
  readonly timezone: string;
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
  readonly feedKey: string | null;
  readonly membershipsCount: number | null;
  /**
   * The owner's user id, when the server says (`owner_id`; not in Co-op's surviving docs [INF]: our
   * server and sandbox send it). Unknown (absent or null): every action is offered and the server
   * decides.
   */
  readonly ownerId?: number | null;
}

/** The author embedded in a status. */
export interface StatusUser {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly avatarThumbUrl: string | null;
}

interface StatusBase {
  readonly id: number;
  readonly groupId: number;
  readonly text: string;
  readonly user: StatusUser;
  readonly createdAt: Instant;
  readonly updatedAt: Instant | null;
}

interface Note extends StatusBase {
  readonly type: "Note";
}

/** A Harvest time entry mirrored into the group feed. */
interface DayEntry extends StatusBase {
  readonly type: "DayEntry";
  readonly hours: number;
  readonly client: string | null;
  readonly project: string | null;
  readonly task: string | null;
  readonly spentAt: CalendarDate | null;
  /** Set while the entry's timer runs. */
  readonly timerStartedAt: Instant | null;
}

export type Status = Note | DayEntry;
type StatusType = Status["type"];

/** Note and DayEntry ids come from different tables and collide: key by both. */
export type StatusKey = `${StatusType}:${number}`;

export function statusKey(status: Pick<Status, "type" | "id">): StatusKey {
  return `${status.type}:${status.id}`;
}

/** A group member (`GET /groups/:id/users`). */
export interface Member {
  readonly id: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly city: string | null;
  readonly avatarThumbUrl: string | null;
  readonly updatedAt: Instant | null;
  /**
   * The membership's id, which removing this member or leaving takes (docs/coop-api.md §7.2):
   * present when the list came from `/groups/<id>/memberships` of a server that says it.
   */
  readonly membershipId?: number | null;
}

/** A full user (`GET /users/:id`). */
export interface UserProfile extends Member {
  readonly createdAt: Instant | null;
  readonly hasHarvestCredential: boolean;
}

export interface GroupAgenda {
  readonly groupId: number;
  readonly agenda: string;
  readonly agendaHtml: string;
}

export interface UserAgenda {
  readonly userId: number;
  readonly agenda: string;
  readonly agendaHtml: string;
}

/** The user's Harvest login as Co-op stores it. The password is write-only and never read back. */
export interface HarvestCredential {
  readonly id: number;
  readonly email: string;
  readonly subdomain: string;
  readonly userId: number;
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
}

export interface HarvestLogin {
  readonly subdomain: string;
  readonly email: string;
  readonly password: string;
}

export interface Client {
  readonly id: number;
  readonly name: string;
  readonly active: boolean;
  readonly details: string | null;
  readonly currency: string | null;
  readonly currencySymbol: string | null;
  readonly highriseId: number | null;
  readonly defaultInvoiceTimeframe: string | null;
  readonly lastInvoiceKind: string | null;
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
}

/** Fields a client may be created or updated with (`active` changes only through toggle). */
export interface ClientInput {
  readonly name: string;
  readonly details?: string | null;
  readonly currency?: string | null;
  readonly currencySymbol?: string | null;
  readonly highriseId?: number | null;
}

export interface Contact {
  readonly id: number;
  readonly clientId: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string | null;
  readonly title: string | null;
  readonly phoneOffice: string | null;
  readonly phoneMobile: string | null;
  readonly fax: string | null;
  readonly createdAt: Instant | null;
  readonly updatedAt: Instant | null;
}

export interface ContactInput {
  readonly clientId: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email?: string | null;
  readonly title?: string | null;
  readonly phoneOffice?: string | null;
  readonly phoneMobile?: string | null;
  readonly fax?: string | null;
}

export interface RateLimitStatus {
  readonly lastAccessAt: Instant | null;
  /** Requests in the current window. */
  readonly count: number;
  /** Window length in seconds. */
  readonly timeframeLimit: number;
  /** Requests allowed per window. */
  readonly maxCalls: number;
  /** Penalty in seconds once over. */
  readonly lockoutSeconds: number;
}

export interface WhoAmI {
  readonly company: {
    readonly name: string;
    readonly baseUri: string | null;
    readonly fullDomain: string | null;
    readonly active: boolean | null;
    readonly weekStartDay: string | null;
    readonly timeFormat: string | null;
    readonly clock: string | null;
  };
  readonly user: {
    readonly id: number;
    readonly email: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly admin: boolean;
    readonly timezone: string | null;
    readonly timezoneUtcOffset: number | null;
    readonly avatarUrl: string | null;
    readonly timestampTimers: boolean | null;
  };
}

/** Wire format the API layer speaks. */
export type WireFormat = "xml" | "json";
