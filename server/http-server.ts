/**
 * The Co-op server over HTTP or HTTPS: /healthz, the invitation pages and the Co-op API. Bodies are
 * limited (per request and in total) and read only after sign-in, Basic credentials and the invitation page (a password form) are refused over plain HTTP
 * unless the server only listens on loopback (or --allow-insecure-http); forwarding headers count only
 * from --trust-proxy's proxies (http/client-address.ts); each request is logged as one JSON line (path
 * only: the query may carry a bot's key). `close()` stops accepting, lets in-flight requests finish,
 * then closes the store.
 */
import { createServer as createHttpServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import type { CoopApp } from "./coop/app";
import { INSECURE_PASSWORD_PAGE, takesPassword } from "./coop/routes/invitations";
import { BodyBudget, bodyReader } from "./http/body";
import { clientAddress, forwardedHttps, trustedProxies } from "./http/client-address";
import { HttpError } from "./http/errors";
import { errorToOutgoing } from "./http/exchange";
import type { Outgoing } from "./http/exchange";
import { SENT, chain } from "./http/middleware";
import type { Exchange, Middleware } from "./http/middleware";
import { negotiate } from "./http/negotiate";
import type { Logger } from "./log";
import { Health } from "./ops/health";
import { ServerMetrics, metricsAnswer } from "./ops/metrics";
import type { Store } from "./store/store";

/** How long a shutdown waits for in-flight requests before closing their connections. */
export const DRAIN_MS = 25_000;

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer } | null;
  /** Believe X-Forwarded-For / X-Forwarded-Proto from these proxies (addresses, CIDRs; true: loopback). */
  readonly trustProxy?: boolean | readonly string[];
  readonly allowInsecureHttp?: boolean;
  /** The URL clients use (links in invitations); default: what we listen on. */
  readonly publicUrl?: string | null;
  readonly bodyLimitBytes?: number;
  /** Body bytes held at once across all requests (default `TOTAL_BODY_BYTES`). */
  readonly bodyBudget?: BodyBudget;
  /** Around every request, the first outermost (the sandbox's faults, throttles, latency, Harvest). */
  readonly middleware?: readonly Middleware[];
  /** /healthz, /readyz and /metrics (default: health from the store alone, metrics off). */
  readonly ops?: Ops;
}

export interface Ops {
  readonly health: Health;
  readonly metrics: ServerMetrics;
  /** `COOP_METRICS_TOKEN`: null = no /metrics (404). */
  readonly metricsToken: string | null;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export const INSECURE_BASIC =
  "Basic authentication over plain HTTP is refused: serve HTTPS (--tls-cert/--tls-key, or a TLS proxy with --trust-proxy), or start with --allow-insecure-http";

/**
 * How long the rest of an upload answered without its body is read and thrown away before its
 * connection is cut. Cutting at once would make the kernel reset the connection over the unread bytes,
 * and the client could lose the answer it was already sent.
 */
export const LINGER_MS = 2_000;

/** Sends the answer now, discards the rest of the body, and closes once it is in or after LINGER_MS. */
function lingerThenEnd(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): void {
  if (body !== undefined) res.write(body);
  req.resume();
  const end = (): void => {
    clearTimeout(cut);
    if (!res.writableEnded) res.end();
  };
  const cut = setTimeout(() => {
    end();
    req.socket.destroy();
  }, LINGER_MS);
  cut.unref();
  req.once("end", end);
  req.socket.once("close", end);
}

export async function listen(
  app: CoopApp,
  store: Store,
  log: Logger,
  options: ListenOptions,
  onUrl?: (url: string) => void,
): Promise<RunningServer> {
  const tls = options.tls ?? null;
  const loopbackOnly = LOOPBACK.has(options.host);
  const proxies = trustedProxies(options.trustProxy);
  let baseUrl = "";
  const inFlight = new Set<Promise<void>>();
  const budget = options.bodyBudget ?? new BodyBudget();
  const ops: Ops = options.ops ?? {
    health: new Health(store, () => null, Date.now),
    metrics: new ServerMetrics(),
    metricsToken: null,
  };
  let draining = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://coop.invalid");
    } catch {
      url = new URL("http://coop.invalid/");
    }
    const peer = req.socket.remoteAddress ?? "";
    const remoteAddress = clientAddress(peer, req.headers["x-forwarded-for"], proxies);
    const secure = tls !== null || forwardedHttps(peer, req.headers["x-forwarded-proto"], proxies);
    const plainHttpRefused = !(secure || loopbackOnly || options.allowInsecureHttp === true);
    const log1 = (status: number, route = "unmatched"): void => {
      ops.metrics.request(method, route, status, (performance.now() - started) / 1000);
      log.log("info", "request", {
        method,
        path: url.pathname,
        status,
        ms: Math.round(performance.now() - started),
        remote: remoteAddress,
      });
    };

