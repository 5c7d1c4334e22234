/** The server put together: database, key, sign-in, Harvest, invitations, the Co-op app and the listener. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Verifier } from "./auth/verifier";
import type { VerifierOptions } from "./auth/verifier";
import { createCoop } from "./coop/app";
import { Health } from "./ops/health";
import { ServerMetrics } from "./ops/metrics";
import { FeedCache } from "./coop/feed-cache";
import type { CoopServices } from "./coop/context";
import type { Deliver } from "./coop/invitations";
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
import { loadServerKey, secretBox } from "./secrets";
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
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  return { sqliteFile: join(options.dataDir, SQLITE_FILE) };
}

export async function openData(options: DataOptions): Promise<{ store: Store; secrets: SecretBox }> {
  const location = storeLocation(options);
  const secrets = secretBox(loadServerKey(options.dataDir));
  const store = new Store(await openStore(location));
  return { store, secrets };
}

export interface ServerOptions extends DataOptions, ListenOptions {
  readonly log: Logger;
  readonly now?: () => number;
  readonly harvest?: HarvestGateway;
  /** Where Harvest is (defaults: the real Harvest v1 template, v2 API and Harvest ID). */
  readonly harvestUrls?: Omit<HttpHarvestOptions, "now">;
  readonly deliver?: Deliver | null;
  /** Sign-in tuning (cache time, failures before slowing down). */
  readonly signIn?: VerifierOptions;
  /** Seconds between gathering rounds (default 60); 0 = no background gathering. */
  readonly gatherEverySeconds?: number;
  /** An opened (and perhaps seeded) store and its key, instead of opening them from the data options. */
  readonly data?: { readonly store: Store; readonly secrets: SecretBox };
  /** How JSON answers write dates (default ISO 8601; the sandbox can switch to Co-op's old style). */
  readonly jsonDates?: () => JsonDates;
  /** `COOP_METRICS_TOKEN`: the Bearer token /metrics asks for; null or absent = no /metrics (404). */
  readonly metricsToken?: string | null;
}

export interface CoopServer extends RunningServer {
  readonly store: Store;
  readonly gatherer: Gatherer;
  /** The rendered feeds this instance keeps (tests count its renders). */
  readonly feeds: FeedCache;
  readonly metrics: ServerMetrics;
  /** Forgets cached sign-ins and failure counts (the sandbox's reset). */
  forgetSignIns(): void;
}

export async function startServer(options: ServerOptions): Promise<CoopServer> {
  const now = options.now ?? Date.now;
  const { store, secrets } = options.data ?? (await openData(options));
  const http = options.harvest === undefined ? httpHarvest({ now, ...options.harvestUrls }) : null;
  const harvest = options.harvest ?? (http as HarvestGateway);
  let publicUrl = "";
  const invites = invitations({
    store,
    secrets,
    now,
    publicUrl: () => publicUrl,
    deliver: options.deliver ?? null,
    log: options.log,
  });
  const verifier = new Verifier(store, { now, ...options.signIn });
  const feeds = new FeedCache();
  const metrics = new ServerMetrics();
  const services: CoopServices = {
    store,
    verifier,
    harvest,
    secrets,
    invitations: invites,
    log: options.log,
    now,
    gatherNow: (userId) => gatherUser(store, harvest, secrets, options.log, userId),
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
    running = await listen(app, store, options.log, { ...options, ops });
  } catch (error) {
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
    metrics,
    now,
  });
  gatherer = rounds;
  rounds.start();
  return {
    ...running,
    store,
    gatherer: rounds,
    feeds,
    metrics,
    forgetSignIns: () => verifier.clear(),
    close: async () => {
      await rounds.stop();
      await running.close();
      await http?.close();
      await store.close();
    },
  };
}
