/**
 * The sandbox server: one node:http server on 127.0.0.1 speaking Co-op at the root and each Harvest
 * account under `/harvest/<subdomain>/`. Per request: read the body, apply a fault if one is armed,
 * the throttle, then the route; the answer is rendered in the negotiated format, logged, delayed by
 * the configured latency (after handling, so a client that gives up still leaves its effect) and sent.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { hashPassword } from "../server/auth/passwords";
import { Verifier } from "../server/auth/verifier";
import { createCoop } from "../server/coop/app";
import { invitations } from "../server/coop/invitations";
import { gatherUser } from "../server/harvest/gather-one";
import { parseBodyParams, parseFormParams, readBody } from "../server/http/body";
import type { Params } from "../server/http/body";
import { HttpError } from "../server/http/errors";
import type { Outgoing } from "../server/http/exchange";
import { errorToOutgoing, parseAuth, replyToOutgoing } from "../server/http/exchange";
import { negotiate, splitSuffix } from "../server/http/negotiate";
import { SILENT, jsonLogger } from "../server/log";
import type { Doc } from "../server/render/nodes";
import { bool, obj } from "../server/render/nodes";
import type { JsonDates } from "../server/render/json-writer";
import { secretBox } from "../server/secrets";
import { openStore } from "../server/store/open";
import { Store } from "../server/store/store";
import { CoopHarness } from "./coop-store";
import { DEFAULT_FAULT_LATENCY_MS, DELIVERY_FAULTS, FaultBook, faultReply } from "./faults";
import { emulatedHarvest } from "./harvest-gateway";
import type { HarvestContext } from "./harvest/routes";
import { harvestRoutes } from "./harvest/routes";
import { V2_API_PREFIX, V2_ID_PREFIX, createHarvestV2Server } from "./harvest-v2/handler";
import { recentSeedState, seedState, SEED } from "./model/seed";
import { World } from "./model/world";
import type { Reply } from "./router";
import { dispatch } from "./router";
import { SlidingWindowThrottle } from "./throttle";
import type { FaultSpec, RequestLogEntry, Sandbox, SandboxControl, SandboxOptions } from "./types";

const HOST = "127.0.0.1";

interface Settings {
  harvestLimit: number;
  harvestWindowMs: number;
  harvestLockoutMs: number;
  jsonDates: JsonDates;
  latencyMs: number;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`sandbox option ${name} must be a positive number, got ${value}`);
  return value;
}

/** A fixed key for the sandbox's sealed Harvest secrets: its data is test data, never a real team's. */
const SANDBOX_KEY = Buffer.alloc(32, 7);

let seedHash: Promise<string> | null = null;

const wait = (ms: number, timers: Set<NodeJS.Timeout>): Promise<void> =>
  ms <= 0
    ? Promise.resolve()
    : new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      });

