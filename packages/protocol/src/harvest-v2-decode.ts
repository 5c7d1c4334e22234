/** Harvest v2 JSON (already camelCased by the JSON codec) → the shared v2 models; a wrong field names itself. */
import {
  HarvestClientV2Schema,
  HarvestCompanySchema,
  HarvestContactV2Schema,
  HarvestIdentitySchema,
  HarvestMeSchema,
  HarvestTimeEntrySchema,
  type HarvestProjectAssignment,
  type HarvestRef,
} from "./harvest-v2";
import { decodeWith, type Decoder } from "./models-decode";
import type { PlainObject } from "./plain";
import { int, list, optBool, optStr, optText, record } from "./read";

function ref(o: PlainObject, field: string, what: string): HarvestRef {
  const inner = record(o[field], `${what}'s ${field}`);
  return { id: int(inner, "id", `${what}'s ${field}`), name: optStr(inner, "name", `${what}'s ${field}`) ?? "" };
}

export const decodeIdentity = decodeWith(HarvestIdentitySchema);

export const decodeCompany = decodeWith(HarvestCompanySchema);

export const decodeMe = decodeWith(HarvestMeSchema);

export const decodeClientV2 = decodeWith(HarvestClientV2Schema);

export const decodeContactV2 = decodeWith(HarvestContactV2Schema);

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

export const decodeTimeEntry = decodeWith(HarvestTimeEntrySchema);

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
