/**
 * The sandbox's whole mutable world as plain JSON-able data (instants are epoch ms), with a schema so
 * a persisted data file is parsed, not trusted.
 */
import { z } from "zod";
import { harvestV2AccountSchema } from "../harvest-v2/state";

const id = z.number().int().nonnegative();
const ms = z.number().int();

const userSchema = z.object({
  id,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  /** null = cannot sign in (Cobot). */
  password: z.string().nullable(),
  city: z.string().nullable(),
  avatarThumbUrl: z.string(),
  createdAt: ms,
  updatedAt: ms,
});

const groupSchema = z.object({
  id,
  name: z.string(),
  timezone: z.string(),
  ownerId: id,
  createdAt: ms,
  updatedAt: ms,
  feedKey: z.string(),
  /** The token bots post with (`key=`), shown to the admin on the group's edit page. */
  apiToken: z.string(),
  agenda: z.string(),
});

const membershipSchema = z.object({
  id,
  groupId: id,
  userId: id,
  /** Linked memberships mirror the user's Harvest time entries into the group feed. */
  harvestLinked: z.boolean(),
  agenda: z.string(),
});

const noteSchema = z.object({ id, groupId: id, userId: id, text: z.string(), createdAt: ms, updatedAt: ms });

export const credentialSchema = z.object({
  id,
  userId: id,
  subdomain: z.string(),
  email: z.string(),
  createdAt: ms,
  updatedAt: ms,
});

const invitationSchema = z.object({ groupId: id, email: z.string(), at: ms });

const harvestUserSchema = z.object({
  id,
  email: z.string(),
  password: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  admin: z.boolean(),
  timezone: z.string(),
  timestampTimers: z.boolean(),
});

const harvestClientSchema = z.object({
  id,
  name: z.string(),
  active: z.boolean(),
  details: z.string().nullable(),
  currency: z.string(),
  currencySymbol: z.string(),
  highriseId: z.number().int().nullable(),
  cacheVersion: z.number().int(),
  defaultInvoiceTimeframe: z.string().nullable(),
  lastInvoiceKind: z.string().nullable(),
  createdAt: ms,
  updatedAt: ms,
});

const harvestProjectSchema = z.object({ id, clientId: id, name: z.string(), active: z.boolean() });
const harvestInvoiceSchema = z.object({ id, clientId: id, number: z.string() });

const harvestContactSchema = z.object({
  id,
  clientId: id,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  phoneOffice: z.string().nullable(),
  phoneMobile: z.string().nullable(),
  fax: z.string().nullable(),
  createdAt: ms,
  updatedAt: ms,
});

const timeEntrySchema = z.object({
  id,
  /** The Harvest user's id. */
  userId: id,
  spentAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  client: z.string(),
  project: z.string(),
  task: z.string(),
  hours: z.number(),
  notes: z.string(),
  timerStartedAt: ms.nullable(),
  createdAt: ms,
  updatedAt: ms,
});

const harvestAccountSchema = z.object({
  subdomain: z.string(),
  companyName: z.string(),
  weekStartDay: z.string(),
  timeFormat: z.string(),
  clock: z.string(),
  users: z.array(harvestUserSchema),
  clients: z.array(harvestClientSchema),
  projects: z.array(harvestProjectSchema),
  invoices: z.array(harvestInvoiceSchema),
  contacts: z.array(harvestContactSchema),
  timeEntries: z.array(timeEntrySchema),
  nextClientId: id,
  nextContactId: id,
  /** What only Harvest v2 shows (absent in data files written before it); see harvest-v2/state.ts. */
  v2: harvestV2AccountSchema.optional(),
});

/** The whole seed: the Co-op part goes into the server's database, the Harvest part stays here. */
export const seedSchema = z.object({
  version: z.literal(1),
  users: z.array(userSchema),
  groups: z.array(groupSchema),
  memberships: z.array(membershipSchema),
  notes: z.array(noteSchema),
  credentials: z.array(credentialSchema),
  invitations: z.array(invitationSchema),
  harvest: z.array(harvestAccountSchema),
  next: z.object({ group: id, note: id, credential: id, membership: id }),
});

export type User = z.infer<typeof userSchema>;
export type Group = z.infer<typeof groupSchema>;
export type Membership = z.infer<typeof membershipSchema>;
export type Note = z.infer<typeof noteSchema>;
export type Credential = z.infer<typeof credentialSchema>;
export type HarvestUser = z.infer<typeof harvestUserSchema>;
export type HarvestClientRecord = z.infer<typeof harvestClientSchema>;
export type HarvestContact = z.infer<typeof harvestContactSchema>;
export type TimeEntry = z.infer<typeof timeEntrySchema>;
export type HarvestAccount = z.infer<typeof harvestAccountSchema>;
export type SeedState = z.infer<typeof seedSchema>;

/** What the sandbox itself keeps (and persists as JSON): the emulated Harvest accounts. */
export const stateSchema = z.object({ version: z.literal(2), harvest: z.array(harvestAccountSchema) });
export type State = z.infer<typeof stateSchema>;
