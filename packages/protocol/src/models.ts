/**
 * The wire models the app and the server share. One shape whatever the wire format (XML or JSON,
 * ISO or 2008 slash dates): the protocol's codecs produce exactly these.
 *
 * Each decoded model is a zod schema over the codecs' neutral tree and its type is derived from it
 * (`z.infer`): adding a field is one edit here. The decoders (models-decode.ts) run these schemas.
 *
 * Conventions:
 * - Instants are ISO 8601 strings in UTC with milliseconds (`Date.prototype.toISOString()`), so
 *   they survive IPC, JSON and the store unchanged and compare as strings.
 * - Calendar dates (`spentAt`) are `YYYY-MM-DD`.
 * - A field the server may leave out or send as nil is `null`, never `undefined`.
 */

import { z } from "zod";
import { contactDetails, harvestPerson, timestamps } from "./record-fields";
import * as wire from "./wire";

/** `YYYY-MM-DDTHH:MM:SS.sssZ` */
export type Instant = string;
/** `YYYY-MM-DD` */
export type CalendarDate = string;

export const GroupSchema = wire.record({
  id: wire.int.required,
  name: wire.str.required,
  /** Co-op (ActiveSupport) zone name, e.g. "London"; see rules/timezones.ts. */
  timezone: wire.str.required,
  ...timestamps,
  feedKey: wire.text,
  membershipsCount: wire.int.optional,
  /**
   * The owner's user id, when the server says (`owner_id`; our server and sandbox send it). Unknown
   * (absent or null): every action is offered and the server decides.
   */
  ownerId: wire.int.optional.optional(),
});
export type Group = Readonly<z.infer<typeof GroupSchema>>;

/** The author embedded in a status. */
export const StatusUserSchema = wire.record({
  id: wire.int.required,
  name: wire.str.required,
  email: wire.text,
  avatarThumbUrl: wire.text,
});
export type StatusUser = Readonly<z.infer<typeof StatusUserSchema>>;

const statusBase = {
  id: wire.int.required,
  groupId: wire.int.required,
  text: wire.str.or(""),
  user: StatusUserSchema,
  createdAt: wire.instant.required,
  updatedAt: wire.instant.optional,
};

export const NoteSchema = wire.record({ type: z.literal("Note"), ...statusBase });

/** A Harvest time entry mirrored into the group feed. */
export const DayEntrySchema = wire.record({
  type: z.literal("DayEntry"),
  ...statusBase,
  hours: wire.num.required,
  client: wire.text,
  project: wire.text,
  task: wire.text,
  spentAt: wire.date.optional,
  /** Set while the entry's timer runs. */
  timerStartedAt: wire.instant.optional,
});

export type Status = Readonly<z.infer<typeof NoteSchema>> | Readonly<z.infer<typeof DayEntrySchema>>;

export { statusKey, type StatusKey } from "./rules/status-key";

const memberFields = {
  id: wire.int.required,
  firstName: wire.str.required,
  lastName: wire.str.or(""),
  email: wire.str.required,
  city: wire.text,
  avatarThumbUrl: wire.text,
  updatedAt: wire.instant.optional,
  /** The membership's id, which removing this member or leaving takes (docs/coop-api.md §7.2, §7.4): in
   * `/groups/<id>/memberships` of a server that says it, null elsewhere. */
  membershipId: wire.int.optional,
};

/** A group member (`GET /groups/:id/users`). */
export const MemberSchema = wire.record(memberFields);
export type Member = Readonly<z.infer<typeof MemberSchema>>;

/** A full user (`GET /users/:id`). */
export const UserProfileSchema = wire.record({
  ...memberFields,
  createdAt: wire.instant.optional,
  hasHarvestCredential: wire.bool.or(false),
});
export type UserProfile = Readonly<z.infer<typeof UserProfileSchema>>;

/** An agenda as its owner wrote it and as the server renders it; a group's and a user's read alike. */
const agendaFields = { agenda: wire.str.or(""), agendaHtml: wire.str.or("") };

export const GroupAgendaSchema = wire.record({ groupId: wire.int.required, ...agendaFields });
export type GroupAgenda = Readonly<z.infer<typeof GroupAgendaSchema>>;

export const UserAgendaSchema = wire.record({ userId: wire.int.required, ...agendaFields });
export type UserAgenda = Readonly<z.infer<typeof UserAgendaSchema>>;

