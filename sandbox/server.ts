/**
 * The sandbox: the real Co-op server (its public entry) on 127.0.0.1, on a SQLite database seeded with
 * the sandbox's team, plus middleware on its HTTP pipeline: Harvest v2 at `/harvest-api/v2` and
 * `/harvest-id`, and around Co-op and Harvest v1 (under `/harvest/<subdomain>/`) the request log,
 * faults, latency and throttles that tests control.
 */
import type { Socket } from "node:net";
import {
  SILENT,
  errorToOutgoing,
  HttpError,
  hashPassword,
  jsonLogger,
  negotiate,
  openStore,
  SENT,
  secretBox,
  splitSuffix,
  startServer,
  Store,
} from "../server/index";
import type { JsonDates, Middleware } from "../server/index";
import { CoopHarness } from "./coop-store";
import { FaultBook } from "./faults";
import { emulatedHarvest } from "./harvest-gateway";
import { V2_API_PREFIX, V2_ID_PREFIX, createHarvestV2Server } from "./harvest-v2/handler";
import { delivery } from "./middleware/faults";
import { harvestV1 } from "./middleware/harvest-v1";
import type { HarvestThrottleSettings } from "./middleware/harvest-v1";
import { recentSeedState, seedState, SEED } from "./model/seed";
import { World } from "./model/world";
import { SlidingWindowThrottle } from "./throttle";
import type { RequestLogEntry, Sandbox, SandboxControl, SandboxOptions } from "./types";

const HOST = "127.0.0.1";

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`sandbox option ${name} must be a positive number, got ${value}`);
  return value;
}

/** A fixed key for the sandbox's sealed Harvest secrets: its data is test data, never a real team's. */
const SANDBOX_KEY = Buffer.alloc(32, 7);

let seedHash: Promise<string> | null = null;

/** Delays that `close()` cuts short, so a request held by latency never keeps the sandbox open. */
function delays(): { wait: (ms: number) => Promise<void>; cancel: () => void } {
  const pending = new Map<NodeJS.Timeout, () => void>();
  return {
    wait: (ms) =>
      ms <= 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            const timer = setTimeout(() => {
              pending.delete(timer);
              resolve();
            }, ms);
            pending.set(timer, resolve);
          }),
    cancel: () => {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}

