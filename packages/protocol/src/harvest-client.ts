/** Harvest API v1 (account, clients, contacts) for one account, paced by that account's governor. */
import { badInput, validId } from "./arguments";
import type { ApiResult } from "./errors";
import type { CalendarDate, ClientInput, ContactInput, RateLimitStatus } from "./models";
import { harvestUpdatedSince, parseCalendarDate } from "./dates";
import { encodeRecord, type Scalar } from "./encode";
import { create, fetchModel, sendCommand, type Endpoint } from "./exchange";
import type { Governor } from "./governor";
import {
  clientList,
  contactList,
  decodeClient,
  decodeContact,
  decodeDailyTimesheet,
  decodeRateLimitStatus,
  decodeWhoAmI,
  rooted,
} from "./models-decode";
import type { CallOptions, HarvestClient } from "./types";

/** v1's daily path: `/daily/{day_of_year}/{year}` (1 January is day 1), or null for a date that is not one. */
function dailyPath(day: CalendarDate): string | null {
  const parsed = parseCalendarDate(day);
  if (parsed === null) return null;
  const at = Date.parse(`${parsed}T00:00:00Z`);
  const year = new Date(at).getUTCFullYear();
  return `/daily/${Math.round((at - Date.UTC(year, 0, 1)) / 86_400_000) + 1}/${year}`;
}

/** One learning round trip per governor, shared by every client of that account. */
const learning = new WeakMap<Governor, Promise<void>>();

function adopt(governor: Governor, status: RateLimitStatus): void {
  if (status.maxCalls > 0 && status.timeframeLimit > 0)
    governor.learn({ maxCalls: status.maxCalls, windowMs: status.timeframeLimit * 1000 }, status.count);
}

function clientFields(input: Partial<ClientInput>): Record<string, Scalar | undefined> {
  return {
    name: input.name,
    details: input.details,
    currency: input.currency,
    currency_symbol: input.currencySymbol,
    highrise_id: input.highriseId,
  };
}

function contactFields(input: Partial<ContactInput>): Record<string, Scalar | undefined> {
  return {
    client_id: input.clientId,
    first_name: input.firstName,
    last_name: input.lastName,
    email: input.email,
    title: input.title,
    phone_office: input.phoneOffice,
    phone_mobile: input.phoneMobile,
    fax: input.fax,
  };
}

