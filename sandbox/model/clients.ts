/**
 * A Harvest account's client and contact rules, shared by the v1 and v2 emulations (one account seen
 * through both). Each API answers a refusal with its own status (v1 400, v2 422): the caller passes
 * `refuse`, which turns a message into the error to throw.
 */
import type { HarvestAccount, HarvestClientRecord, HarvestContact } from "./state";

export type Refuse = (message: string) => Error;

/** The client or contact a path segment names; `missing` is the API's own 404. */
export function findOne<T extends { readonly id: number }>(
  items: readonly T[],
  segment: string | undefined,
  missing: () => Error,
): T {
  const found = items.find((item) => item.id === Number(segment ?? "NaN"));
  if (found === undefined) throw missing();
  return found;
}

export interface NewClient {
  readonly at: number;
  /** Until the request sets one: each API has its own default. */
  readonly currency: { readonly name: string; readonly symbol: string };
  readonly active?: boolean;
}

/**
 * A new client: drafted, given the request's fields by `apply`, then added with the next id. A refusal
 * thrown by `apply` adds nothing and uses no id.
 */
export function addClient(
  account: HarvestAccount,
  { at, currency, active = true }: NewClient,
  apply: (draft: HarvestClientRecord) => void,
): HarvestClientRecord {
  const client: HarvestClientRecord = {
    id: account.nextClientId,
    name: "",
    active,
    details: null,
    currency: currency.name,
    currencySymbol: currency.symbol,
    highriseId: null,
    cacheVersion: 0,
    defaultInvoiceTimeframe: null,
    lastInvoiceKind: null,
    createdAt: at,
    updatedAt: at,
  };
  apply(client);
  account.nextClientId += 1;
  account.clients.push(client);
  return client;
}

/** A change to a client, applied to a copy first (see `edit`); a kept one is stamped and gets a new cache version. */
export function editClient(client: HarvestClientRecord, apply: (draft: HarvestClientRecord) => void, at: number): void {
  edit(client, apply, { updatedAt: at, cacheVersion: client.cacheVersion + 1 });
}

/** A deleted client takes its contacts with it. */
export function removeClient(account: HarvestAccount, client: HarvestClientRecord): void {
  account.clients = account.clients.filter((c) => c.id !== client.id);
  account.contacts = account.contacts.filter((c) => c.clientId !== client.id);
}

/** What Harvest says when a client with active projects is archived (v1 in its Hint header, v2 as the message). */
export const ACTIVE_PROJECTS_HINT =
  "The client you're trying to archive has active projects. Archive or delete the projects first, then archive the client.";

/** A client is archived only once its projects are (both APIs refuse otherwise). */
export function hasActiveProjects(account: HarvestAccount, client: HarvestClientRecord): boolean {
  return account.projects.some((p) => p.clientId === client.id && p.active);
}

/** Names are required on create, never blank, and unique in the account whatever their case. */
export function nameClient(
  account: HarvestAccount,
  client: HarvestClientRecord,
  name: string | null | undefined,
  creating: boolean,
  refuse: Refuse,
): void {
  if (!creating && name === undefined) return;
  if (name === undefined || name === null || name.trim() === "") throw refuse("Name can't be blank");
  const wanted = name.trim().toLowerCase();
  if (account.clients.some((c) => c.id !== client.id && c.name.trim().toLowerCase() === wanted))
    throw refuse("Name has already been taken");
  client.name = name.trim();
}

/** A contact belongs to an existing client of the account; required on create. */
export function assignContact(
  account: HarvestAccount,
  contact: HarvestContact,
  clientId: number | null | undefined,
  creating: boolean,
  refuse: Refuse,
): void {
  if (!creating && clientId === undefined) return;
  if (clientId === undefined || clientId === null) throw refuse("Client can't be blank");
  if (!account.clients.some((c) => c.id === clientId)) throw refuse(`Client ${clientId} does not exist`);
  contact.clientId = clientId;
}

/** The contact's optional fields: a blank value clears one. */
export const CONTACT_DETAILS = [
  ["email", "email"],
  ["title", "title"],
  ["phone_office", "phoneOffice"],
  ["phone_mobile", "phoneMobile"],
  ["fax", "fax"],
] as const;

/** A new contact, like `addClient`: a refusal thrown by `apply` adds nothing and uses no id. */
export function addContact(
  account: HarvestAccount,
  at: number,
  apply: (draft: HarvestContact) => void,
): HarvestContact {
  const contact: HarvestContact = {
    id: account.nextContactId,
    clientId: 0,
    firstName: "",
    lastName: "",
    email: null,
    title: null,
    phoneOffice: null,
    phoneMobile: null,
    fax: null,
    createdAt: at,
    updatedAt: at,
  };
  apply(contact);
  account.nextContactId += 1;
  account.contacts.push(contact);
  return contact;
}

/** Applies changes to a copy first, so a refused change leaves the record as it was. */
function edit<T extends object>(record: T, apply: (draft: T) => void, stamp: Partial<T>): void {
  const draft = { ...record };
  apply(draft);
  Object.assign(record, draft, stamp);
}

export function editContact(contact: HarvestContact, apply: (draft: HarvestContact) => void, at: number): void {
  edit(contact, apply, { updatedAt: at });
}

export function removeContact(account: HarvestAccount, contact: HarvestContact): void {
  account.contacts = account.contacts.filter((c) => c.id !== contact.id);
}
