/**
 * Harvest clients (docs/harvest.md §4.2, §3.3) and their contacts: a cached list refreshed with `updated_since` (a full
 * list now and then, since deletions do not show up in an incremental one), create, edit, toggle
 * and delete, every server error passed on as a typed value (toggle's `Hint` included).
 */
import type { ClientFields, ServiceHandlers } from "../../shared/contract";
import { err, isTransient, ok, type AppError, type Result } from "../../shared/errors";
import type { Client, ClientInput, Contact } from "@coop-tray/protocol/models";
import type { ClientsApi } from "./harvest-v2-clients";
import { NO_HARVEST, type HarvestApiVersion } from "./harvest-account";
import type { Clock } from "./clock";
import type { Connection } from "./connection";
import type { Session } from "./session";
import type { AppStore } from "./store";
import type { ClientsCache } from "./store-schema";

/**
 * A change the user asked for waits its turn through a throttle (the governor queues it and sends
 * it when the pause is over) instead of failing: the UI shows it pending, and the banner counts
 * down. Reads for the list still refuse to wait, since the cached list answers them at once.
 */
const WAIT_TURN = { priority: "interactive" } as const;

/** A full list at least this often; incremental (`updated_since`) refreshes in between. */
const FULL_REFRESH_MS = 60 * 60_000;
/** `updated_since` has minute precision and clocks differ: ask from a little earlier. */
const OVERLAP_MS = 2 * 60_000;

export interface ClientsDeps {
  readonly store: AppStore;
  readonly session: Session;
  readonly connection: Connection;
  readonly clock: Clock;
}

export class Clients {
  constructor(private readonly deps: ClientsDeps) {}

  async list(refresh: boolean): Promise<Result<Client[]>> {
    const context = await this.client();
    if (!context.ok) return context;
    const { client, owner } = context.value;
    const now = this.deps.clock.now();
    const cache = this.cache(owner);
    if (cache && !refresh) return ok(cache.clients);
    const full =
      !cache || cache.syncedAt === null || cache.fullSyncedAt === null || now - cache.fullSyncedAt > FULL_REFRESH_MS;
    const updatedSince = full || !cache || cache.syncedAt === null ? null : new Date(cache.syncedAt - OVERLAP_MS);
    const result = await client.listClients({ priority: "interactive", noWait: true, updatedSince });
    this.report(result.ok ? null : result.error);
    if (!result.ok) {
      // Throttled or offline: the cached list, when there is one, is still useful to show.
      return cache && isTransient(result.error) && !refresh ? ok(cache.clients) : result;
    }
    const merged = full ? result.value : mergeById(cache?.clients ?? [], result.value);
    this.save({
      owner,
      clients: sortByName(merged),
      syncedAt: now,
      fullSyncedAt: full ? now : (cache?.fullSyncedAt ?? now),
    });
    return ok(this.cache(owner)?.clients ?? merged);
  }

  async create(fields: ClientFields): Promise<Result<Client>> {
    const input = toInput(fields);
    if (!input.ok) return input;
    return this.withClient(async (client, owner) => {
      const created = await client.createClient(input.value, WAIT_TURN);
      this.report(created.ok ? null : created.error);
      if (!created.ok) return created;
      // Made: shown as made, even when Harvest's pause holds up reading it back (waiting it out
      // showed "Waiting for Harvest…" on a client that existed, and a retry was refused as a duplicate).
      return this.reload(client, owner, created.value, {
        id: created.value,
        name: input.value.name,
        active: true,
        details: input.value.details ?? null,
        currency: input.value.currency ?? null,
        currencySymbol: input.value.currencySymbol ?? null,
        highriseId: null,
        defaultInvoiceTimeframe: null,
        lastInvoiceKind: null,
        createdAt: null,
        updatedAt: null,
      });
    });
  }

  async update(id: number, fields: Partial<ClientFields>): Promise<Result<Client>> {
    if (fields.name !== undefined && fields.name.trim().length === 0) return err(invalid("A client needs a name."));
    const patch: Partial<ClientInput> = {};
    if (fields.name !== undefined) Object.assign(patch, { name: fields.name.trim() });
    if (fields.details !== undefined) Object.assign(patch, { details: fields.details });
    if (fields.currency !== undefined) Object.assign(patch, { currency: fields.currency });
    if (fields.currencySymbol !== undefined) Object.assign(patch, { currencySymbol: fields.currencySymbol });
    return this.withClient(async (client, owner) => {
      const updated = await client.updateClient(id, patch, WAIT_TURN);
      this.report(updated.ok ? null : updated.error);
      if (!updated.ok) return updated;
      return this.reload(client, owner, id);
    });
  }

