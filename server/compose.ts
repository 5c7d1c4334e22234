/** The server put together: database, key, sign-in, Harvest, invitations, the Co-op app and the listener. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Verifier } from "./auth/verifier";
import type { VerifierOptions } from "./auth/verifier";
import { createCoop } from "./coop/app";
import { Health } from "./ops/health";
import { ServerMetrics } from "./ops/metrics";
import { FeedCache } from "./coop/feed-cache";
import type { CoopServices } from "./coop/context";
import type { Deliver } from "./coop/invitations";
import { EventHub } from "./events/hub";
import type { HubOptions } from "./events/hub";
import { streamReplies } from "./events/middleware";
import { invitations } from "./coop/invitations";
import { gatherUser } from "./harvest/gather-one";
import type { HarvestGateway } from "./harvest/gateway";
import { httpHarvest } from "./harvest/http-gateway";
import type { HttpHarvestOptions } from "./harvest/http-gateway";
import { Gatherer } from "./harvest/gatherer";
import type { ListenOptions, RunningServer } from "./http-server";
import { listen } from "./http-server";
import type { Logger } from "./log";
import type { JsonDates } from "./render/json-writer";
import { privateFolder } from "./private-files";
import { KEY_FILE, loadServerKey, secretBox } from "./secrets";
import type { SecretBox } from "./secrets";
import { openStore } from "./store/open";
import type { StoreLocation } from "./store/open";
import { Store } from "./store/store";

export const SQLITE_FILE = "coop.sqlite";

export interface DataOptions {
  /** The data folder (SQLite database, server key); may be null with --database and COOP_SERVER_KEY. */
  readonly dataDir: string | null;
  readonly databaseUrl: string | null;
}

export function storeLocation(options: DataOptions): StoreLocation {
  if (options.databaseUrl !== null) return { postgresUrl: options.databaseUrl };
  if (options.dataDir === null) throw new Error("give --data <dir> (or --database postgres://…)");
  privateFolder(options.dataDir);
  return { sqliteFile: join(options.dataDir, SQLITE_FILE) };
}

export async function openData(options: DataOptions): Promise<{ store: Store; secrets: SecretBox }> {
  const location = storeLocation(options);
  const keyFile = options.dataDir === null ? null : join(options.dataDir, KEY_FILE);
  const keyGiven = process.env["COOP_SERVER_KEY"] !== undefined || process.env["COOP_SERVER_KEY_FILE"] !== undefined;
  const store = new Store(await openStore(location));
  // A new key would open none of the stored secrets: every member's Harvest would fail, unexplained.
  if (!keyGiven && keyFile !== null && !existsSync(keyFile) && (await store.credentials.all()).length > 0) {
    await store.close();
    throw new Error(missingKey(keyFile));
  }
  const secrets = secretBox(loadServerKey(options.dataDir));
  return { store, secrets };
}

export const missingKey = (keyFile: string): string =>
  `${keyFile} is missing, but the database holds Harvest credentials sealed with it: restore server.key from the backup you made with the database (or set COOP_SERVER_KEY to that key), then start again`;

export interface ServerOptions extends DataOptions, ListenOptions {
  readonly log: Logger;
  readonly now?: () => number;
  readonly harvest?: HarvestGateway;
  /** Where Harvest is (defaults: the real Harvest v1 template, v2 API and Harvest ID). */
  readonly harvestUrls?: Omit<HttpHarvestOptions, "now">;
  readonly deliver?: Deliver | null;
  /** Invitations one user may send in 24 hours (default 50: docs/coop-api.md §8.1). */
  readonly invitationsPerDay?: number;
  /** Sign-in tuning (cache time, failures before slowing down). */
  readonly signIn?: VerifierOptions;
  /** Seconds between gathering rounds (default 60); 0 = no background gathering. */
  readonly gatherEverySeconds?: number;
  /** Each member's deadline in a gathering round (default 15 s; docs/coop-api.md §16.2). */
  readonly gatherMemberDeadlineMs?: number;
  /** An opened (and perhaps seeded) store and its key, instead of opening them from the data options. */
  readonly data?: { readonly store: Store; readonly secrets: SecretBox };
  /** How JSON answers write dates (default ISO 8601; the sandbox can switch to Co-op's old style). */
  readonly jsonDates?: () => JsonDates;
  /** Serve the live event stream `GET /events` (default true; false answers 404 there, as before it existed). */
  readonly events?: boolean;
  readonly eventHub?: HubOptions;
  /** `COOP_METRICS_TOKEN`: the Bearer token /metrics asks for; null or absent = no /metrics (404). */
  readonly metricsToken?: string | null;
}