export async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const windowSeconds = positive("harvestWindowSeconds", options.harvestWindowSeconds ?? 15);
  const settings: Settings = {
    harvestLimit: positive("harvestLimit", options.harvestLimit ?? 100),
    harvestWindowMs: windowSeconds * 1000,
    harvestLockoutMs:
      positive("harvestLockoutSeconds", options.harvestLockoutSeconds ?? Math.ceil(windowSeconds)) * 1000,
    jsonDates: options.jsonDates ?? "iso",
    latencyMs: Math.max(0, options.latencyMs ?? 0),
  };
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
  const verifier = new Verifier(store, { now });
  const harvest = emulatedHarvest(world);
  const services = {
    store,
    verifier,
    harvest,
    secrets,
    log: serverLog,
    now,
    invitations: invitations({ store, secrets, now, publicUrl: () => baseUrl, deliver: null, log: serverLog }),
    gatherNow: (userId: number) => gatherUser(store, harvest, secrets, serverLog, userId),
  };
  const coop = createCoop(services, () => settings.jsonDates);
  const faults = new FaultBook();
  const log: RequestLogEntry[] = [];
  const harvestThrottles = new Map<string, SlidingWindowThrottle>();
  const coopThrottle =
    options.coopThrottle === null || options.coopThrottle === undefined
      ? null
      : new SlidingWindowThrottle(
          positive("coopThrottle.limit", options.coopThrottle.limit),
          positive("coopThrottle.windowSeconds", options.coopThrottle.windowSeconds) * 1000,
          Math.ceil(options.coopThrottle.windowSeconds) * 1000,
        );
  const timers = new Set<NodeJS.Timeout>();

  const throttleFor = (subdomain: string): SlidingWindowThrottle => {
    let throttle = harvestThrottles.get(subdomain);
    if (throttle === undefined) {
      throttle = new SlidingWindowThrottle(settings.harvestLimit, settings.harvestWindowMs, settings.harvestLockoutMs);
      harvestThrottles.set(subdomain, throttle);
    }
    return throttle;
  };

  let baseUrl = "";
  const harvestV2 = createHarvestV2Server({
    world,
    faults,
    log,
    now,
    latencyMs: () => settings.latencyMs,
    baseUrl: () => baseUrl,
    wait: (ms) => wait(ms, timers),
    limit: options.harvestV2Limit,
    windowSeconds: options.harvestV2WindowSeconds,
  });

  /** The headers of the 2012 captures that the server itself does not send. */
  function decorate(out: Outgoing, req: IncomingMessage, service: "coop" | "harvest", started: number): Outgoing {
    const headers = out.headers;
    headers["server"] = "nginx";
    if (service === "coop") {
      headers["x-powered-by"] = "Phusion Passenger (mod_rails/mod_rack) 3.0.11";
      headers["x-ua-compatible"] = "IE=Edge,chrome=1";
      headers["set-cookie"] = `_co-op_session=${randomBytes(16).toString("hex")}; path=/; HttpOnly`;
      headers["x-harvest-box"] = "cluster1";
      return out;
    }
    const isGet = req.method === "GET" || req.method === "HEAD";
    headers["cache-control"] = isGet ? "max-age=0, private, must-revalidate" : "no-cache";
    headers["x-runtime"] = ((performance.now() - started) / 1000).toFixed(6);
    return out;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const arrived = now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    if (harvestV2.owns(url.pathname)) {
      await harvestV2.handle(req, res, url);
      // A v2 write may have changed time entries: what the server would gather is there at once.
      if (method !== "GET" && method !== "HEAD") harness.mirrorTimeEntries(world);
      return;
    }
    const rawPath = url.pathname;
    const harvestMatch = /^\/harvest\/([^/]+)(\/.*)?$/.exec(rawPath);
    const service: "coop" | "harvest" = harvestMatch === null ? "coop" : "harvest";
    const subdomain = harvestMatch === null ? null : decodeURIComponent(harvestMatch[1] ?? "");
    const { path, suffix } = splitSuffix(harvestMatch === null ? rawPath : (harvestMatch[2] ?? ""));
    const format = negotiate(suffix, req.headers["accept"], req.headers["content-type"]);
    const auth = parseAuth(req.headers["authorization"]);
    const dates: JsonDates = service === "coop" ? settings.jsonDates : "iso";
    const entry: RequestLogEntry = {
      method,
      path: rawPath,
      query: url.search.replace(/^\?/, ""),
      time: arrived,
      status: 0,
      service,
      account: subdomain,
      user: auth === null || auth.email === "" ? null : auth.email,
    };
    const record = (status: number): void => {
      entry.status = status;
      log.push(entry);
    };

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      const failure = error instanceof HttpError ? error : new HttpError(400, "Could not read the request body");
      const out = decorate(errorToOutgoing(failure, format), req, service, started);
      if (service === "coop") out.headers["cache-control"] = "no-cache";
      record(out.status);
      res.writeHead(out.status, { ...out.headers, connection: "close" });
      res.end(out.body);
      return;
    }

    const fault: FaultSpec | null = faults.take(method, rawPath);
    const faultFormat = format === "json" ? "json" : "xml";
    let extraLatency = 0;
    if (fault !== null && fault.kind === "latency") extraLatency = fault.latencyMs ?? DEFAULT_FAULT_LATENCY_MS;
    if (fault !== null && fault.kind !== "latency" && !DELIVERY_FAULTS.has(fault.kind)) {
      const replacement = faultReply(fault, faultFormat);
      record(replacement.status);
      await wait(settings.latencyMs, timers);
      if (res.destroyed) return;
      res.writeHead(replacement.status, replacement.headers);
      if (typeof replacement.body === "string") res.end(replacement.body);
      else await replacement.body.stream(res);
      return;
    }

    let out: Outgoing;
    let changed = false;
    if (fault !== null && DELIVERY_FAULTS.has(fault.kind) && method !== "GET" && method !== "HEAD") {
      // A mangled answer to a write must not have written anything: reply without handling.
      const canned: Doc = { root: "hash", node: obj([["ok", bool(true)]]), rooted: false };
      out = replyToOutgoing({ status: 200, doc: canned }, faultFormat, dates);
    } else if (service === "coop") {
      out = await coopRoute(req, url, body, format);
    } else {
      try {
        const reply = await route(method, path, url, body, req, auth, subdomain);
        changed = reply.changed === true;
        out = replyToOutgoing(reply, format, dates);
      } catch (error) {
        if (error instanceof HttpError) {
          out = errorToOutgoing(error, format);
        } else {
          console.error("sandbox: handler failed", error);
          out = errorToOutgoing(new HttpError(500, "Internal server error"), format);
        }
      }
    }
    if (changed) {
      world.save();
      // Harvest changed: what the server would gather next round is there at once.
      harness.mirrorTimeEntries(world);
    }
    out = decorate(out, req, service, started);
    record(out.status);

    await wait(settings.latencyMs + extraLatency, timers);
    if (res.destroyed) return;
    if (fault !== null && fault.kind === "contentType") out.headers["content-type"] = "text/plain; charset=utf-8";
    if (fault !== null && fault.kind === "truncated") out.body = out.body.subarray(0, Math.floor(out.body.length / 2));
    out.headers["content-length"] = String(out.body.length);
    res.writeHead(out.status, out.headers);
    if (fault !== null && fault.kind === "reset") {
      // Headers promise the whole body; half of it arrives, then the connection dies.
      res.write(out.body.subarray(0, Math.max(1, Math.floor(out.body.length / 2))), () => res.socket?.destroy());
      return;
    }
    res.end(out.body);
  }

  /** Co-op is the server's own implementation; the sandbox only adds its throttle knob around it. */
  async function coopRoute(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    format: "xml" | "json" | "html",
  ): Promise<Outgoing> {
    if (coopThrottle !== null) {
      const decision = coopThrottle.take(now());
      if (!decision.ok) {
        const error = new HttpError(503, "Rate limit exceeded", { "retry-after": String(decision.retryAfterSeconds) });
        return errorToOutgoing(error, format);
      }
    }
    return coop.handle({
      method: req.method ?? "GET",
      pathname: url.pathname,
      search: url.searchParams,
      headers: req.headers,
      body,
      remoteAddress: req.socket.remoteAddress ?? "",
      baseUrl,
    });
  }

  async function route(
    method: string,
    path: string,
    url: URL,
    body: Buffer,
    req: IncomingMessage,
    auth: ReturnType<typeof parseAuth>,
    subdomain: string | null,
  ): Promise<Reply> {
    const query = url.searchParams;
    const params: Params = { ...parseFormParams(query), ...parseBodyParams(body, req.headers["content-type"]) };
    const account = subdomain === null ? null : world.account(subdomain);
    if (account === null) throw new HttpError(404, `There is no Harvest account "${subdomain ?? ""}" here`);
    const throttle = throttleFor(account.subdomain);
    const decision = throttle.take(now());
    if (!decision.ok) {
      throw new HttpError(503, `Rate limit exceeded: retry in ${decision.retryAfterSeconds} seconds`, {
        "retry-after": String(decision.retryAfterSeconds),
      });
    }
    const ctx: HarvestContext = {
      world,
      method,
      path,
      query,
      params,
      auth,
      baseUrl: `${baseUrl}/harvest/${account.subdomain}`,
      account,
      rateLimit: () => ({
        lastAccessAt: throttle.lastAccessAt(),
        count: throttle.count(now()),
        timeframeLimit: settings.harvestWindowMs / 1000,
        maxCalls: settings.harvestLimit,
        lockoutSeconds: settings.harvestLockoutMs / 1000,
      }),
    };
    return dispatch(harvestRoutes, ctx);
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("sandbox: request failed", error);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Internal server error");
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.once("error", onError);
      server.listen(port, HOST, () => {
        server.off("error", onError);
        const address = server.address();
        resolve(typeof address === "object" && address !== null ? address.port : port);
      });
    });

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) {
        for (const socket of sockets) socket.destroy();
        resolve();
        return;
      }
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  const port = await listen(options.port ?? 0);
  baseUrl = `http://${HOST}:${port}`;

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
      settings.latencyMs = Math.max(0, ms);
    },
    setJsonDates: (style) => {
      settings.jsonDates = style;
    },
    setHarvestThrottle: (limit, windowSeconds, lockoutSeconds) => {
      settings.harvestLimit = positive("limit", limit);
      settings.harvestWindowMs = positive("windowSeconds", windowSeconds) * 1000;
      settings.harvestLockoutMs = positive("lockoutSeconds", lockoutSeconds ?? Math.ceil(windowSeconds)) * 1000;
      for (const throttle of harvestThrottles.values())
        throttle.configure(settings.harvestLimit, settings.harvestWindowMs, settings.harvestLockoutMs);
    },
    harvestV2: harvestV2.control,
    goOffline: stop,
    goOnline: async () => {
      if (!server.listening) await listen(port);
    },
    reset: () => {
      world.reset();
      harness.seed(seed(), world);
      verifier.clear();
      log.length = 0;
      faults.clear();
      harvestThrottles.clear();
      coopThrottle?.clear();
      harvestV2.control.reset();
    },
    statuses: (groupId) => harness.statuses(groupId),
    groups: () => harness.groups(),
    clients: (subdomain) =>
      (world.account(subdomain)?.clients ?? []).map((c) => ({ id: c.id, name: c.name, active: c.active })),
    throttleState: (subdomain) => {
      const throttle = harvestThrottles.get(subdomain);
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
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await stop();
      world.save();
      await store.close();
    },
  };
}
