/**
 * Harvest v2's clients and contacts behind the interface the Clients service already speaks (v1's),
 * so one service, one cache and one view serve both link kinds. Differences are kept here: v2
 * answers with the record (no Location header), archives by `PATCH is_active` instead of a toggle,
 * speaks ISO currency codes, and has no currency symbol or Highrise id.
 */
import type { ApiResult } from "../../shared/errors";
import type { HarvestClientV2, HarvestContactV2 } from "@coop-tray/protocol/harvest-v2";
import type { Client, ClientInput, Contact } from "@coop-tray/protocol/models";
import type { HarvestClient, HarvestV2Client } from "@coop-tray/protocol";
import { currencyCode } from "../../shared/currency";

/** What the Clients service uses of a Harvest client, whichever API version is behind it. */
export type ClientsApi = Pick<
  HarvestClient,
  "listClients" | "getClient" | "createClient" | "updateClient" | "toggleClient" | "deleteClient" | "listContacts"
>;

export function clientFromV2(client: HarvestClientV2): Client {
  return {
    id: client.id,
    name: client.name,
    active: client.isActive,
    details: client.address,
    currency: client.currency,
    currencySymbol: null,
    highriseId: null,
    defaultInvoiceTimeframe: null,
    lastInvoiceKind: null,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
  };
}

export function contactFromV2(contact: HarvestContactV2): Contact {
  return {
    id: contact.id,
    clientId: contact.client.id,
    firstName: contact.firstName,
    lastName: contact.lastName ?? "",
    email: contact.email,
    title: contact.title,
    phoneOffice: contact.phoneOffice,
    phoneMobile: contact.phoneMobile,
    fax: contact.fax,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
  };
}

function mapped<A, B>(result: ApiResult<A>, map: (value: A) => B): ApiResult<B> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}

function v2Fields(input: Partial<ClientInput>): { name?: string; address?: string | null; currency?: string | null } {
  return {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.details === undefined ? {} : { address: input.details }),
    ...(input.currency === undefined || input.currency === null
      ? {}
      : { currency: currencyCode(input.currency) ?? null }),
  };
}

export function clientsApiForV2(v2: HarvestV2Client): ClientsApi {
  return {
    listClients: async (options) => mapped(await v2.listClients(options), (list) => list.map(clientFromV2)),
    getClient: async (id, options) => mapped(await v2.getClient(id, options), clientFromV2),
    createClient: async (input, options) =>
      mapped(await v2.createClient({ name: input.name, ...v2Fields(input) }, options), (client) => client.id),
    updateClient: async (id, input, options) =>
      mapped(await v2.updateClient(id, v2Fields(input), options), () => undefined),
    // v2 has no toggle: read the state, then PATCH the opposite (docs/harvest.md §3.3).
    async toggleClient(id, options) {
      const current = await v2.getClient(id, options);
      if (!current.ok) return current;
      return mapped(await v2.setClientActive(id, !current.value.isActive, options), () => undefined);
    },
    deleteClient: (id, options) => v2.deleteClient(id, options),
    listContacts: async (options) => mapped(await v2.listContacts(options), (list) => list.map(contactFromV2)),
  };
}
