/**
 * The Harvest account of the signed-in Co-op user, whichever way it was linked: a v2 personal access
 * token (`HarvestV2Links`) or a v1 login kept by Co-op. The session hands it out like `coop()`, so a
 * service asks for "the Harvest account" and never chooses an API version itself. Both are scoped to
 * the signed-in user: signed out, or linked by someone else, there is none.
 */
import { err, ok, type Result } from "../../shared/errors";
import { clientsApiForV2, type ClientsApi } from "./harvest-v2-clients";
import type { HarvestV2Links } from "./harvest-v2-link";
import type { HarvestClient } from "../api/types";
import type { HarvestV2Link, StoredAccount } from "./store-schema";

export type HarvestApiVersion = "v1" | "v2";

export interface HarvestAccount {
  readonly api: HarvestApiVersion;
  /** Whose cached Harvest data (the clients list) this is: another account's cache is never shown. */
  readonly owner: string;
  /** Clients and contacts, spoken the same way on v1 and v2. */
  clients(): Promise<Result<ClientsApi>>;
}

export function v2HarvestAccount(coopOwner: string, link: HarvestV2Link, links: HarvestV2Links): HarvestAccount {
  return {
    api: "v2",
    owner: `v2:${coopOwner}|${link.apiUrl}:${link.accountId}`,
    async clients() {
      const client = await links.client();
      return client.ok ? ok(clientsApiForV2(client.value)) : client;
    },
  };
}

export function v1HarvestAccount(
  login: NonNullable<StoredAccount["harvest"]>,
  client: () => Promise<Result<HarvestClient>>,
): HarvestAccount {
  return {
    api: "v1",
    owner: harvestKey(login),
    clients: client,
  };
}

export function harvestKey(login: { subdomain: string; email: string }): string {
  return `${login.subdomain.toLowerCase()}:${login.email.toLowerCase()}`;
}

export const NO_HARVEST = err({
  kind: "signedOut",
  message: "No Harvest account is linked. Link one in Settings first.",
} as const);
