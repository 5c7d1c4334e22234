/**
 * The Harvest account of the signed-in Co-op user, whichever way it was linked: a v2 personal access
 * token (`HarvestV2Links`) or a v1 login kept by Co-op. The session hands it out like `coop()`, so a
 * service asks for "the Harvest account" and never chooses an API version itself. Both are scoped to
 * the signed-in user: signed out, or linked by someone else, there is none.
 */
import { err, ok, type Result } from "../../shared/errors";
import { clientsApiForV2, type ClientsApi } from "./harvest-v2-clients";
import type { HarvestV2Links } from "./harvest-v2-link";
import type { HarvestClient, HarvestV2Client } from "@coop-tray/protocol";
import type { HarvestV2Link, StoredAccount } from "./store-schema";

export type HarvestApiVersion = "v1" | "v2";

/** What timers need: the v2 client and what the link learnt (the user, zone, timer mode). */
export interface TimeTracking {
  readonly client: HarvestV2Client;
  readonly link: HarvestV2Link;
}

export interface HarvestAccount {
  readonly api: HarvestApiVersion;
  /** The Co-op account key of the user it belongs to. */
  readonly coopOwner: string;
  /** Whose cached Harvest data (the clients list) this is: another account's cache is never shown. */
  readonly owner: string;
  /** The v2 link's facts, or null on v1. */
  readonly link: HarvestV2Link | null;
  /** Clients and contacts, spoken the same way on v1 and v2. */
  clients(): Promise<Result<ClientsApi>>;
  /** Today's timers and the task picker: v2 only (a v1 login is refused with a way to connect). */
  timeTracking(): Promise<Result<TimeTracking>>;
}

export const NO_TIME_TRACKING = err({
  kind: "signedOut",
  message: "Harvest is not connected. Connect it with a personal access token first.",
} as const);

export function v2HarvestAccount(coopOwner: string, link: HarvestV2Link, links: HarvestV2Links): HarvestAccount {
  return {
    api: "v2",
    coopOwner,
    owner: `v2:${coopOwner}|${link.apiUrl}:${link.accountId}`,
    link,
    async clients() {
      const client = await links.client();
      return client.ok ? ok(clientsApiForV2(client.value)) : client;
    },
    async timeTracking() {
      const client = await links.client();
      return client.ok ? ok({ client: client.value, link }) : client;
    },
  };
}

export function v1HarvestAccount(
  coopOwner: string,
  login: NonNullable<StoredAccount["harvest"]>,
  client: () => Promise<Result<HarvestClient>>,
): HarvestAccount {
  return {
    api: "v1",
    coopOwner,
    owner: harvestKey(login),
    link: null,
    clients: client,
    timeTracking: async () => NO_TIME_TRACKING,
  };
}

export function harvestKey(login: { subdomain: string; email: string }): string {
  return `${login.subdomain.toLowerCase()}:${login.email.toLowerCase()}`;
}

export const NO_HARVEST = err({
  kind: "signedOut",
  message: "No Harvest account is linked. Link one in Settings first.",
} as const);