export interface CoopServer extends RunningServer {
  readonly store: Store;
  readonly gatherer: Gatherer;
  /** The event stream's hub (null without `/events`): `count` is the open streams on this instance. */
  readonly events: EventHub | null;
  /** The rendered feeds this instance keeps (tests count its renders). */
  readonly feeds: FeedCache;
  readonly metrics: ServerMetrics;
  /** Forgets cached sign-ins and failure counts (the sandbox's reset). */
  forgetSignIns(): void;
}

export async function startServer(options: ServerOptions): Promise<CoopServer> {
  const now = options.now ?? Date.now;
  const { store, secrets } = options.data ?? (await openData(options));
  const http = options.harvest === undefined ? httpHarvest({ now, log: options.log, ...options.harvestUrls }) : null;
  const harvest = options.harvest ?? (http as HarvestGateway);
  let publicUrl = "";
  const invites = invitations({
    store,
    secrets,
    now,
    publicUrl: () => publicUrl,
    deliver: options.deliver ?? null,
    log: options.log,
    ...(options.invitationsPerDay === undefined ? {} : { perDay: options.invitationsPerDay }),
  });
  const verifier = new Verifier(store, { now, ...options.signIn });
  const hub = options.events === false ? null : new EventHub(store, options.log, options.eventHub);
  const feeds = new FeedCache();
  const metrics = new ServerMetrics();
  if (hub !== null) metrics.countSubscribersWith(() => hub.count);
  const services: CoopServices = {
    store,
    verifier,
    harvest,
    secrets,
    invitations: invites,
    log: options.log,
    now,
    gatherNow: (userId) => gatherUser(store, harvest, secrets, options.log, userId),
    events: hub,
    feeds,
    metrics,
  };
  const app = createCoop(services, options.jsonDates ?? (() => "iso"));
  let gatherer: Gatherer | null = null;
  const ops = {
    health: new Health(store, () => gatherer?.state ?? null, now),
    metrics,
    metricsToken: options.metricsToken ?? null,
  };
  let running: RunningServer;
  try {
    await hub?.start();
    // Innermost, so the sandbox's faults and latency apply to the stream's answer too.
    const middleware = [...(options.middleware ?? []), streamReplies];
    running = await listen(app, store, options.log, { ...options, middleware, ops });
  } catch (error) {
    await hub?.close();
    await store.close();
    throw error;
  }
  publicUrl = (options.publicUrl ?? running.url).replace(/\/+$/, "");
  const rounds = new Gatherer({
    store,
    harvest,
    secrets,
    log: options.log,
    everyMs: (options.gatherEverySeconds ?? 60) * 1000,
    ...(options.gatherMemberDeadlineMs === undefined ? {} : { memberDeadlineMs: options.gatherMemberDeadlineMs }),
    metrics,
    now,
  });
  gatherer = rounds;
  rounds.start();
  return {
    ...running,
    store,
    gatherer: rounds,
    events: hub,
    feeds,
    metrics,
    forgetSignIns: () => verifier.clear(),
    close: async () => {
      await rounds.stop();
      // Stop accepting first, then end the streams so the drain is not held up by them.
      const closing = running.close();
      await hub?.close();
      await closing;
      await http?.close();
      await store.close();
    },
  };
}