export function createHarvestClient(endpoint: Endpoint, subdomain: string): HarvestClient {
  const { format, governor } = endpoint;

  function rateLimitStatus(options?: CallOptions): Promise<ApiResult<RateLimitStatus>> {
    return fetchModel(
      endpoint,
      { path: "/account/rate_limit_status", what: "the rate limit status", options },
      rooted(decodeRateLimitStatus, "hash"),
    ).then((result) => {
      if (result.ok) adopt(governor, result.value);
      return result;
    });
  }

  /**
   * Before the first call to an account, read its real limits (they changed over the years:
   * 40, then 100 per 15 s). If that fails for any reason but being offline, keep the defaults.
   */
  async function learned(options: CallOptions | undefined): Promise<void> {
    if (governor.learned) return;
    let pending = learning.get(governor);
    if (pending === undefined) {
      pending = rateLimitStatus({ priority: "interactive", signal: options?.signal }).then((result) => {
        if (!result.ok && result.error.kind === "offline") learning.delete(governor);
        else if (!result.ok) governor.learned = true;
      });
      learning.set(governor, pending);
    }
    await pending;
  }

  async function paced<T>(options: CallOptions | undefined, run: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    await learned(options);
    return run();
  }

  const query = (updatedSince: Date | null | undefined): Record<string, string> | undefined =>
    updatedSince instanceof Date && Number.isFinite(updatedSince.getTime())
      ? { updated_since: harvestUpdatedSince(updatedSince) }
      : undefined;

  return {
    format,
    subdomain,

    whoAmI: (options) =>
      paced(options, () =>
        fetchModel(
          endpoint,
          { path: "/account/who_am_i", what: "your Harvest account", options },
          rooted(decodeWhoAmI, "hash"),
        ),
      ),

    rateLimitStatus: (options) => rateLimitStatus(options),

    dailyTimesheet: (day, options) => {
      const path = dailyPath(day);
      if (path === null) return Promise.resolve(badInput(`Not a calendar date: "${day.slice(0, 40)}".`));
      return paced(options, () =>
        fetchModel(endpoint, { path, what: `your Harvest timesheet for ${day}`, options }, decodeDailyTimesheet),
      );
    },

    listClients: (options) =>
      paced(options, () =>
        fetchModel(
          endpoint,
          { path: "/clients", query: query(options?.updatedSince), what: "the client list", options },
          clientList,
        ),
      ),

    getClient: (id, options) =>
      validId(id)
        ? paced(options, () =>
            fetchModel(
              endpoint,
              { path: `/clients/${id}`, what: "the client", options },
              rooted(decodeClient, "client"),
            ),
          )
        : Promise.resolve(badInput("The client id is not valid.")),

    createClient(input, options) {
      if (input.name.trim() === "") return Promise.resolve(badInput("A client needs a name."));
      return paced(options, () =>
        create(endpoint, {
          method: "POST",
          path: "/clients",
          what: "the client",
          options,
          body: encodeRecord(format, "client", clientFields(input), true),
        }),
      );
    },

    updateClient: (id, input, options) =>
      validId(id)
        ? paced(options, () =>
            sendCommand(endpoint, {
              method: "PUT",
              path: `/clients/${id}`,
              what: "the client",
              options,
              body: encodeRecord(format, "client", clientFields(input), true),
            }),
          )
        : Promise.resolve(badInput("The client id is not valid.")),

    toggleClient: (id, options) =>
      validId(id)
        ? paced(options, () =>
            sendCommand(endpoint, { method: "POST", path: `/clients/${id}/toggle`, what: "the client", options }),
          )
        : Promise.resolve(badInput("The client id is not valid.")),

    deleteClient: (id, options) =>
      validId(id)
        ? paced(options, () =>
            sendCommand(endpoint, { method: "DELETE", path: `/clients/${id}`, what: "the client", options }),
          )
        : Promise.resolve(badInput("The client id is not valid.")),

    listContacts(options) {
      const clientId = options?.clientId ?? null;
      if (clientId !== null && !validId(clientId)) return Promise.resolve(badInput("The client id is not valid."));
      const path = clientId === null ? "/contacts" : `/clients/${clientId}/contacts`;
      return paced(options, () =>
        fetchModel(
          endpoint,
          { path, query: query(options?.updatedSince), what: "the contact list", options },
          contactList,
        ),
      );
    },

    getContact: (id, options) =>
      validId(id)
        ? paced(options, () =>
            fetchModel(
              endpoint,
              { path: `/contacts/${id}`, what: "the contact", options },
              rooted(decodeContact, "contact"),
            ),
          )
        : Promise.resolve(badInput("The contact id is not valid.")),

    createContact(input, options) {
      if (!validId(input.clientId) || input.firstName.trim() === "" || input.lastName.trim() === "")
        return Promise.resolve(badInput("A contact needs a client, a first name and a last name."));
      return paced(options, () =>
        create(endpoint, {
          method: "POST",
          path: "/contacts",
          what: "the contact",
          options,
          body: encodeRecord(format, "contact", contactFields(input), true),
        }),
      );
    },

    updateContact: (id, input, options) =>
      validId(id)
        ? paced(options, () =>
            sendCommand(endpoint, {
              method: "PUT",
              path: `/contacts/${id}`,
              what: "the contact",
              options,
              body: encodeRecord(format, "contact", contactFields(input), true),
            }),
          )
        : Promise.resolve(badInput("The contact id is not valid.")),

    deleteContact: (id, options) =>
      validId(id)
        ? paced(options, () =>
            sendCommand(endpoint, { method: "DELETE", path: `/contacts/${id}`, what: "the contact", options }),
          )
        : Promise.resolve(badInput("The contact id is not valid.")),
  };
}
