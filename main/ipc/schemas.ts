/**
 * One zod schema per contract call: the main process parses every IPC (and bridge) payload with
 * these before any service runs. Objects are strict (an unknown key is refused rather than
 * ignored, so a renderer bug shows up instead of silently dropping data), strings are bounded, ids
 * are positive integers. Schemas may normalise (trim a name, map "Kyev" to "Kyiv"); handlers receive
 * the parsed value, never the raw payload.
 */
import { z } from "zod";
import { MAX_LINE_LENGTH, MAX_TEXT_LENGTH } from "../../shared/contract";
import type { CallArgs, CallName } from "../../shared/contract";
import {
  EMAIL_PATTERN,
  SUBDOMAIN_PATTERN,
  canonicalTimeZone,
  httpUrlProblem,
  isMailtoUrl,
} from "@coop-tray/protocol/rules";
import { acceleratorProblem } from "./accelerator";

/** Links in notes can be longer than a name or an email; browsers and servers commonly cap URLs near this. */
const MAX_LINK_LENGTH = 2048;
/** Invitations per new group: enough for a team, small enough to keep one request sane. */
const MAX_MEMBER_EMAILS = 100;
const MIN_POLL_SECONDS = 15;
const MAX_POLL_SECONDS = 3600;

/** Calls that take no argument: `undefined` over IPC, `null` or `{}` from a JSON transport. */
const noArgs = z.union([z.undefined(), z.null(), z.strictObject({})]).transform((): void => undefined);

const id = z.int().positive();

/** A single-line value that must not be blank; surrounding spaces are dropped. */
const requiredLine = z
  .string()
  .max(MAX_LINE_LENGTH)
  .trim()
  .min(1, "Must not be empty.")
  .regex(/^[^\r\n]*$/, "Must be a single line.");
const optionalLine = z
  .string()
  .max(MAX_LINE_LENGTH)
  .trim()
  .regex(/^[^\r\n]*$/, "Must be a single line.");

const email = z.string().max(MAX_LINE_LENGTH).trim().regex(EMAIL_PATTERN, "Not a valid email address.");

/** Secrets are taken exactly as typed: spaces may be part of a password. */
const password = z.string().min(1, "Must not be empty.").max(MAX_LINE_LENGTH);

