/**
 * Neutral tree → shared models, by the models' own zod schemas (models.ts), whatever the wire format;
 * a missing or mistyped required field fails the whole response with a message naming the field.
 */
import type { z } from "zod";
import {
  ClientSchema,
  ContactSchema,
  CoopTokenSchema,
  DayEntrySchema,
  GroupAgendaSchema,
  GroupSchema,
  HarvestCredentialSchema,
  HarvestDayEntrySchema,
  IssuedCoopTokenSchema,
  MemberSchema,
  NoteSchema,
  RateLimitStatusSchema,
  UserAgendaSchema,
  InvitationSchema,
  UserProfileSchema,
  WhoAmISchema,
  type HarvestDayEntry,
  type Status,
} from "./models";
import { DecodeError, isPlainObject, type Plain } from "./plain";
import { int, list, record, str } from "./read";
import { MISSING } from "./wire";

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

/** "basil's user's email" from a schema issue's path below `what`. */
function issueMessage(issue: z.core.$ZodIssue, what: string): string {
  const path = issue.path.map((key) => (typeof key === "number" ? `#${key + 1}` : String(key)));
  const field = path.pop();
  const where = path.reduce((named, key) => `${named}'s ${key}`, what);
  if (field === undefined) return `${where} ${issue.message}`;
  return issue.message === MISSING ? `${where} has no ${field}` : `${where}'s ${field} ${issue.message}`;
}

/** A decoder from a model's schema: the schema's output, or a `DecodeError` naming the first bad field. */
export function decodeWith<T>(schema: z.ZodType<T>): Decoder<T> {
  return (value, what) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new DecodeError(issue === undefined ? `${what} is malformed` : issueMessage(issue, what));
  };
}

const decodeGroup = decodeWith(GroupSchema);
const decodeNote = decodeWith(NoteSchema);
const decodeDayEntryStatus = decodeWith(DayEntrySchema);

/** The type and id name the status in messages; the type picks the schema. */
export const decodeStatus: Decoder<Status> = (value, what) => {
  const o = record(value, what);
  const type = str(o, "type", what);
  const id = int(o, "id", what);
  const named = `${what} (${type} ${id})`;
  if (type === "Note") return decodeNote(o, named);
  if (type === "DayEntry") return decodeDayEntryStatus(o, named);
  throw new DecodeError(`${what}'s type "${type.slice(0, 40)}" is neither Note nor DayEntry`);
};

const decodeMember = decodeWith(MemberSchema);
export const decodeUserProfile = decodeWith(UserProfileSchema);
export const decodeGroupAgenda = decodeWith(GroupAgendaSchema);
export const decodeUserAgenda = decodeWith(UserAgendaSchema);
export const decodeInvitation = decodeWith(InvitationSchema);
/** The password is write-only: the schema has no such field, so whatever the server sends back under that name is dropped. */
export const decodeHarvestCredential = decodeWith(HarvestCredentialSchema);
export const decodeClient = decodeWith(ClientSchema);
export const decodeIssuedCoopToken = decodeWith(IssuedCoopTokenSchema);
export const decodeContact = decodeWith(ContactSchema);
export const decodeRateLimitStatus = decodeWith(RateLimitStatusSchema);
export const decodeWhoAmI = decodeWith(WhoAmISchema);
const decodeDayEntry = decodeWith(HarvestDayEntrySchema);

/** v1's daily answer: `{"day_entries": [...]}` in JSON (flat, no wrapper), `<daily><day_entries>` in XML. */
export const decodeDailyTimesheet: Decoder<HarvestDayEntry[]> = (value, what) => {
  const o = record(unwrap(value, "daily"), what);
  return listOf(decodeDayEntry, "dayEntry")(o.dayEntries ?? [], what);
};

export const statusList = listOf(decodeStatus, "status");
export const groupList = listOf(decodeGroup, "group");
export const memberList = listOf(decodeMember, "user");
export const coopTokenList = listOf(decodeWith(CoopTokenSchema), "token");
export const userAgendaList = listOf(decodeUserAgenda, "userAgenda");
export const invitationList = listOf(decodeInvitation, "invitation");
export const clientList = listOf(decodeClient, "client");
export const contactList = listOf(decodeContact, "contact");