    const core = async (): Promise<Outgoing> => {
      const operations = await opsAnswer(url.pathname, req.headers["authorization"]);
      if (operations !== null) return { ...operations, route: url.pathname };
      if (plainHttpRefused && takesPassword(url.pathname)) {
        const out = errorToOutgoing(
          new HttpError(403, INSECURE_PASSWORD_PAGE),
          negotiate(null, req.headers["accept"], undefined),
        );
        out.headers["connection"] = "close";
        return out;
      }
      const body = bodyReader(req, options.bodyLimitBytes, budget);
      try {
        const out = await app.handle({
          method,
          pathname: url.pathname,
          search: url.searchParams,
          headers: req.headers,
          body: async (limit?: number) => {
            try {
              return await body.read(limit);
            } catch (error) {
              throw error instanceof HttpError ? error : new HttpError(400, "Could not read the request body");
            }
          },
          remoteAddress,
          baseUrl,
          refuseBasic: plainHttpRefused ? INSECURE_BASIC : null,
        });
        return out;
      } finally {
        body.release();
      }
    };

    const exchange: Exchange = { req, res, method, url, remoteAddress, started, baseUrl };
    const answer = await chain(options.middleware ?? [], exchange, core);
    if (answer === SENT) {
      log1(res.statusCode);
      return;
    }
    // Answered before its body came in (refused before sign-in, or over a limit): the connection
    // closes after this answer (docs/coop-api.md §16.1).
    const early = !req.complete;
    res.writeHead(answer.status, {
      ...answer.headers,
      // While draining, no further request on this connection: the client sends it to another instance.
      ...(early || draining ? { connection: "close" } : {}),
      "content-length": String(answer.body.length),
      "x-content-type-options": "nosniff",
    });
    const body = method === "HEAD" ? undefined : answer.body;
    if (early) lingerThenEnd(req, res, body);
    else res.end(body);
    log1(answer.status, answer.route);
  }

  function opsAnswer(path: string, authorization: string | undefined): Promise<Outgoing | null> {
    if (path === "/healthz") return ops.health.healthz();
    if (path === "/readyz") return ops.health.readyz(draining);
    if (path === "/metrics") return metricsAnswer(ops.metrics, ops.metricsToken, authorization);
    return Promise.resolve(null);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const work = handle(req, res).catch((error: unknown) => {
      log.log("error", "request failed", { error });
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Internal server error");
      } else res.destroy();
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const server: Server =
    tls === null ? createHttpServer(onRequest) : createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest);
  // Idle keep-alive sockets stay open longer than clients keep them (undici: 4 s, browsers ~60 s), so a
  // client never reuses a socket the server is closing at that moment; the drain closes idle ones.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : options.port);
    });
  });
  const hostInUrl = options.host.includes(":") ? `[${options.host}]` : options.host;
  const listening = `${tls === null ? "http" : "https"}://${hostInUrl}:${port}`;
  baseUrl = (options.publicUrl ?? listening).replace(/\/+$/, "");
  onUrl?.(listening);

  let closing: Promise<void> | null = null;
  return {
    url: listening,
    port,
    server,
    close: () => {
      draining = true;
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Bounded well under a supervisor's patience (systemd: 90 s, docker stop: 10 s by default, so
        // give it --time 30): a slow upload is cut off rather than the server killed mid-write.
        let deadline: NodeJS.Timeout | undefined;
        const drainLimit = new Promise<void>((resolve) => (deadline = setTimeout(resolve, DRAIN_MS)));
        await Promise.race([Promise.allSettled([...inFlight]), drainLimit]);
        clearTimeout(deadline);
        // Keep-alive sockets that sat idle through the drain.
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}
