/**
 * `GET /metrics` (docs/coop-api.md §17): Prometheus text format from prom-client, the registry the
 * Prometheus project documents for Node (exposition format, histogram buckets and the process
 * metrics are its, kept current with the format, rather than ours to get subtly wrong). One registry
 * per server, not the library's global one, so several servers in one process (tests) stay apart.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Outgoing } from "../http/exchange";

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "coop_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "coop_http_request_duration_seconds",
    help: "Time from a request's arrival to its answer, by method and route pattern",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly rounds = new Counter({
    name: "coop_gather_rounds_total",
    help: "Harvest gathering rounds run by this instance, by result (ok or failed)",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });
  private readonly credentialFailures = new Counter({
    name: "coop_gather_failures_total",
    help: "Members whose gathering from Harvest failed in a round",
    registers: [this.registry],
  });
  private subscriberCount: (() => number) | null = null;
  private readonly subscribers = new Gauge({
    name: "coop_event_stream_subscribers",
    help: "Clients connected to the event stream (GET /events)",
    registers: [this.registry],
    // Read when scraped, from the event hub this instance serves (countSubscribersWith).
    collect: () => {
      if (this.subscriberCount !== null) this.subscribers.set(this.subscriberCount());
    },
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "coop_" });
    this.rounds.inc({ result: "ok" }, 0);
    this.rounds.inc({ result: "failed" }, 0);
  }

  /** One answered request; `route` is the route's pattern (`/groups/:group/statuses`), never the raw path. */
  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  gatherRound(ok: boolean, failedCredentials: number): void {
    this.rounds.inc({ result: ok ? "ok" : "failed" });
    if (failedCredentials > 0) this.credentialFailures.inc(failedCredentials);
  }

  /** Where the subscriber gauge reads its figure at each scrape: the instance's event hub. */
  countSubscribersWith(count: () => number): void {
    this.subscriberCount = count;
  }

  /** For the event stream: how many subscribers are connected now. */
  setEventSubscribers(count: number): void {
    this.subscribers.set(count);
  }
}

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/** Behind `COOP_METRICS_TOKEN` as a Bearer token: none configured → 404 (no such page), wrong → 401. */
export async function metricsAnswer(
  metrics: ServerMetrics,
  token: string | null,
  authorization: string | undefined,
): Promise<Outgoing> {
  const text = (status: number, body: string, headers: Record<string, string> = {}): Outgoing => ({
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers },
    body: Buffer.from(body),
  });
  if (token === null || token === "") return text(404, "Not found\n");
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  // Compared as digests: equal lengths for timingSafeEqual, and no timing hint of the token's length.
  if (!timingSafeEqual(digest(given), digest(token)))
    return text(401, "A metrics token is needed\n", { "www-authenticate": 'Bearer realm="metrics"' });
  const body = await metrics.registry.metrics();
  return text(200, body, { "content-type": metrics.registry.contentType });
}
