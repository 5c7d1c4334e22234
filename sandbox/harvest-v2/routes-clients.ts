/**
 * `/v2/clients` and `/v2/contacts` (docs/harvest.md §3.3, §7.3): the same records v1 serves, for administrators and
 * client managers only (403 otherwise). Archiving is `PATCH {"is_active": false}`; delete is refused
 * with 422 while the client has projects, invoices or estimates.
 */
import {
  ACTIVE_PROJECTS_HINT,
  CONTACT_DETAILS,
  addClient,
  addContact,
  assignContact,
  editClient,
  editContact,
  findOne,
  hasActiveProjects,
  nameClient,
  removeClient,
  removeContact,
} from "../model/clients";
import type { HarvestClientRecord, HarvestContact } from "../model/state";
import { paginate } from "./paginate";
import { flag, integer, missing, requireClientManager, text, unprocessable, updatedSince } from "./rules";
import type { V2Context } from "./rules";
import type { V2Route } from "./route";
import { clientJson, contactJson } from "./views";

/**
 * v1 stores the long currency name and symbol; v2 speaks ISO codes (docs/harvest.md §3.3). A subset of
 * Harvest's list.
 */
const CURRENCIES: Readonly<Record<string, readonly [string, string]>> = {
  GBP: ["British Pound", "£"],
  EUR: ["Euro", "€"],
  USD: ["United States Dollar", "$"],
  ARS: ["Argentine Peso", "$"],
  CAD: ["Canadian Dollar", "$"],
  AUD: ["Australian Dollar", "$"],
  CHF: ["Swiss Franc", "CHF"],
  JPY: ["Japanese Yen", "¥"],
  SEK: ["Swedish Krona", "kr"],
};

const findClient = (ctx: V2Context, segment: string | undefined): HarvestClientRecord =>
  findOne(ctx.account.clients, segment, () => missing("Client"));

const findContact = (ctx: V2Context, segment: string | undefined): HarvestContact =>
  findOne(ctx.account.contacts, segment, () => missing("Contact"));

function applyClient(ctx: V2Context, client: HarvestClientRecord, creating: boolean): void {
  nameClient(ctx.account, client, text(ctx, "name"), creating, unprocessable);
  const address = text(ctx, "address");
  if (address !== undefined) client.details = address === null || address.trim() === "" ? null : address;
  const currency = text(ctx, "currency");
  if (currency !== undefined && currency !== null) {
    const code = currency.trim().toUpperCase();
    const known = CURRENCIES[code];
    if (known === undefined) throw unprocessable(`Currency ${currency} is not a supported currency`);
    client.currency = `${known[0]} - ${code}`;
    client.currencySymbol = known[1];
  }
  const active = flag(ctx, "is_active");
  if (active !== undefined && active !== client.active) {
    // v1's rule for the same account (its toggle refuses with this Hint); v2's docs are silent (docs/harvest.md §7.3).
    if (!active && !creating && hasActiveProjects(ctx.account, client)) throw unprocessable(ACTIVE_PROJECTS_HINT);
    client.active = active;
  }
}

function applyContact(ctx: V2Context, contact: HarvestContact, creating: boolean): void {
  assignContact(ctx.account, contact, integer(ctx, "client_id"), creating, unprocessable);
  const first = text(ctx, "first_name");
  if (creating || first !== undefined) {
    if (first === undefined || first === null || first.trim() === "") throw unprocessable("First name can't be blank");
    contact.firstName = first.trim();
  }
  // v2 makes the last name optional (only client_id and first_name are required); v1 stores "" then.
  const last = text(ctx, "last_name");
  if (last !== undefined) contact.lastName = last?.trim() ?? "";
  for (const [key, field] of CONTACT_DETAILS) {
    const value = text(ctx, key);
    if (value !== undefined) contact[field] = value === null || value.trim() === "" ? null : value.trim();
  }
}

