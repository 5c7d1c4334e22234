/**
 * The shape of the one persisted document, validated with zod whenever it is read from disk
 * (parse, don't trust: the file may be truncated, hand-edited or written by another version).
 * Secrets never appear here: passwords live in the keychain only.
 */
import { z } from "zod";
import type { AppError } from "../../shared/errors";
import type { Settings } from "../../shared/contract";
import type { Client, Group, Member, Status } from "@coop-tray/protocol/models";

export const STORE_VERSION = 1;

const instant = z.string().min(1).max(64);
const nullableInstant = instant.nullable();
const id = z.number().int().nonnegative();
const text = z.string().max(100_000);
const line = z.string().max(2_000);
const epochMs = z.number().finite().nonnegative();

export const settingsSchema = z.object({
  pollIntervalSeconds: z.number().int().min(15).max(3600),
  notifications: z.boolean(),
  launchAtLogin: z.boolean(),
  globalShortcut: z.string().max(200),
  format: z.enum(["xml", "json"]),
  // Absent in stores written before muting existed.
  mutedGroupIds: z.array(z.number().int().positive()).max(1000).readonly().default([]),
  // Added with Harvest timers: settings saved before them take the defaults.
  idleDetection: z.boolean().default(true),
  idleMinutes: z.number().int().min(1).max(240).default(10),
  // Added with updates: settings saved before them update.
  autoUpdate: z.boolean().default(true),
}) satisfies z.ZodType<Settings, unknown>;

export const groupSchema = z.object({
  id,
  name: line,
  timezone: line,
  createdAt: nullableInstant,
  updatedAt: nullableInstant,
  feedKey: line.nullable(),
  membershipsCount: z.number().int().nullable(),
  ownerId: z.number().int().nullable().optional(),
}) satisfies z.ZodType<Group>;

const statusUserSchema = z.object({
  id,
  name: line,
  email: line.nullable(),
  avatarThumbUrl: line.nullable(),
});

const noteSchema = z.object({
  type: z.literal("Note"),
  id,
  groupId: id,
  text,
  user: statusUserSchema,
  createdAt: instant,
  updatedAt: nullableInstant,
});

const dayEntrySchema = z.object({
  type: z.literal("DayEntry"),
  id,
  groupId: id,
  text,
  user: statusUserSchema,
  createdAt: instant,
  updatedAt: nullableInstant,
  hours: z.number().finite(),
  client: line.nullable(),
  project: line.nullable(),
  task: line.nullable(),
  spentAt: z.string().max(10).nullable(),
  timerStartedAt: nullableInstant,
});

const statusSchema = z.discriminatedUnion("type", [noteSchema, dayEntrySchema]) satisfies z.ZodType<Status>;

export const memberSchema = z.object({
  id,
  firstName: line,
  lastName: line,
  email: line,
  city: line.nullable(),
  avatarThumbUrl: line.nullable(),
  updatedAt: nullableInstant,
  membershipId: id.nullable().default(null),
}) satisfies z.ZodType<Member>;

const clientSchema = z.object({
  id,
  name: line,
  active: z.boolean(),
  details: text.nullable(),
  currency: line.nullable(),
  currencySymbol: line.nullable(),
  highriseId: z.number().int().nullable(),
  defaultInvoiceTimeframe: line.nullable(),
  lastInvoiceKind: line.nullable(),
  createdAt: nullableInstant,
  updatedAt: nullableInstant,
}) satisfies z.ZodType<Client>;

const message = z.string().max(5_000);
const appErrorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("auth"), message }),
  z.object({ kind: z.literal("notFound"), message }),
  z.object({ kind: z.literal("validation"), status: z.number().int(), message, hint: message.nullable() }),
  z.object({
    kind: z.literal("throttled"),
    message,
    retryAfterSeconds: z.number().finite(),
    until: z.number().finite(),
  }),
  z.object({ kind: z.literal("server"), status: z.number().int(), message }),
  z.object({ kind: z.literal("offline"), cause: z.enum(["refused", "dns", "timeout", "reset", "other"]), message }),
  z.object({
    kind: z.literal("malformed"),
    reason: z.enum(["unparseable", "contentType", "html", "tooLarge", "shape"]),
    message,
  }),
  z.object({ kind: z.literal("invalidInput"), message, issues: z.array(message).readonly() }),
  z.object({ kind: z.literal("keychain"), message }),
  z.object({ kind: z.literal("signedOut"), message }),
  z.object({ kind: z.literal("identity"), message }),
  z.object({ kind: z.literal("internal"), message }),
]) satisfies z.ZodType<AppError>;

export const storedAccountSchema = z.object({
  serverUrl: line,
  email: line,
  userId: id.nullable(),
  name: line,
  /** `passwordSaved`: whether this computer's keychain holds its password (absent in older stores: unknown). */
  harvest: z.object({ subdomain: line, email: line, passwordSaved: z.boolean().optional() }).nullable(),
  /** How the app signs in to Co-op: a device token in the keychain, or (servers without tokens; absent in
   * older stores) the password there. */
  signedInWith: z.enum(["token", "password"]).optional(),
});
export type StoredAccount = z.infer<typeof storedAccountSchema>;

