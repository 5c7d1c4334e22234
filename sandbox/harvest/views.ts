/** Harvest v1 resources as documents: JSON rooted by type name, `<hash>` for account calls. */
import type { HarvestAccount, HarvestClientRecord, HarvestContact, HarvestUser } from "../model/state";
import {
  bool,
  float,
  int,
  intOrNil,
  list,
  obj,
  offsetMinutes,
  str,
  strOrNil,
  time,
  timeOrNil,
} from "../../server/index";
import type { Doc, Node } from "../../server/index";
import { ianaTimeZone } from "@coop-tray/protocol/rules";

function clientNode(client: HarvestClientRecord): Node {
  return obj([
    ["id", int(client.id)],
    ["name", str(client.name)],
    ["active", bool(client.active)],
    ["currency", str(client.currency)],
    ["currency_symbol", str(client.currencySymbol)],
    ["details", strOrNil(client.details)],
    ["highrise_id", intOrNil(client.highriseId)],
    ["cache_version", int(client.cacheVersion)],
    ["default_invoice_timeframe", strOrNil(client.defaultInvoiceTimeframe)],
    ["last_invoice_kind", strOrNil(client.lastInvoiceKind)],
    ["created_at", time(client.createdAt)],
    ["updated_at", time(client.updatedAt)],
  ]);
}

export const clientsDoc = (clients: readonly HarvestClientRecord[]): Doc => ({
  root: "clients",
  node: list("client", clients.map(clientNode)),
  rooted: true,
});
export const clientDoc = (client: HarvestClientRecord): Doc => ({
  root: "client",
  node: clientNode(client),
  rooted: true,
});

function contactNode(contact: HarvestContact): Node {
  return obj([
    ["id", int(contact.id)],
    ["client_id", int(contact.clientId)],
    ["first_name", str(contact.firstName)],
    ["last_name", str(contact.lastName)],
    ["email", strOrNil(contact.email)],
    ["title", strOrNil(contact.title)],
    ["phone_office", strOrNil(contact.phoneOffice)],
    ["phone_mobile", strOrNil(contact.phoneMobile)],
    ["fax", strOrNil(contact.fax)],
    ["created_at", time(contact.createdAt)],
    ["updated_at", time(contact.updatedAt)],
  ]);
}

export const contactsDoc = (contacts: readonly HarvestContact[]): Doc => ({
  root: "contacts",
  node: list("contact", contacts.map(contactNode)),
  rooted: true,
});
export const contactDoc = (contact: HarvestContact): Doc => ({
  root: "contact",
  node: contactNode(contact),
  rooted: true,
});

export function whoAmIDoc(account: HarvestAccount, user: HarvestUser, baseUri: string, now: number): Doc {
  const zone = ianaTimeZone(user.timezone) ?? "UTC";
  return {
    root: "hash",
    rooted: false,
    node: obj([
      [
        "company",
        obj([
          ["base_uri", str(baseUri)],
          ["full_domain", str(`${account.subdomain}.harvestapp.com`)],
          ["name", str(account.companyName)],
          ["active", bool(true)],
          ["week_start_day", str(account.weekStartDay)],
          ["time_format", str(account.timeFormat)],
          ["clock", str(account.clock)],
          ["decimal_symbol", str(".")],
          ["thousands_separator", str(",")],
          ["color_scheme", str("orange")],
          [
            "modules",
            obj([
              ["expenses", bool(true)],
              ["invoices", bool(true)],
              ["estimates", bool(false)],
              ["approval", bool(false)],
            ]),
          ],
        ]),
      ],
      [
        "user",
        obj([
          ["timezone", str(user.timezone)],
          ["email", str(user.email)],
          ["admin", bool(user.admin)],
          ["id", int(user.id)],
          ["first_name", str(user.firstName)],
          ["last_name", str(user.lastName)],
          ["timezone_utc_offset", int(offsetMinutes(now, zone) * 60)],
          ["avatar_url", str(`${baseUri}/assets/profile_images/${user.id}.png`)],
          ["timestamp_timers", bool(user.timestampTimers)],
          [
            "project_manager",
            obj([
              ["is_project_manager", bool(user.admin)],
              ["can_see_rates", bool(user.admin)],
              ["can_create_projects", bool(user.admin)],
              ["can_create_invoices", bool(user.admin)],
            ]),
          ],
        ]),
      ],
    ]),
  };
}

export interface RateLimitFigures {
  readonly lastAccessAt: number | null;
  readonly count: number;
  readonly timeframeLimit: number;
  readonly maxCalls: number;
  readonly lockoutSeconds: number;
}

/** Whole seconds as Harvest sends them; a compressed (fractional) test window stays truthful as a float. */
const seconds = (value: number): Node => (Number.isInteger(value) ? int(value) : float(value));

export const rateLimitDoc = (figures: RateLimitFigures): Doc => ({
  root: "hash",
  rooted: false,
  node: obj([
    ["last_access_at", timeOrNil(figures.lastAccessAt)],
    ["count", int(figures.count)],
    ["timeframe_limit", seconds(figures.timeframeLimit)],
    ["max_calls", int(figures.maxCalls)],
    ["lockout_seconds", seconds(figures.lockoutSeconds)],
  ]),
});