export const clientRoutes: readonly V2Route[] = [
  {
    method: "GET",
    pattern: /^\/clients$/,
    handle: (ctx) => {
      requireClientManager(ctx);
      const active = flag(ctx, "is_active");
      const since = updatedSince(ctx);
      const clients = ctx.account.clients.filter(
        (c) => (active === undefined || c.active === active) && (since === null || c.updatedAt >= since),
      );
      const items = clients.map((c) => ({ id: c.id, at: c.createdAt, client: c }));
      return {
        status: 200,
        body: paginate("clients", items, ctx.query, `${ctx.apiBase}/clients`, (item) =>
          clientJson(ctx.v2, item.client),
        ),
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/clients\/(\d+)$/,
    handle: (ctx, m) => {
      requireClientManager(ctx);
      return { status: 200, body: clientJson(ctx.v2, findClient(ctx, m[0])) };
    },
  },
  {
    method: "POST",
    pattern: /^\/clients$/,
    handle: (ctx) => {
      requireClientManager(ctx);
      // "default: the company's currency": the account's first client's stands in for it (docs/harvest.md §7.3).
      const fallback = ctx.account.clients[0];
      const currency = { name: fallback?.currency ?? "British Pound - GBP", symbol: fallback?.currencySymbol ?? "£" };
      const client = addClient(ctx.account, { at: ctx.now, currency }, (draft) => applyClient(ctx, draft, true));
      return { status: 201, body: clientJson(ctx.v2, client), changed: true };
    },
  },
  {
    method: "PATCH",
    pattern: /^\/clients\/(\d+)$/,
    handle: (ctx, m) => {
      requireClientManager(ctx);
      const client = findClient(ctx, m[0]);
      editClient(client, (draft) => applyClient(ctx, draft, false), ctx.now);
      return { status: 200, body: clientJson(ctx.v2, client), changed: true };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/clients\/(\d+)$/,
    handle: (ctx, m) => {
      requireClientManager(ctx);
      const client = findClient(ctx, m[0]);
      const projects = ctx.account.projects.some((p) => p.clientId === client.id);
      const invoices = ctx.account.invoices.some((i) => i.clientId === client.id);
      const estimates = ctx.v2.estimates.some((e) => e.clientId === client.id);
      if (projects || invoices || estimates) {
        const has = [projects ? "projects" : null, invoices ? "invoices" : null, estimates ? "estimates" : null]
          .filter((x) => x !== null)
          .join(", ");
        // Harvest does not document the status; 422 with a message is the working assumption (docs/harvest.md §7.3).
        throw unprocessable(`${client.name} has ${has} associated with it and cannot be deleted. Archive it instead.`);
      }
      // Harvest answers a delete with the object as it was (docs/harvest.md §7.3), rendered before it goes.
      const body = clientJson(ctx.v2, client);
      removeClient(ctx.account, client);
      return { status: 200, body, changed: true };
    },
  },
  {
    method: "GET",
    pattern: /^\/contacts$/,
    handle: (ctx) => {
      requireClientManager(ctx);
      const raw = ctx.query.get("client_id");
      const clientId = raw === null || raw === "" ? null : Number(raw);
      if (clientId !== null && !Number.isSafeInteger(clientId)) throw unprocessable("client_id must be an integer");
      const since = updatedSince(ctx);
      const contacts = ctx.account.contacts.filter(
        (c) => (clientId === null || c.clientId === clientId) && (since === null || c.updatedAt >= since),
      );
      const items = contacts.map((c) => ({ id: c.id, at: c.createdAt, contact: c }));
      return {
        status: 200,
        body: paginate("contacts", items, ctx.query, `${ctx.apiBase}/contacts`, (item) =>
          contactJson(ctx.account, item.contact),
        ),
      };
    },
  },
  {
    method: "GET",
    pattern: /^\/contacts\/(\d+)$/,
    handle: (ctx, m) => {
      requireClientManager(ctx);
      return { status: 200, body: contactJson(ctx.account, findContact(ctx, m[0])) };
    },
  },
  {
    method: "POST",
    pattern: /^\/contacts$/,
    handle: (ctx) => {
      requireClientManager(ctx);
      const contact = addContact(ctx.account, ctx.now, (draft) => applyContact(ctx, draft, true));
      return { status: 201, body: contactJson(ctx.account, contact), changed: true };
    },
  },
  {
    method: "PATCH",
    pattern: /^\/contacts\/(\d+)$/,
    handle: (ctx, m) => {
      requireClientManager(ctx);
      const contact = findContact(ctx, m[0]);
      editContact(contact, (draft) => applyContact(ctx, draft, false), ctx.now);
      return { status: 200, body: contactJson(ctx.account, contact), changed: true };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/contacts\/(\d+)$/,
    handle: (ctx, m) => {
      requireClientManager(ctx);
      const contact = findContact(ctx, m[0]);
      const body = contactJson(ctx.account, contact);
      removeContact(ctx.account, contact);
      return { status: 200, body, changed: true };
    },
  },
];
