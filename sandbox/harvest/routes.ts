/**
 * One Harvest v1 account: who_am_i, rate_limit_status, clients and contacts (docs/harvest.md §4.2; the
 * sandbox's: §7.2). Harvest applies its web UI's roles: clients and contacts are for administrators only, and a
 * regular user is told "not found" (404) like the real service did.
 */
import {
  HttpError,
  badRequest,
  booleanParam,
  integerParam,
  nested,
  notFound,
  parseUpdatedSince,
  textParam,
} from "../../server/index";
import type { BaseContext, Params, Reply, Route } from "../../server/index";
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
import type { HarvestAccount, HarvestClientRecord, HarvestContact, HarvestUser } from "../model/state";
import type { World } from "../model/world";
import type { RateLimitFigures } from "./views";
import { clientDoc, clientsDoc, contactDoc, contactsDoc, rateLimitDoc, whoAmIDoc } from "./views";
import { dailyDoc, dayFromYear } from "./daily";

export interface HarvestContext extends BaseContext {
  readonly world: World;
  readonly account: HarvestAccount;
  /** The throttle's figures right now (this call included). */
  readonly rateLimit: () => RateLimitFigures;
}

function signedIn(ctx: HarvestContext): HarvestUser {
  const fail = (): HttpError =>
    new HttpError(401, "Authentication failed: check the email and password", {
      "www-authenticate": 'Basic realm="Harvest"',
    });
  if (ctx.auth === null) throw fail();
  const user = ctx.world.harvestLogin(ctx.account, ctx.auth.email, ctx.auth.password);
  if (user === null) throw fail();
  return user;
}

function admin(ctx: HarvestContext): HarvestUser {
  const user = signedIn(ctx);
  if (!user.admin) throw notFound("Not found: only account administrators can see and manage clients and contacts");
  return user;
}

const ok = (reply: Omit<Reply, "status"> = {}): Reply => ({ status: 200, ...reply });

function since(ctx: HarvestContext): number | null {
  const raw = ctx.query.get("updated_since");
  if (raw === null || raw.trim() === "") return null;
  const ms = parseUpdatedSince(raw);
  if (ms === null) throw badRequest(`updated_since "${raw}" is not a UTC time like 2010-09-25 18:30`);
  return ms;
}

const findClient = (ctx: HarvestContext, segment: string | undefined): HarvestClientRecord =>
  findOne(ctx.account.clients, segment, () => notFound("Client not found"));

const findContact = (ctx: HarvestContext, segment: string | undefined): HarvestContact =>
  findOne(ctx.account.contacts, segment, () => notFound("Contact not found"));

const resource = (params: Params, name: string): Params => nested(params, name) ?? params;

function optionalText(input: Params, key: string): string | null | undefined {
  const value = textParam(input, key);
  return value === undefined || value === null ? value : value.trim() === "" ? null : value;
}

/** Applies name/details/currency/highrise fields; `name` is required on create. */
function applyClientFields(ctx: HarvestContext, client: HarvestClientRecord, input: Params, creating: boolean): void {
  nameClient(ctx.account, client, textParam(input, "name"), creating, badRequest);
  const details = optionalText(input, "details");
  if (details !== undefined) client.details = details;
  const currency = optionalText(input, "currency");
  if (currency !== undefined && currency !== null) client.currency = currency;
  const symbol = optionalText(input, "currency_symbol");
  if (symbol !== undefined && symbol !== null) client.currencySymbol = symbol;
  const highrise = integerParam(input, "highrise_id");
  if (highrise !== undefined) client.highriseId = highrise;
}

function applyContactFields(ctx: HarvestContext, contact: HarvestContact, input: Params, creating: boolean): void {
  assignContact(ctx.account, contact, integerParam(input, "client_id"), creating, badRequest);
  for (const [key, label, field] of [
    ["first_name", "First name", "firstName"],
    ["last_name", "Last name", "lastName"],
  ] as const) {
    const value = textParam(input, key);
    if (creating || value !== undefined) {
      if (value === undefined || value === null || value.trim() === "") throw badRequest(`${label} can't be blank`);
      contact[field] = value.trim();
    }
  }
  for (const [key, field] of CONTACT_DETAILS) {
    const value = optionalText(input, key);
    if (value !== undefined) contact[field] = value;
  }
}