/** An invitation waiting for the signed-in user's answer (`GET /invitations`, docs/coop-api.md §8.4). */
export const InvitationSchema = wire.record({
  id: wire.int.required,
  groupId: wire.int.required,
  groupName: wire.str.required,
  inviterName: wire.text,
  createdAt: wire.instant.optional,
});
export type Invitation = Readonly<z.infer<typeof InvitationSchema>>;
/** One of the user's Co-op tokens as `GET /tokens` lists it (docs/coop-api.md §2.5): never its secret. */
export const CoopTokenSchema = wire.record({
  id: wire.int.required,
  name: wire.str.required,
  kind: wire.str.required,
  createdAt: wire.instant.optional,
  lastUsedAt: wire.instant.optional,
  /** The token this request came with. */
  current: wire.bool.or(false),
});
export type CoopToken = Readonly<z.infer<typeof CoopTokenSchema>>;

/** A token just made (`POST /tokens`): the only answer that holds the secret. */
export const IssuedCoopTokenSchema = wire.record({
  id: wire.int.required,
  token: wire.str.required,
  /** The signed-in user's id (Co-op has no "who am I"). */
  userId: wire.int.optional,
});
export type IssuedCoopToken = Readonly<z.infer<typeof IssuedCoopTokenSchema>>;

/** The user's Harvest login as Co-op stores it. The password is write-only: not in the schema, so never read back. */
export const HarvestCredentialSchema = wire.record({
  id: wire.int.required,
  email: wire.str.required,
  subdomain: wire.str.required,
  userId: wire.int.required,
  ...timestamps,
});
export type HarvestCredential = Readonly<z.infer<typeof HarvestCredentialSchema>>;

export const ClientSchema = wire.record({
  id: wire.int.required,
  name: wire.str.required,
  active: wire.bool.or(true),
  details: wire.text,
  currency: wire.text,
  currencySymbol: wire.text,
  highriseId: wire.int.optional,
  defaultInvoiceTimeframe: wire.text,
  lastInvoiceKind: wire.text,
  ...timestamps,
});
export type Client = Readonly<z.infer<typeof ClientSchema>>;

export const ContactSchema = wire.record({
  id: wire.int.required,
  clientId: wire.int.required,
  firstName: wire.str.required,
  lastName: wire.str.required,
  ...contactDetails,
  ...timestamps,
});
export type Contact = Readonly<z.infer<typeof ContactSchema>>;

export const RateLimitStatusSchema = wire.record({
  lastAccessAt: wire.instant.optional,
  /** Requests in the current window. */
  count: wire.int.required,
  /** Window length in seconds: whole from Harvest; a compressed test window may be fractional. */
  timeframeLimit: wire.num.required,
  /** Requests allowed per window. */
  maxCalls: wire.int.required,
  /** Penalty in seconds once over. */
  lockoutSeconds: wire.num.or(0),
});
export type RateLimitStatus = Readonly<z.infer<typeof RateLimitStatusSchema>>;

export const WhoAmISchema = wire.record({
  company: wire.record({
    name: wire.str.or(""),
    baseUri: wire.text,
    fullDomain: wire.text,
    active: wire.bool.optional,
    weekStartDay: wire.text,
    timeFormat: wire.text,
    clock: wire.text,
  }),
  user: wire.record({
    ...harvestPerson,
    admin: wire.bool.required,
    timezone: wire.text,
    timezoneUtcOffset: wire.int.optional,
    avatarUrl: wire.text,
    timestampTimers: wire.bool.optional,
  }),
});
export type WhoAmI = Readonly<z.infer<typeof WhoAmISchema>>;

/** One entry of a Harvest v1 daily timesheet (`GET /daily/{day_of_year}/{year}`): the user's own time. */
export const HarvestDayEntrySchema = wire.record({
  id: wire.int.required,
  spentAt: wire.date.required,
  client: wire.text,
  project: wire.text,
  task: wire.text,
  hours: wire.num.required,
  notes: wire.text,
  /** Set while the entry's timer runs. */
  timerStartedAt: wire.instant.optional,
  ...timestamps,
});
export type HarvestDayEntry = Readonly<z.infer<typeof HarvestDayEntrySchema>>;

export interface HarvestLogin {
  readonly subdomain: string;
  readonly email: string;
  readonly password: string;
}

/** Fields a client may be created or updated with (`active` changes only through toggle). */
export interface ClientInput {
  readonly name: string;
  readonly details?: string | null;
  readonly currency?: string | null;
  readonly currencySymbol?: string | null;
  readonly highriseId?: number | null;
}

/** A contact's reachability as either Harvest API takes it (`contactDetails` read back). */
export interface ContactDetailsInput {
  readonly email?: string | null;
  readonly title?: string | null;
  readonly phoneOffice?: string | null;
  readonly phoneMobile?: string | null;
  readonly fax?: string | null;
}

export interface ContactInput extends ContactDetailsInput {
  readonly clientId: number;
  readonly firstName: string;
  readonly lastName: string;
}

/** Wire format the API layer speaks. */
export type WireFormat = "xml" | "json";
