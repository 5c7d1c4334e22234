import { afterEach, describe, expect, it } from "vitest";
import type { ApiFactory, CoopClient } from "@coop-tray/protocol";
import type { ApiResult } from "../../shared/errors";
import type { WireFormat } from "@coop-tray/protocol/models";
import { USER_AGENT } from "../../main/app/user-agent";
import { basil, factoryFor, SEED, useSandbox } from "./helpers";

const env = useSandbox();
let factories: ApiFactory[] = [];
afterEach(async () => {
  await Promise.all(factories.map((factory) => factory.close()));
  factories = [];
});

function coop(
  format: WireFormat,
  extra: Parameters<typeof factoryFor>[1] = {},
  serverUrl = env.sandbox.url,
): CoopClient {
  const factory = factoryFor(env.sandbox, extra);
  factories.push(factory);
  return factory.coop({ serverUrl, ...basil }, format);
}

const feed = `/groups/${SEED.groups.fawltyTowers.id}/statuses`;
const calls = (path: string): number => env.sandbox.control.requests.filter((r) => r.path === path).length;

async function timed<T>(run: () => Promise<ApiResult<T>>): Promise<{ result: ApiResult<T>; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe("transient failures", () => {
  it("GET retries a 502 and a 500, then succeeds", async () => {
    env.sandbox.control.fault({ kind: "status502", route: feed, times: 1 });
    env.sandbox.control.fault({ kind: "status500", route: feed, times: 1 });
    const result = await coop("xml").latestStatuses(SEED.groups.fawltyTowers.id);
    expect(result.ok).toBe(true);
    expect(calls(feed)).toBe(3);
  });

  it("GET gives up after a bounded number of attempts with a server error", async () => {
    env.sandbox.control.fault({ kind: "status500", route: feed, times: Infinity });
    const result = await coop("json").latestStatuses(SEED.groups.fawltyTowers.id);
    expect(result).toMatchObject({ ok: false, error: { kind: "server", status: 500 } });
    expect(calls(feed)).toBe(3);
  });

  it("POST never retries", async () => {
    env.sandbox.control.fault({ kind: "status502", route: feed, method: "POST", times: 1 });
    const result = await coop("xml").postNote(SEED.groups.fawltyTowers.id, "Hello");
    expect(result).toMatchObject({ ok: false, error: { kind: "server", status: 502 } });
    expect(env.sandbox.control.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("a dropped connection mid-body is offline/reset, and a GET retries it", async () => {
    env.sandbox.control.fault({ kind: "reset", route: feed, times: Infinity });
    const result = await coop("xml").latestStatuses(SEED.groups.fawltyTowers.id);
    expect(result).toMatchObject({ ok: false, error: { kind: "offline", cause: "reset" } });
    expect(calls(feed)).toBe(3);
  });
});

describe("offline causes", () => {
  it("refused: the server is down", async () => {
    await env.sandbox.control.goOffline();
    try {
      const result = await coop("json").listGroups();
      expect(result).toMatchObject({ ok: false, error: { kind: "offline", cause: "refused" } });
    } finally {
      await env.sandbox.control.goOnline();
    }
    expect((await coop("json").listGroups()).ok).toBe(true);
  });

  it("dns: a host that does not exist", async () => {
    const result = await coop("xml", {}, "http://coop-tray-no-such-host.invalid").listGroups();
    expect(result).toMatchObject({ ok: false, error: { kind: "offline", cause: "dns" } });
  });

  it("timeout: no headers within the limit", async () => {
    env.sandbox.control.fault({ kind: "latency", route: "/groups", latencyMs: 2_000, times: Infinity });
    const { result, ms } = await timed(() =>
      coop("xml", { transport: { headersTimeoutMs: 150 }, retry: { attempts: 1 } }).listGroups(),
    );
    expect(result).toMatchObject({ ok: false, error: { kind: "offline", cause: "timeout" } });
    expect(ms).toBeLessThan(1_500);
  });

  it("a bad server address is refused before anything is sent", async () => {
    const result = await coop("xml", {}, "ftp://example.com").listGroups();
    expect(result).toMatchObject({ ok: false, error: { kind: "validation" } });
  });
});

describe("hostile or broken responses are malformed values, fast, with memory bounded", () => {
  const cases: Array<
    [
      string,
      "entityExpansion" | "huge" | "deepNesting" | "truncated" | "html" | "contentType" | "malformed",
      WireFormat,
      string,
    ]
  > = [
    ["entity expansion", "entityExpansion", "xml", "unparseable"],
    ["a 50 MB body (XML)", "huge", "xml", "tooLarge"],
    ["a 50 MB body (JSON)", "huge", "json", "tooLarge"],
    ["10,000-deep XML", "deepNesting", "xml", "unparseable"],
    ["10,000-deep JSON", "deepNesting", "json", "unparseable"],
    ["truncated XML", "truncated", "xml", "unparseable"],
    ["truncated JSON", "truncated", "json", "unparseable"],
    ["HTML with a 200", "html", "xml", "html"],
    ["the wrong content type", "contentType", "json", "contentType"],
    ["the seed's own defects (XML)", "malformed", "xml", "unparseable"],
    ["the seed's own defects (JSON)", "malformed", "json", "unparseable"],
  ];
  it.each(cases)("%s", async (_name, kind, format, reason) => {
    env.sandbox.control.fault({ kind, route: feed, times: Infinity });
    const client = coop(format);
    const before = process.memoryUsage();
    const { result, ms } = await timed(() => client.latestStatuses(SEED.groups.fawltyTowers.id));
    const after = process.memoryUsage();
    expect(result).toMatchObject({ ok: false, error: { kind: "malformed", reason } });
    expect(ms).toBeLessThan(2_000);
    // Nothing near the 50 MB was held: the body is cut off at the 4 MB cap while streaming.
    expect(after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers)).toBeLessThan(
      24 * 1024 * 1024,
    );
    // A malformed answer is not retried: the server answered, and would answer the same again.
    expect(calls(feed)).toBe(1);
  });
});

describe("what goes on the wire", () => {
  it("sends Accept, Content-Type and a descriptive User-Agent", async () => {
    expect(USER_AGENT).toMatch(/^CoopTray\/\d+\.\d+\.\d+ \(\+https:\/\/\S+\)$/);
    const { createServer } = await import("node:http");
    const seen: Array<Record<string, string | string[] | undefined>> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on("end", () => {
        res.writeHead(201, { location: "/statuses/77", "content-type": "application/json" });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const result = await coop("json", {}, `http://127.0.0.1:${port}`).postNote(1, "hi");
      expect(result).toEqual({ ok: true, value: 77 });
      expect(seen[0]).toMatchObject({
        accept: "application/json",
        "content-type": "application/json; charset=utf-8",
        "user-agent": USER_AGENT,
      });
      expect(seen[0]?.authorization).toBe(
        `Basic ${Buffer.from(`${basil.email}:${basil.password}`).toString("base64")}`,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("secrets stay out of errors", () => {
  it("masks a password a server echoes back in its error message", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(400, { "content-type": "application/json", hint: `try again, ${basil.password}` });
      res.end(JSON.stringify({ errors: [`password ${basil.password} is wrong`] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const result = await coop("json", {}, `http://127.0.0.1:${port}`).listGroups();
      expect(result).toMatchObject({
        ok: false,
        error: { kind: "validation", message: "password ••• is wrong", hint: "try again, •••" },
      });
      expect(JSON.stringify(result)).not.toContain(basil.password);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