// Every path also matches with a trailing slash, as Rails' routing does.
export const harvestRoutes: readonly Route<HarvestContext>[] = [
  {
    method: "GET",
    pattern: /^\/account\/who_am_i\/?$/,
    handle: (ctx) => ok({ doc: whoAmIDoc(ctx.account, signedIn(ctx), ctx.baseUrl, ctx.world.now()) }),
  },
  {
    method: "GET",
    pattern: /^\/account\/rate_limit_status\/?$/,
    handle: (ctx) => {
      signedIn(ctx);
      return ok({ doc: rateLimitDoc(ctx.rateLimit()) });
    },
  },
  {
    method: "GET",
    pattern: /^\/clients\/?$/,
    handle: (ctx) => {
      admin(ctx);
      const from = since(ctx);
      return ok({ doc: clientsDoc(ctx.account.clients.filter((c) => from === null || c.updatedAt >= from)) });
    },
  },
  {
    method: "GET",
    pattern: /^\/clients\/(\d+)\/?$/,
    handle: (ctx, m) => {
      admin(ctx);
      return ok({ doc: clientDoc(findClient(ctx, m[0])) });
    },
  },
  {
    method: "POST",
    pattern: /^\/clients\/?$/,
    handle: (ctx) => {
      admin(ctx);
      const input = resource(ctx.params, "client");
      const client = addClient(
        ctx.account,
        {
          at: ctx.world.now(),
          currency: { name: "British Pound - GBP", symbol: "£" },
          active: booleanParam(input, "active") ?? true,
        },
        (draft) => applyClientFields(ctx, draft, input, true),
      );
      return { status: 201, headers: { location: `/clients/${client.id}` }, changed: true };
    },
  },
  // `active` changes only through toggle, so an edit ignores it.
  {
    method: "PUT",
    pattern: /^\/clients\/(\d+)\/?$/,
    handle: (ctx, m) => {
      admin(ctx);
      const client = findClient(ctx, m[0]);
      const input = resource(ctx.params, "client");
      editClient(client, (draft) => applyClientFields(ctx, draft, input, false), ctx.world.now());
      return { status: 200, headers: { location: `/clients/${client.id}` }, changed: true };
    },
  },
  {
    method: "POST",
    pattern: /^\/clients\/(\d+)\/toggle\/?$/,
    handle: (ctx, m) => {
      admin(ctx);
      const client = findClient(ctx, m[0]);
      if (client.active && hasActiveProjects(ctx.account, client)) {
        throw badRequest("The client has active projects and cannot be archived", { hint: ACTIVE_PROJECTS_HINT });
      }
      editClient(
        client,
        (draft) => {
          draft.active = !draft.active;
        },
        ctx.world.now(),
      );
      return { status: 200, headers: { location: `/clients/${client.id}` }, changed: true };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/clients\/(\d+)\/?$/,
    handle: (ctx, m) => {
      admin(ctx);
      const client = findClient(ctx, m[0]);
      const projects = ctx.account.projects.filter((p) => p.clientId === client.id).length;
      const invoices = ctx.account.invoices.filter((i) => i.clientId === client.id).length;
      if (projects > 0 || invoices > 0) {
        throw badRequest(
          `The client has ${projects} project(s) and ${invoices} invoice(s) and cannot be deleted; archive it instead`,
        );
      }
      removeClient(ctx.account, client);
      return ok({ changed: true });
    },
  },
  {
    method: "GET",
    pattern: /^\/contacts\/?$/,
    handle: (ctx) => {
      admin(ctx);
      const from = since(ctx);
      return ok({ doc: contactsDoc(ctx.account.contacts.filter((c) => from === null || c.updatedAt >= from)) });
    },
  },
  {
    method: "GET",
    pattern: /^\/clients\/(\d+)\/contacts\/?$/,
    handle: (ctx, m) => {
      admin(ctx);
      const client = findClient(ctx, m[0]);
      const from = since(ctx);
      return ok({
        doc: contactsDoc(
          ctx.account.contacts.filter((c) => c.clientId === client.id && (from === null || c.updatedAt >= from)),
        ),
      });
    },
  },
  {
    method: "GET",
    pattern: /^\/contacts\/(\d+)\/?$/,
    handle: (ctx, m) => {
      admin(ctx);
      return ok({ doc: contactDoc(findContact(ctx, m[0])) });
    },
  },
  {
    method: "POST",
    pattern: /^\/contacts\/?$/,
    handle: (ctx) => {
      admin(ctx);
      const input = resource(ctx.params, "contact");
      const contact = addContact(ctx.account, ctx.world.now(), (draft) => applyContactFields(ctx, draft, input, true));
      return { status: 201, headers: { location: `/contacts/${contact.id}` }, changed: true };
    },
  },
  {
    method: "PUT",
    pattern: /^\/contacts\/(\d+)\/?$/,
    handle: (ctx, m) => {
      admin(ctx);
      const contact = findContact(ctx, m[0]);
      const input = resource(ctx.params, "contact");
      editContact(contact, (draft) => applyContactFields(ctx, draft, input, false), ctx.world.now());
      return { status: 200, headers: { location: `/contacts/${contact.id}` }, changed: true };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/contacts\/(\d+)\/?$/,
    handle: (ctx, m) => {
      admin(ctx);
      removeContact(ctx.account, findContact(ctx, m[0]));
      return ok({ changed: true });
    },
  },
  // Time Tracking, the reads (docs/harvest.md §4.2): a user's own day.
  {
    method: "GET",
    pattern: /^\/daily\/?$/,
    handle: (ctx) => {
      const user = signedIn(ctx);
      const day = new Date(ctx.world.now()).toISOString().slice(0, 10);
      return ok({
        doc: dailyDoc(
          day,
          ctx.account.timeEntries.filter((e) => e.userId === user.id && e.spentAt === day),
        ),
      });
    },
  },
  {
    method: "GET",
    pattern: /^\/daily\/(\d{1,3})\/(\d{4})\/?$/,
    handle: (ctx, m) => {
      const user = signedIn(ctx);
      const day = dayFromYear(Number(m[0]), Number(m[1]));
      if (day === null) throw notFound("No such day");
      return ok({
        doc: dailyDoc(
          day,
          ctx.account.timeEntries.filter((e) => e.userId === user.id && e.spentAt === day),
        ),
      });
    },
  },
];
