/**
 * Neutral tree → shared models. One decoder per model, whatever the wire format; a missing or
 * mistyped required field fails the whole response with a message naming the field.
 */
import type {
  Client,
  Contact,
  Group,
  GroupAgenda,
  HarvestCredential,
  Member,
  RateLimitStatus,
  Status,
  StatusUser,
  UserAgenda,
  UserProfile,
  WhoAmI,
} from "../../shared/models";
import { DecodeError, isPlainObject, type Plain } from "./plain";
import {
  bool,
  instant,
  int,
  list,
  num,
  optBool,
  optDate,
  optInstant,
  optInt,
  optNumber,
  optStr,
  optText,
  record,
  str,
} from "./read";

/** Harvest JSON roots every record by its type (`{"client": {…}}`); Co-op and XML do not. Accept both. */
function unwrap(value: Plain | undefined, root: string): Plain | undefined {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === root && isPlainObject(value[root])) return value[root];
  }
  return value;
}

export type Decoder<T> = (value: Plain | undefined, what: string) => T;

/** A list decoder from an item decoder; items are named by position in messages. */
function listOf<T>(item: Decoder<T>, root: string): Decoder<T[]> {
  return (value, what) => list(value, what).map((entry, index) => item(unwrap(entry, root), `${root} #${index + 1}`));
}

export function rooted<T>(item: Decoder<T>, root: string): Decoder<T> {
  return (value, what) => item(unwrap(value, root), what);
}

const decodeGroup: Decoder<Group> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    name: str(o, "name", what),
    timezone: str(o, "timezone", what),
    createdAt: optInstant(o, "createdAt", what),
    updatedAt: optInstant(o, "updatedAt", what),
    feedKey: optText(o, "feedKey", what),
    membershipsCount: optInt(o, "membershipsCount", what),
    ownerId: optInt(o, "ownerId", what),
  };
};

function decodeStatusUser(value: Plain | undefined, what: string): StatusUser {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    name: str(o, "name", what),
    email: optText(o, "email", what),
    avatarThumbUrl: optText(o, "avatarThumbUrl", what),
  };
}

export const decodeStatus: Decoder<Status> = (value, what) => {
  const o = record(value, what);
  const type = str(o, "type", what);
  const id = int(o, "id", what);
  const named = `${what} (${type} ${id})`;
  const base = {
    id,
    groupId: int(o, "groupId", named),
    text: optStr(o, "text", named) ?? "",
    user: decodeStatusUser(o.user, `${named}'s user`),
    createdAt: instant(o, "createdAt", named),
    updatedAt: optInstant(o, "updatedAt", named),
  };
  if (type === "Note") return { type: "Note", ...base };
  if (type === "DayEntry") {
    return {
      type: "DayEntry",
      ...base,
      hours: num(o, "hours", named),
      client: optText(o, "client", named),
      project: optText(o, "project", named),
      task: optText(o, "task", named),
      spentAt: optDate(o, "spentAt", named),
      timerStartedAt: optInstant(o, "timerStartedAt", named),
    };
  }
  throw new DecodeError(`${what}'s type "${type.slice(0, 40)}" is neither Note nor DayEntry`);
};

const decodeMember: Decoder<Member> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    firstName: str(o, "firstName", what),
    lastName: optStr(o, "lastName", what) ?? "",
    email: str(o, "email", what),
    city: optText(o, "city", what),
    avatarThumbUrl: optText(o, "avatarThumbUrl", what),
    updatedAt: optInstant(o, "updatedAt", what),
    membershipId: optInt(o, "membershipId", what),
  };
};

export const decodeUserProfile: Decoder<UserProfile> = (value, what) => {
  const o = record(value, what);
  return {
    ...decodeMember(o, what),
    createdAt: optInstant(o, "createdAt", what),
    hasHarvestCredential: optBool(o, "hasHarvestCredential", what) ?? false,
  };
};

export const decodeGroupAgenda: Decoder<GroupAgenda> = (value, what) => {
  const o = record(value, what);
  return {
    groupId: int(o, "groupId", what),
    agenda: optStr(o, "agenda", what) ?? "",
    agendaHtml: optStr(o, "agendaHtml", what) ?? "",
  };
};