  async toggle(id: number): Promise<Result<Client>> {
    return this.withClient(async (client, owner) => {
      const toggled = await client.toggleClient(id, WAIT_TURN);
      this.report(toggled.ok ? null : toggled.error);
      if (!toggled.ok) return toggled;
      return this.reload(client, owner, id);
    });
  }

  async remove(id: number): Promise<Result<null>> {
    return this.withClient(async (client, owner) => {
      const deleted = await client.deleteClient(id, WAIT_TURN);
      this.report(deleted.ok ? null : deleted.error);
      if (!deleted.ok) return deleted;
      const cache = this.cache(owner);
      if (cache) this.save({ ...cache, clients: cache.clients.filter((c) => c.id !== id) });
      return ok(null);
    });
  }

  async contacts(clientId: number): Promise<Result<Contact[]>> {
    return this.withClient(async (client) => {
      const result = await client.listContacts({ priority: "interactive", noWait: true, clientId });
      this.report(result.ok ? null : result.error);
      return result;
    });
  }

  /** Which API the list comes from: v2 (a token), v1 (a login kept by Co-op), or none linked. */
  kind(): HarvestApiVersion | null {
    return this.deps.session.harvestAccount()?.api ?? null;
  }

  /**
   * Reads a changed client back. With `made` (what a create sent), the read does not wait out a
   * pause or an outage: the client is shown as made, and the next list brings Harvest's copy.
   */
  private async reload(client: ClientsApi, owner: string, id: number, made?: Client): Promise<Result<Client>> {
    const fetched = await client.getClient(id, made ? { priority: "interactive", noWait: true } : WAIT_TURN);
    this.report(fetched.ok ? null : fetched.error);
    const value = fetched.ok ? fetched.value : made !== undefined && isTransient(fetched.error) ? made : null;
    if (value === null) return fetched;
    const cache = this.cache(owner);
    if (cache) this.save({ ...cache, clients: sortByName(mergeById(cache.clients, [value])) });
    return ok(value);
  }

  private async client(): Promise<Result<{ client: ClientsApi; owner: string }>> {
    if (!this.deps.session.account) return err({ kind: "signedOut", message: "Sign in to a Co-op server first." });
    const account = this.deps.session.harvestAccount();
    if (account === null) return NO_HARVEST;
    const client = await account.clients();
    return client.ok ? ok({ client: client.value, owner: account.owner }) : client;
  }

  private async withClient<T>(run: (client: ClientsApi, owner: string) => Promise<Result<T>>): Promise<Result<T>> {
    const context = await this.client();
    if (!context.ok) return context;
    return run(context.value.client, context.value.owner);
  }

  private cache(owner: string): ClientsCache | null {
    const cache = this.deps.store.doc.clients;
    return cache && cache.owner === owner ? cache : null;
  }

  private save(cache: ClientsCache): void {
    this.deps.store.update((doc) => ({ ...doc, clients: cache }));
  }

  private report(error: AppError | null): void {
    this.deps.connection.report("harvest", error);
  }
}

function toInput(fields: ClientFields): Result<ClientInput> {
  const name = fields.name.trim();
  if (name.length === 0) return err(invalid("A client needs a name."));
  return ok({ name, details: fields.details, currency: fields.currency, currencySymbol: fields.currencySymbol });
}

function mergeById(existing: readonly Client[], incoming: readonly Client[]): Client[] {
  const byId = new Map(existing.map((c) => [c.id, c]));
  for (const client of incoming) byId.set(client.id, client);
  return [...byId.values()];
}

function sortByName(clients: readonly Client[]): Client[] {
  return [...clients].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

function invalid(message: string): AppError {
  return { kind: "invalidInput", message, issues: [message] };
}

/** The contract calls this service answers. */
export function clientCalls(clients: Clients) {
  return {
    listClients: ({ refresh }) => clients.list(refresh),
    createClient: (fields) => clients.create(fields),
    updateClient: ({ id, ...fields }) => clients.update(id, fields),
    toggleClient: ({ id }) => clients.toggle(id),
    deleteClient: ({ id }) => clients.remove(id),
    listContacts: ({ clientId }) => clients.contacts(clientId),
  } satisfies Partial<ServiceHandlers>;
}