export const feedCacheSchema = z.object({
  /** Newest first, merged by (type, id), capped. */
  statuses: z.array(statusSchema),
  etag: line.nullable(),
  lastSyncedAt: epochMs.nullable(),
  /** The user's last-seen mark: statuses created after it count as unread (unless their own). */
  seenAt: nullableInstant,
  /** Keys of the statuses created exactly at `seenAt` (timestamps have second precision). */
  seenKeys: z.array(z.string().max(40)).max(1_000).default([]),
});
export type FeedCache = z.infer<typeof feedCacheSchema>;

export const dayCacheSchema = z.object({
  statuses: z.array(statusSchema),
  fetchedAt: epochMs,
  usedAt: epochMs,
  /** The day was over (in the group's zone) when fetched, so it cannot change any more. */
  complete: z.boolean(),
});

export const memberFeedCacheSchema = z.object({
  groupId: id,
  userId: id,
  date: z.string().max(10).nullable(),
  statuses: z.array(statusSchema),
  fetchedAt: epochMs,
  usedAt: epochMs,
});

export const clientsCacheSchema = z.object({
  /** `subdomain:email` of the Harvest login the list belongs to. */
  owner: line,
  clients: z.array(clientSchema),
  /** When the last (full or incremental) refresh started: the next `updated_since`. */
  syncedAt: epochMs.nullable(),
  fullSyncedAt: epochMs.nullable(),
});
export type ClientsCache = z.infer<typeof clientsCacheSchema>;

export const outboxRecordSchema = z.object({
  id: z.string().min(1).max(100),
  groupId: id,
  text,
  state: z.enum(["queued", "sending", "sent", "failed"]),
  createdAt: epochMs,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: epochMs.nullable(),
  lastError: appErrorSchema.nullable(),
  statusId: id.nullable(),
  /** The account (`coop:<server>:<email>`) the note was written by; never shown to another. */
  owner: line,
  /** A send may have reached the server: look for the note before sending again. */
  needsCheck: z.boolean(),
  /** Epoch ms when it was sent (for pruning). */
  sentAt: epochMs.nullable(),
  /**
   * The group's newest note id read right before the first attempt: after an ambiguous failure
   * only a status above it can be this note. Absent in files written before it existed.
   */
  newestIdBefore: id.nullable().optional(),
});
export type OutboxRecord = z.infer<typeof outboxRecordSchema>;

/**
 * A Harvest v2 link: which account of the token's user the app uses, and what it learnt about it.
 * The token itself is in the keychain only (vault `harvest-token:<apiUrl>|<Co-op account key>`), never here.
 */
export const harvestV2LinkSchema = z.object({
  apiUrl: line,
  accountId: id,
  accountName: line,
  userId: id,
  userName: line,
  email: line,
  timezone: line.nullable(),
  accessRoles: z.array(line).max(50),
  wantsTimestampTimers: z.boolean(),
  clock: line.nullable(),
  linkedAt: epochMs,
});
export type HarvestV2Link = z.infer<typeof harvestV2LinkSchema>;

/** Project/task pairs the user started timers on, newest first: the picker offers them first. */
export const recentTaskSchema = z.object({
  /** The Co-op account key of the user who tracked it; pairs from files written before it match nobody. */
  owner: line.default(""),
  accountId: id,
  projectId: id,
  taskId: id,
  at: epochMs,
});
export type RecentTask = z.infer<typeof recentTaskSchema>;

/** Text typed in a group's composer and not posted yet, kept per account and group across tabs and restarts. */
export const draftSchema = z.object({
  /** The Co-op account key of the user who typed it: never offered to another. */
  owner: line,
  groupId: id,
  text,
  savedAt: epochMs,
});
export type DraftRecord = z.infer<typeof draftSchema>;

export const storeDocSchema = z.object({
  version: z.literal(STORE_VERSION),
  settings: settingsSchema,
  account: storedAccountSchema.nullable(),
  groups: z.object({ list: z.array(groupSchema), syncedAt: epochMs.nullable() }),
  members: z.record(z.string(), z.object({ list: z.array(memberSchema), fetchedAt: epochMs })),
  feeds: z.record(z.string(), feedCacheSchema),
  days: z.record(z.string(), z.record(z.string(), dayCacheSchema)),
  memberFeeds: z.record(z.string(), memberFeedCacheSchema),
  clients: clientsCacheSchema.nullable(),
  outbox: z.array(outboxRecordSchema),
  /**
   * Harvest v2 links by the Co-op account key of the user who made them: only the signed-in user's
   * is used, and another user's stays hidden until they sign in again. The single unowned link of
   * earlier files is dropped (whose it was cannot be told), so it is connected again once.
   */
  harvestLinks: z.record(z.string(), harvestV2LinkSchema).default({}),
  recentTasks: z.array(recentTaskSchema).max(50).default([]),
  /** The group whose latest feed the window showed last: the first frame opens on it. */
  shownGroupId: id.nullable().default(null),
  /** Absent in stores written before drafts were kept. */
  drafts: z.array(draftSchema).default([]),
});
export type StoreDoc = z.infer<typeof storeDocSchema>;
