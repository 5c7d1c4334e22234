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

/** A client with nothing set yet; `createClient` gives it its id and adds it once its fields are applied. */
export function draftClient(
  account: HarvestAccount,
  at: number,
  currency: { readonly name: string; readonly symbol: string },
  active = true,
): HarvestClientRecord {
  return {
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
}

export function createClient(account: HarvestAccount, client: HarvestClientRecord): void {
  account.nextClientId += 1;
  account.clients.push(client);
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

/** A contact with nothing set yet; `createContact` gives it its id and adds it once its fields are applied. */
export function draftContact(account: HarvestAccount, at: number): HarvestContact {
  return {
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
}

export function createContact(account: HarvestAccount, contact: HarvestContact): void {
  account.nextContactId += 1;
  account.contacts.push(contact);
}

/** Applies changes to a copy first, so a refused change leaves the record as it was. */
export function edit<T extends object>(record: T, apply: (draft: T) => void, stamp: Partial<T>): void {
  const draft = { ...record };
  apply(draft);
  Object.assign(record, draft, stamp);
}

export function removeContact(account: HarvestAccount, contact: HarvestContact): void {
  account.contacts = account.contacts.filter((c) => c.id !== contact.id);
}