export async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const windowSeconds = positive("harvestWindowSeconds", options.harvestWindowSeconds ?? 15);
  const throttleSettings: HarvestThrottleSettings = {
    limit: positive("harvestLimit", options.harvestLimit ?? 100),
    windowMs: windowSeconds * 1000,
    lockoutMs: positive("harvestLockoutSeconds", options.harvestLockoutSeconds ?? Math.ceil(windowSeconds)) * 1000,
  };
  let jsonDates: JsonDates = options.jsonDates ?? "iso";
  let latencyMs = Math.max(0, options.latencyMs ?? 0);
  const seed = () => (options.recentSeed === true ? recentSeedState(now()) : seedState());
  const world = new World(now, options.dataFile ?? null, seed);
  const secrets = secretBox(SANDBOX_KEY);
  // Co-op's data lives in the server's database: in memory, or beside the data file when persisting.
  const storeHandle = await openStore({
    sqliteFile: options.dataFile === null || options.dataFile === undefined ? ":memory:" : `${options.dataFile}.sqlite`,
  });
  const store = new Store(storeHandle);
  seedHash ??= hashPassword(SEED.password);
  const harness = new CoopHarness(storeHandle, secrets, await seedHash);
  if (harness.isEmpty()) harness.seed(seed(), world);
  // The server's own log stays quiet in tests unless asked for (SANDBOX_LOG=1).
  const serverLog = process.env["SANDBOX_LOG"] === "1" ? jsonLogger((line) => process.stderr.write(line), now) : SILENT;

  const faults = new FaultBook();
  const log: RequestLogEntry[] = [];
  const timers = delays();
  let baseUrl = "";
  const mirror = (): void => harness.mirrorTimeEntries(world);

  const harvestV2 = createHarvestV2Server({
    world,
    faults,
    log,
    now,
    latencyMs: () => latencyMs,
    baseUrl: () => baseUrl,
    wait: timers.wait,
    limit: options.harvestV2Limit,
    windowSeconds: options.harvestV2WindowSeconds,
  });
  /** Harvest v2 keeps its own log, faults and latency; a write there is mirrored like a v1 write. */
  const v2: Middleware = async (exchange, next) => {
    if (!harvestV2.owns(exchange.url.pathname)) return next();
    await harvestV2.handle(exchange.req, exchange.res, exchange.url);
    if (exchange.method !== "GET" && exchange.method !== "HEAD") mirror();
    return SENT;
  };
  const v1 = harvestV1(world, throttleSettings, now, mirror);
  const coopThrottle =
    options.coopThrottle === null || options.coopThrottle === undefined
      ? null
      : new SlidingWindowThrottle(
          positive("coopThrottle.limit", options.coopThrottle.limit),
          positive("coopThrottle.windowSeconds", options.coopThrottle.windowSeconds) * 1000,
          Math.ceil(options.coopThrottle.windowSeconds) * 1000,
        );
  const throttleCoop: Middleware = async (exchange, next) => {
    const decision = coopThrottle?.take(now()) ?? { ok: true as const };
    if (decision.ok) return next();
    const { req, url } = exchange;
    const format = negotiate(splitSuffix(url.pathname).suffix, req.headers["accept"], req.headers["content-type"]);
    const error = new HttpError(503, "Rate limit exceeded", { "retry-after": String(decision.retryAfterSeconds) });
    return errorToOutgoing(error, format);
  };

  const server = await startServer({
    dataDir: null,
    databaseUrl: null,
    data: { store, secrets },
    host: HOST,
    port: options.port ?? 0,
    log: serverLog,
    now,
    harvest: emulatedHarvest(world),
    gatherEverySeconds: 0,
    events: options.eventStream !== false,
    jsonDates: () => jsonDates,
    middleware: [
      v2,
      delivery({ faults, log, now, latencyMs: () => latencyMs, wait: timers.wait }),
      v1.middleware,
      throttleCoop,
    ],
  });
  baseUrl = server.url;
  const { port } = server;

  // Going offline closes the listener and every connection; going online listens on the same port again.
  const sockets = new Set<Socket>();
  server.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const goOffline = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.server.listening) resolve();
      else server.server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  const goOnline = (): Promise<void> =>
    new Promise((resolve, reject) => {
      if (server.server.listening) return resolve();
      server.server.once("error", reject);
      server.server.listen(port, HOST, () => {
        server.server.off("error", reject);
        resolve();
      });
    });

  const control: SandboxControl = {
    get requests(): readonly RequestLogEntry[] {
      return log;
    },
    clearLog: () => {
      log.length = 0;
    },
    fault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    setJsonDates: (style) => {
      jsonDates = style;
    },
    setHarvestThrottle: (limit, windowSeconds, lockoutSeconds) => {
      throttleSettings.limit = positive("limit", limit);
      throttleSettings.windowMs = positive("windowSeconds", windowSeconds) * 1000;
      throttleSettings.lockoutMs = positive("lockoutSeconds", lockoutSeconds ?? Math.ceil(windowSeconds)) * 1000;
      for (const throttle of v1.throttles.values())
        throttle.configure(throttleSettings.limit, throttleSettings.windowMs, throttleSettings.lockoutMs);
    },
    harvestV2: harvestV2.control,
    goOffline,
    goOnline,
    reset: () => {
      world.reset();
      harness.seed(seed(), world);
      server.forgetSignIns();
      log.length = 0;
      faults.clear();
      v1.throttles.clear();
      coopThrottle?.clear();
      harvestV2.control.reset();
    },
    statuses: (groupId) => harness.statuses(groupId),
    groups: () => harness.groups(),
    clients: (subdomain) =>
      (world.account(subdomain)?.clients ?? []).map((c) => ({ id: c.id, name: c.name, active: c.active })),
    setAvatar: async (userId, url) => {
      await store.db.updateTable("users").set({ avatar_thumb_url: url }).where("id", "=", userId).execute();
    },
    throttleState: (subdomain) => {
      const throttle = v1.throttles.get(subdomain);
      const at = now();
      return { count: throttle?.count(at) ?? 0, lockedUntil: throttle?.lockedUntil(at) ?? null };
    },
  };

  return {
    url: baseUrl,
    port,
    harvestUrlTemplate: `${baseUrl}/harvest/{subdomain}`,
    harvestV2ApiUrl: `${baseUrl}${V2_API_PREFIX}`,
    harvestIdUrl: `${baseUrl}${V2_ID_PREFIX}`,
    control,
    close: async () => {
      timers.cancel();
      for (const socket of sockets) socket.destroy();
      await server.close();
      world.save();
    },
  };
}
