// What an operator reads (docs/coop-api.md §12, §15): /healthz tells the truth about writes and
// gathering, /readyz about draining, /metrics (Prometheus text) only for the configured token.
import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HarvestGateway } from "../../server/harvest/gateway";
import { Health } from "../../server/ops/health";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES, SQLITE } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];
const TOKEN = "metrics-token-0123456789";

const FAILING_HARVEST: HarvestGateway = {
  verify: () => Promise.resolve({ ok: true }),
  gather: () => Promise.reject(new Error("Harvest is down")),
};

describe.each(DATABASES)("operations endpoints on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  let clock = Date.now();

  beforeEach(async () => {
    clock = Date.now();
    db = await kind.fresh();
    t = await startTestServer(db, { metricsToken: TOKEN, harvest: FAILING_HARVEST, now: () => clock });
  });
  afterEach(async () => {
    await t.close();
    await db.dispose();
  });

  it("serves /metrics for the Bearer token only; requests counted by route pattern and status", async () => {
    expect((await call(t.url, "/metrics")).status).toBe(401);
    const wrong = await call(t.url, "/metrics", { headers: { authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain("coop_http_requests_total");

    const annId = await t.addUser(...ANN);
    const group = await t.server.store.groups.create(
      { name: "Kitchen", timezone: "UTC", ownerId: annId, feedKey: "k", apiToken: "api-token" },
      clock,
      false,
    );
    const scrape = async (): Promise<string> => {
      const res = await call(t.url, "/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text;
    };
    const count = (text: string, series: string): number =>
      Number(new RegExp(`^${series.replace(/[{}()[\].*+?^$|\\]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1] ?? "0");
    const feedSeries = `coop_http_requests_total{method="GET",route="/groups/:group/statuses",status="200"}`;
    const before = count(await scrape(), feedSeries);
    for (let i = 0; i < 3; i += 1)
      expect((await call(t.url, `/groups/${group.id}/statuses`, { as: ANN, format: "json" })).status).toBe(200);
    const after = await scrape();
    expect(count(after, feedSeries)).toBe(before + 3);
    // The pattern, never the raw path (which would make a series per group).
    expect(after).not.toContain(`/groups/${group.id}/statuses`);
    expect(after).toMatch(
      /^coop_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/groups\/:group\/statuses"\} \d+$/m,
    );
    expect(after).toContain("coop_event_stream_subscribers 0");
    expect(after).toContain("coop_process_resident_memory_bytes");

    // The gauge reads this instance's event hub when scraped: one member's open stream counts.
    const stream = new AbortController();
    const open = await fetch(`${t.url}/events`, {
      headers: { authorization: `Basic ${Buffer.from(ANN.join(":")).toString("base64")}` },
      signal: stream.signal,
    });
    expect(open.status).toBe(200);
    await expect.poll(async () => await scrape()).toContain("coop_event_stream_subscribers 1");
    stream.abort();
    await expect.poll(async () => await scrape()).toContain("coop_event_stream_subscribers 0");
  });

  it("counts gathering rounds; /healthz says degraded (still 200) after 3 failed rounds in a row", async () => {
    const healthy = await call(t.url, "/healthz");
    expect(healthy.status).toBe(200);
    expect(JSON.parse(healthy.text)).toEqual({
      status: "ok",
      database: { reachable: true, writable: true },
      // On PostgreSQL an instance leads once it took the lock, in its first round.
      gathering: { leader: kind.name === "sqlite", last_success_at: null, failed_rounds: 0 },
    });
    await t.server.gatherer.round();
    const okAt = new Date(clock).toISOString();
    expect(JSON.parse((await call(t.url, "/healthz")).text).gathering).toEqual({
      leader: true,
      last_success_at: okAt,
      failed_rounds: 0,
    });

    const annId = await t.addUser(...ANN);
    await t.server.store.credentials.save(
      annId,
      { subdomain: "kitchen", email: "ann@example.com", secret: "x" },
      clock,
    );
    for (let i = 0; i < 3; i += 1) await t.server.gatherer.round();
    const degraded = await call(t.url, "/healthz");
    expect(degraded.status).toBe(200);
    expect(JSON.parse(degraded.text)).toMatchObject({
      status: "degraded",
      gathering: { last_success_at: okAt, failed_rounds: 3 },
    });
    const metrics = (await call(t.url, "/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })).text;
    expect(metrics).toMatch(/^coop_gather_rounds_total\{result="ok"\} 1$/m);
    expect(metrics).toMatch(/^coop_gather_rounds_total\{result="failed"\} 3$/m);
    expect(metrics).toMatch(/^coop_gather_failures_total 3$/m);
  });
});

describe("/healthz and /readyz", () => {
  let db: TestDatabase;
  let t: TestServer;
  let clock = Date.now();
  beforeEach(async () => {
    db = await SQLITE.fresh();
    t = await startTestServer(db, { now: () => clock });
  });
  afterEach(async () => {
    await t.close();
    await db.dispose();
  });

  it("no metrics token configured: /metrics is not there (404)", async () => {
    expect((await call(t.url, "/metrics", { headers: { authorization: "Bearer anything" } })).status).toBe(404);
  });

  it("a database that refuses writes (a full disk) is a 503, and recovery shows at once", async () => {
    expect((await call(t.url, "/healthz")).status).toBe(200);
    const sqlite = t.server.store.handle.sqlite!;
    sqlite.pragma("query_only = ON");
    try {
      // Reads still work; the next write probe fails.
      clock += 11_000;
      const refused = await call(t.url, "/healthz");
      expect(refused.status).toBe(503);
      expect(refused.headers["retry-after"]).toBe("5");
      expect(JSON.parse(refused.text)).toMatchObject({
        status: "database read-only",
        database: { reachable: true, writable: false },
      });
    } finally {
      sqlite.pragma("query_only = OFF");
    }
    expect((await call(t.url, "/healthz")).status).toBe(200);
  });

  it("/readyz: ready while serving, 503 while draining", async () => {
    const ready = await call(t.url, "/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: "ready" });
    const health = new Health(
      t.server.store,
      () => null,
      () => clock,
    );
    const draining = await health.readyz(true);
    expect(draining.status).toBe(503);
    expect(JSON.parse(draining.body.toString())).toEqual({ status: "draining" });
  });

  it("while draining, finishes the request in flight and closes its connection: nothing more is taken on it", async () => {
    await t.addUser(...ANN);
    // One connection: an upload still coming in when the shutdown starts, and a request behind it.
    const { port } = new URL(t.url);
    const socket = connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    const ended = once(socket, "close");
    const body = JSON.stringify({ group: { name: "Drain test", timezone: "UTC" } });
    const login = Buffer.from(ANN.join(":")).toString("base64");
    socket.write(
      `POST /groups.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ${login}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closing = t.server.close();
    socket.write(`${body.slice(10)}GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await closing;
    expect(socket.destroyed).toBe(true);
    const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((match) => match[1]);
    expect(statuses).toEqual(["201"]);
    expect(received).toMatch(/^connection: close$/im);
    socket.destroy();
  });
});