function httpUrl(maxLength: number) {
  return z
    .string()
    .max(maxLength)
    .trim()
    .superRefine((value, ctx) => {
      const problem = httpUrlProblem(value);
      if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** Harvest account subdomains are DNS labels. */
const subdomain = z
  .string()
  .max(63)
  .trim()
  .toLowerCase()
  .regex(SUBDOMAIN_PATTERN, "A Harvest subdomain has only letters, digits and hyphens.");

/** Co-op accepts only its fixed list of zone names; the old spelling is mapped to the current one. */
const timezone = z
  .string()
  .max(MAX_LINE_LENGTH)
  .transform((value, ctx) => {
    const canonical = canonicalTimeZone(value);
    if (canonical === null) {
      ctx.addIssue({ code: "custom", message: "Not a time zone Co-op knows." });
      return z.NEVER;
    }
    return canonical;
  });

/** `YYYY-MM-DD`, a real day (no February 30th). */
const calendarDate = z.iso.date("Expected a date as YYYY-MM-DD.");

/** Outbox ids are made by the app; anything else is a forged or corrupted id. */
const outboxId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "Not an outbox item id.");

const noteText = z
  .string()
  .max(MAX_TEXT_LENGTH)
  .refine((value) => value.trim().length > 0, "A note must not be empty.");

const agenda = z.string().max(MAX_TEXT_LENGTH);

const groupRef = z.strictObject({ groupId: id });

const feedQuery = z.strictObject({
  groupId: id,
  date: calendarDate.nullable(),
  userId: id.nullable(),
});

const harvestLogin = z.strictObject({ subdomain, email, password });

const clientFields = {
  name: requiredLine,
  details: z.string().max(MAX_TEXT_LENGTH).nullable(),
  currency: optionalLine.nullable(),
  currencySymbol: z.string().max(20).trim().nullable(),
};

const accelerator = z
  .string()
  .max(100)
  .trim()
  .superRefine((value, ctx) => {
    const problem = acceleratorProblem(value);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  });

const settingsPatch = z
  .strictObject({
    pollIntervalSeconds: z.int().min(MIN_POLL_SECONDS).max(MAX_POLL_SECONDS),
    notifications: z.boolean(),
    launchAtLogin: z.boolean(),
    globalShortcut: accelerator,
    format: z.enum(["xml", "json"]),
    mutedGroupIds: z.array(id).max(1000),
    idleDetection: z.boolean(),
    idleMinutes: z.int().min(1).max(240),
    autoUpdate: z.boolean(),
  })
  .partial();

/** A personal access token is taken as pasted, less surrounding spaces; Harvest's are far shorter. */
const harvestToken = z.string().trim().min(1, "Paste a token.").max(1000).regex(/^\S+$/, "A token holds no spaces.");
const timerNotes = z.string().max(MAX_TEXT_LENGTH);
/** Hours on one entry: above zero, at most a day (Harvest's own limit). */
const entryHours = z.number().gt(0).max(24);

/** Every call's argument schema; the type makes a missing or mistyped entry a compile error. */
export const callSchemas = {
  getState: noArgs,
  signIn: z.strictObject({ serverUrl: httpUrl(MAX_LINE_LENGTH), email, password }),
  signOut: noArgs,

  getHarvestCredential: noArgs,
  linkHarvest: harvestLogin,
  updateHarvest: harvestLogin,
  unlinkHarvest: noArgs,
  verifyHarvest: noArgs,

  listTokens: noArgs,
  revokeToken: z.strictObject({ tokenId: id }),
  changePassword: z.strictObject({ currentPassword: password, newPassword: password }),

  listGroups: noArgs,
  refreshGroups: noArgs,
  createGroup: z.strictObject({ name: requiredLine, timezone, memberEmails: z.array(email).max(MAX_MEMBER_EMAILS) }),
  updateGroup: z.strictObject({ groupId: id, name: requiredLine, timezone }),
  changeGroupOwner: z.strictObject({ groupId: id, newOwnerId: id }),
  deleteGroup: groupRef,
  listMembers: groupRef,
  inviteMembers: z.strictObject({ groupId: id, emails: z.array(email).min(1).max(MAX_MEMBER_EMAILS) }),
  removeMember: z.strictObject({ groupId: id, membershipId: id }),
  listInvitations: noArgs,
  answerInvitation: z.strictObject({ invitationId: id, accept: z.boolean() }),

  getFeed: feedQuery,
  refreshFeed: feedQuery,
  markSeen: groupRef,

  postNote: z.strictObject({ groupId: id, text: noteText }),
  listOutbox: noArgs,
  retryNote: z.strictObject({ id: outboxId }),
  editNote: z.strictObject({ id: outboxId, text: noteText }),
  discardNote: z.strictObject({ id: outboxId }),
  listDrafts: noArgs,
  // Blank is allowed here (unlike a note): it is how a posted or cleared draft is removed.
  saveDraft: z.strictObject({ groupId: id, text: agenda }),

  getAgendas: groupRef,
  updateGroupAgenda: z.strictObject({ groupId: id, agenda }),
  updateMyAgenda: z.strictObject({ groupId: id, agenda }),

  listClients: z.strictObject({ refresh: z.boolean() }),
  createClient: z.strictObject(clientFields),
  updateClient: z.strictObject({
    id,
    name: clientFields.name.optional(),
    details: clientFields.details.optional(),
    currency: clientFields.currency.optional(),
    currencySymbol: clientFields.currencySymbol.optional(),
  }),
  toggleClient: z.strictObject({ id }),
  deleteClient: z.strictObject({ id }),
  listContacts: z.strictObject({ clientId: id }),

  getSettings: noArgs,
  updateSettings: settingsPatch,

  getHarvestV2: noArgs,
  connectHarvestV2: z.strictObject({ token: harvestToken }),
  chooseHarvestAccount: z.strictObject({ accountId: id }),
  disconnectHarvestV2: noArgs,
  getTimers: z.strictObject({ refresh: z.boolean() }),
  listTaskOptions: z.strictObject({ refresh: z.boolean() }),
  startTimer: z.strictObject({ projectId: id, taskId: id, notes: timerNotes.nullable() }),
  stopTimer: z.strictObject({ entryId: id }),
  restartTimer: z.strictObject({ entryId: id }),
  editTimerNotes: z.strictObject({ entryId: id, notes: timerNotes }),
  getTimeWeek: z.strictObject({ day: calendarDate.nullable() }),
  addTimeEntry: z.strictObject({
    projectId: id,
    taskId: id,
    spentDate: calendarDate,
    hours: entryHours,
    notes: timerNotes.nullable(),
  }),
  editTimeEntry: z.strictObject({
    entryId: id,
    projectId: id,
    taskId: id,
    hours: entryHours.nullable(),
    notes: timerNotes.nullable(),
  }),
  deleteTimeEntry: z.strictObject({ entryId: id }),
  answerIdle: z.strictObject({ promptId: id, choice: z.enum(["removeAndContinue", "removeAndStop", "keep"]) }),
  shareTimerOptions: z.strictObject({ entryId: id }),
  shareTimer: z.strictObject({ groupId: id, entryId: id, text: noteText }),

  openExternal: z.strictObject({ url: z.union([z.string().refine(isMailtoUrl), httpUrl(MAX_LINK_LENGTH)]) }),
  hideWindow: noArgs,
  pauseGlobalShortcut: z.strictObject({ paused: z.boolean() }),
  quitApp: noArgs,
} satisfies { readonly [K in CallName]: z.ZodType<CallArgs<K>> };