export const decodeUserAgenda: Decoder<UserAgenda> = (value, what) => {
  const o = record(value, what);
  return {
    userId: int(o, "userId", what),
    agenda: optStr(o, "agenda", what) ?? "",
    agendaHtml: optStr(o, "agendaHtml", what) ?? "",
  };
};

/** The password is write-only: whatever the server sends back under that name is dropped here. */
export const decodeHarvestCredential: Decoder<HarvestCredential> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    email: str(o, "email", what),
    subdomain: str(o, "subdomain", what),
    userId: int(o, "userId", what),
    createdAt: optInstant(o, "createdAt", what),
    updatedAt: optInstant(o, "updatedAt", what),
  };
};

export const decodeClient: Decoder<Client> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    name: str(o, "name", what),
    active: optBool(o, "active", what) ?? true,
    details: optText(o, "details", what),
    currency: optText(o, "currency", what),
    currencySymbol: optText(o, "currencySymbol", what),
    highriseId: optInt(o, "highriseId", what),
    defaultInvoiceTimeframe: optText(o, "defaultInvoiceTimeframe", what),
    lastInvoiceKind: optText(o, "lastInvoiceKind", what),
    createdAt: optInstant(o, "createdAt", what),
    updatedAt: optInstant(o, "updatedAt", what),
  };
};

export const decodeContact: Decoder<Contact> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    clientId: int(o, "clientId", what),
    firstName: str(o, "firstName", what),
    lastName: str(o, "lastName", what),
    email: optText(o, "email", what),
    title: optText(o, "title", what),
    phoneOffice: optText(o, "phoneOffice", what),
    phoneMobile: optText(o, "phoneMobile", what),
    fax: optText(o, "fax", what),
    createdAt: optInstant(o, "createdAt", what),
    updatedAt: optInstant(o, "updatedAt", what),
  };
};

export const decodeRateLimitStatus: Decoder<RateLimitStatus> = (value, what) => {
  const o = record(value, what);
  return {
    lastAccessAt: optInstant(o, "lastAccessAt", what),
    count: int(o, "count", what),
    // Whole seconds from Harvest; a compressed test window may be fractional, so read any number.
    timeframeLimit: num(o, "timeframeLimit", what),
    maxCalls: int(o, "maxCalls", what),
    lockoutSeconds: optNumber(o, "lockoutSeconds", what) ?? 0,
  };
};

export const decodeWhoAmI: Decoder<WhoAmI> = (value, what) => {
  const o = record(value, what);
  const company = record(o.company, `${what}'s company`);
  const user = record(o.user, `${what}'s user`);
  const c = `${what}'s company`;
  const u = `${what}'s user`;
  return {
    company: {
      name: optStr(company, "name", c) ?? "",
      baseUri: optText(company, "baseUri", c),
      fullDomain: optText(company, "fullDomain", c),
      active: optBool(company, "active", c),
      weekStartDay: optText(company, "weekStartDay", c),
      timeFormat: optText(company, "timeFormat", c),
      clock: optText(company, "clock", c),
    },
    user: {
      id: int(user, "id", u),
      email: str(user, "email", u),
      firstName: optStr(user, "firstName", u) ?? "",
      lastName: optStr(user, "lastName", u) ?? "",
      admin: bool(user, "admin", u),
      timezone: optText(user, "timezone", u),
      timezoneUtcOffset: optInt(user, "timezoneUtcOffset", u),
      avatarUrl: optText(user, "avatarUrl", u),
      timestampTimers: optBool(user, "timestampTimers", u),
    },
  };
};

export const statusList = listOf(decodeStatus, "status");
export const groupList = listOf(decodeGroup, "group");
export const memberList = listOf(decodeMember, "user");
export const userAgendaList = listOf(decodeUserAgenda, "userAgenda");
export const clientList = listOf(decodeClient, "client");
export const contactList = listOf(decodeContact, "contact");
