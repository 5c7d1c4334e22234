/** Harvest v2 JSON (already camelCased by the JSON codec) → the shared v2 models; a wrong field names itself. */
import type {
  HarvestClientV2,
  HarvestCompany,
  HarvestContactV2,
  HarvestIdentity,
  HarvestMe,
  HarvestProjectAssignment,
  HarvestRef,
  HarvestTimeEntry,
} from "./harvest-v2";
import type { Decoder } from "./models-decode";
import { DecodeError, type Plain, type PlainObject } from "./plain";
import { bool, int, list, num, optBool, optDate, optInstant, optNumber, optStr, optText, record, str } from "./read";

function ref(o: PlainObject, field: string, what: string): HarvestRef {
  const inner = record(o[field], `${what}'s ${field}`);
  return { id: int(inner, "id", `${what}'s ${field}`), name: optStr(inner, "name", `${what}'s ${field}`) ?? "" };
}

function date(o: PlainObject, field: string, what: string): string {
  const value = optDate(o, field, what);
  if (value === null) throw new DecodeError(`${what} has no ${field}`);
  return value;
}

export const decodeIdentity: Decoder<HarvestIdentity> = (value, what) => {
  const o = record(value, what);
  const user = record(o["user"], `${what}'s user`);
  return {
    user: {
      id: int(user, "id", "the user"),
      firstName: optStr(user, "firstName", "the user") ?? "",
      lastName: optStr(user, "lastName", "the user") ?? "",
      email: str(user, "email", "the user"),
    },
    accounts: list(o["accounts"], `${what}'s accounts`).map((item, index) => {
      const a = record(item, `account #${index + 1}`);
      return {
        id: int(a, "id", `account #${index + 1}`),
        name: optStr(a, "name", `account #${index + 1}`) ?? "",
        product: optStr(a, "product", `account #${index + 1}`) ?? "harvest",
      };
    }),
  };
};

export const decodeCompany: Decoder<HarvestCompany> = (value, what) => {
  const o = record(value, what);
  return {
    name: str(o, "name", what),
    baseUri: optStr(o, "baseUri", what),
    fullDomain: optStr(o, "fullDomain", what),
    isActive: optBool(o, "isActive", what),
    weekStartDay: optStr(o, "weekStartDay", what),
    wantsTimestampTimers: optBool(o, "wantsTimestampTimers", what) ?? false,
    timeFormat: optStr(o, "timeFormat", what),
    clock: optStr(o, "clock", what),
    dateFormat: optStr(o, "dateFormat", what),
  };
};

function strings(value: Plain | undefined, what: string): string[] {
  if (value === undefined || value === null) return [];
  return list(value, what).map((item, index) => {
    if (typeof item !== "string") throw new DecodeError(`${what} #${index + 1} is not text`);
    return item;
  });
}

export const decodeMe: Decoder<HarvestMe> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    firstName: optStr(o, "firstName", what) ?? "",
    lastName: optStr(o, "lastName", what) ?? "",
    email: str(o, "email", what),
    timezone: optText(o, "timezone", what),
    accessRoles: strings(o["accessRoles"], `${what}'s access roles`),
    isActive: optBool(o, "isActive", what),
    avatarUrl: optText(o, "avatarUrl", what),
  };
};

export const decodeClientV2: Decoder<HarvestClientV2> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    name: str(o, "name", what),
    isActive: bool(o, "isActive", what),
    // Addresses are multi-line: keep their inner line breaks, only trim the ends (optText trims).
    address: optText(o, "address", what),
    statementKey: optText(o, "statementKey", what),
    currency: optText(o, "currency", what),
    createdAt: optInstant(o, "createdAt", what),
    updatedAt: optInstant(o, "updatedAt", what),
  };
};

export const decodeContactV2: Decoder<HarvestContactV2> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    client: ref(o, "client", what),
    title: optText(o, "title", what),
    firstName: str(o, "firstName", what),
    lastName: optText(o, "lastName", what),
    email: optText(o, "email", what),
    phoneOffice: optText(o, "phoneOffice", what),
    phoneMobile: optText(o, "phoneMobile", what),
    fax: optText(o, "fax", what),
    createdAt: optInstant(o, "createdAt", what),
    updatedAt: optInstant(o, "updatedAt", what),
  };
};

export const decodeProjectAssignment: Decoder<HarvestProjectAssignment> = (value, what) => {
  const o = record(value, what);
  const project = record(o["project"], `${what}'s project`);
  const tasks =
    o["taskAssignments"] === undefined || o["taskAssignments"] === null
      ? []
      : list(o["taskAssignments"], `${what}'s task assignments`);
  return {
    id: int(o, "id", what),
    isActive: optBool(o, "isActive", what) ?? true,
    project: {
      id: int(project, "id", `${what}'s project`),
      name: optStr(project, "name", `${what}'s project`) ?? "",
      code: optText(project, "code", `${what}'s project`),
    },
    client: ref(o, "client", what),
    tasks: tasks.map((item, index) => {
      const t = record(item, `${what}'s task assignment #${index + 1}`);
      const task = ref(t, "task", `${what}'s task assignment #${index + 1}`);
      return {
        id: task.id,
        name: task.name,
        billable: optBool(t, "billable", "the task assignment"),
        isActive: optBool(t, "isActive", "the task assignment") ?? true,
      };
    }),
  };
};

export const decodeTimeEntry: Decoder<HarvestTimeEntry> = (value, what) => {
  const o = record(value, what);
  return {
    id: int(o, "id", what),
    spentDate: date(o, "spentDate", what),
    user: ref(o, "user", what),
    client: ref(o, "client", what),
    project: ref(o, "project", what),
    task: ref(o, "task", what),
    hours: num(o, "hours", what),
    hoursWithoutTimer: optNumber(o, "hoursWithoutTimer", what),
    roundedHours: optNumber(o, "roundedHours", what),
    notes: optText(o, "notes", what),
    isRunning: bool(o, "isRunning", what),
    timerStartedAt: optInstant(o, "timerStartedAt", what),
    startedTime: optText(o, "startedTime", what),
    endedTime: optText(o, "endedTime", what),
    isLocked: optBool(o, "isLocked", what) ?? false,
    lockedReason: optText(o, "lockedReason", what),
    approvalStatus: optText(o, "approvalStatus", what),
    isBilled: optBool(o, "isBilled", what) ?? false,
    billable: optBool(o, "billable", what),
    createdAt: optInstant(o, "createdAt", what),
    updatedAt: optInstant(o, "updatedAt", what),
  };
};

/** One page of a v2 list: the items under their plural key, and where the next page is. */
export interface V2Page<T> {
  readonly items: T[];
  readonly next: string | null;
  readonly totalEntries: number | null;
}

export function pageOf<T>(key: string, item: Decoder<T>, itemName: string): Decoder<V2Page<T>> {
  return (value, what) => {
    const o = record(value, what);
    const items = list(o[key], `${what}'s ${key}`).map((entry, index) => item(entry, `${itemName} #${index + 1}`));
    const links = o["links"];
    let next: string | null = null;
    if (links !== undefined && links !== null) {
      next = optStr(record(links, `${what}'s links`), "next", `${what}'s links`);
      if (next === "") next = null;
    }
    const total = o["totalEntries"];
    return { items, next, totalEntries: typeof total === "number" && Number.isSafeInteger(total) ? total : null };
  };
}
