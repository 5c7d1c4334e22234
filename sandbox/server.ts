/**
 * The sandbox server: one node:http server on 127.0.0.1 speaking Co-op at the root and each Harvest
 * account under `/harvest/<subdomain>/`. Per request: read the body, apply a fault if one is armed,
 * the throttle, then the route; the answer is rendered in the negotiated format, logged, delayed by
 * the configured latency (after handling, so a client that gives up still leaves its effect) and sent.
 */
import { createHash, randomBytes } from "node:crypto";
import { STATUS_CODES, createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { coopRoutes } from "./coop/routes";
import { DEFAULT_FAULT_LATENCY_MS, DELIVERY_FAULTS, FaultBook, faultReply } from "./faults";
import type { HarvestContext } from "./harvest/routes";
import { harvestRoutes } from "./harvest/routes";
import { V2_API_PREFIX, V2_ID_PREFIX, createHarvestV2Server } from "./harvest-v2/handler";
import { parseBodyParams, parseFormParams, readBody } from "./http/body";
import type { Params } from "./http/body";
import { HttpError } from "./http/errors";
import { CONTENT_TYPES, negotiate, splitSuffix } from "./http/negotiate";
import type { Format } from "./http/negotiate";
import { World } from "./model/world";
import { bool, obj } from "./render/nodes";
import type { Doc } from "./render/nodes";
import { renderHtml, renderHtmlErrors } from "./render/html-writer";
import { renderJson, renderJsonErrors } from "./render/json-writer";
import type { JsonDates } from "./render/json-writer";
import { renderXml, renderXmlErrors } from "./render/xml-writer";
import type { BasicAuth, Reply, RequestContext } from "./router";
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
  if (!Number.isFinite(value) || value <= 0) throw new Error(`sandbox option ${name} must be a positive number, got ${value}`);
  return value;
}

function parseAuth(header: string | undefined): BasicAuth | null {
  if (header === undefined) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return { email: "", password: "" };
  const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { email: "", password: "" };
  return { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(",").some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

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
    harvestLockoutMs: positive("harvestLockoutSeconds", options.harvestLockoutSeconds ?? Math.ceil(windowSeconds)) * 1000,
    jsonDates: options.jsonDates ?? "iso",
    latencyMs: Math.max(0, options.latencyMs ?? 0),
  };
  const world = new World(now, options.dataFile ?? null, options.recentSeed ?? false);
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

  function renderBody(doc: Doc, format: Format, dates: JsonDates): string {
    if (format === "xml") return renderXml(doc);
    if (format === "json") return renderJson(doc, dates);
    return renderHtml(doc, doc.root.replaceAll("_", " "));
  }

  function errorBody(error: HttpError, format: Format): string {
    if (format === "xml") return renderXmlErrors(error.messages);
    if (format === "json") return renderJsonErrors(error.messages);
    return renderHtmlErrors(error.status, error.messages);
  }

  function decorate(out: Outgoing, req: IncomingMessage, service: "coop" | "harvest", started: number): Outgoing {
    const headers = out.headers;
    headers["server"] = "nginx";
    const isGet = req.method === "GET" || req.method === "HEAD";
    headers["cache-control"] = isGet ? "max-age=0, private, must-revalidate" : "no-cache";
    headers["x-runtime"] = ((performance.now() - started) / 1000).toFixed(6);
    if (service === "coop") {
      // As in the 2012 captures.
      headers["status"] = `${out.status} ${STATUS_CODES[out.status] ?? ""}`.trim();
      headers["x-powered-by"] = "Phusion Passenger (mod_rails/mod_rack) 3.0.11";
      headers["x-ua-compatible"] = "IE=Edge,chrome=1";
      headers["set-cookie"] = `_co-op_session=${randomBytes(16).toString("hex")}; path=/; HttpOnly`;
      headers["x-harvest-box"] = "cluster1";
      if (isGet && out.status === 200 && out.body.length > 0) {
        const etag = `"${createHash("md5").update(out.body).digest("hex")}"`;
        headers["etag"] = etag;
        if (etagMatches(req.headers["if-none-match"], etag)) {
          headers["status"] = "304 Not Modified";
          return { status: 304, headers, body: Buffer.alloc(0) };
        }
      }
    }
    return out;
  }

  function replyToOutgoing(reply: Reply, format: Format, dates: JsonDates): Outgoing {
    const headers: Record<string, string> = { "content-type": CONTENT_TYPES[format], ...(reply.headers ?? {}) };
    const body = reply.doc === undefined ? "" : renderBody(reply.doc, format, dates);
    return { status: reply.status, headers, body: Buffer.from(body, "utf8") };
  }

  function errorToOutgoing(error: HttpError, format: Format): Outgoing {
    return {
      status: error.status,
      headers: { "content-type": CONTENT_TYPES[format], ...error.headers },
      body: Buffer.from(errorBody(error, format), "utf8"),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const arrived = now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    if (harvestV2.owns(url.pathname)) return harvestV2.handle(req, res, url);
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
    } else {
      try {
        const reply = route(method, path, url, body, req, auth, service, subdomain);
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
    if (changed) world.save();
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

  function route(
    method: string,
    path: string,
    url: URL,
    body: Buffer,
    req: IncomingMessage,
    auth: BasicAuth | null,
    service: "coop" | "harvest",
    subdomain: string | null,
  ): Reply {
    const query = url.searchParams;
    const params: Params = { ...parseFormParams(query), ...parseBodyParams(body, req.headers["content-type"]) };
    if (service === "coop") {
      if (coopThrottle !== null) {
        const decision = coopThrottle.take(now());
        if (!decision.ok) throw new HttpError(503, "Rate limit exceeded", { "retry-after": String(decision.retryAfterSeconds) });
      }
      const ctx: RequestContext = { world, method, path, query, params, auth, baseUrl };
      return dispatch(coopRoutes, ctx);
    }
    const account = subdomain === null ? null : world.account(subdomain);
    if (account === null) throw new HttpError(404, `There is no Harvest account "${subdomain ?? ""}" here`);
    const throttle = throttleFor(account.subdomain);
    const decision = throttle.take(now());
    if (!decision.ok) {
      throw new HttpError(503, `Rate limit exceeded: retry in ${decision.retryAfterSeconds} seconds`, { "retry-after": String(decision.retryAfterSeconds) });
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
      for (const throttle of harvestThrottles.values()) throttle.configure(settings.harvestLimit, settings.harvestWindowMs, settings.harvestLockoutMs);
    },
    harvestV2: harvestV2.control,
    goOffline: stop,
    goOnline: async () => {
      if (!server.listening) await listen(port);
    },
    reset: () => {
      world.reset();
      log.length = 0;
      faults.clear();
      harvestThrottles.clear();
      coopThrottle?.clear();
      harvestV2.control.reset();
    },
    statuses: (groupId) =>
      world.feed(groupId).map((item) => ({
        type: item.type,
        id: item.id,
        text: item.type === "Note" ? item.note.text : item.entry.notes,
        userId: item.user.id,
        createdAt: new Date(item.createdAt).toISOString(),
      })),
    groups: () =>
      world.state.groups.map((g) => ({
        id: g.id,
        name: g.name,
        timezone: g.timezone,
        ownerId: g.ownerId,
        memberIds: world.state.memberships.filter((m) => m.groupId === g.id).map((m) => m.userId),
      })),
    clients: (subdomain) => (world.account(subdomain)?.clients ?? []).map((c) => ({ id: c.id, name: c.name, active: c.active })),
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
    },
  };
}
