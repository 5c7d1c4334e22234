import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { request } from "undici";
import { XMLValidator } from "fast-xml-parser";
import { SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { BASIL, HARVEST_ADMIN, basic, call, decode } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ port: 0 });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.control.reset();
  sb.control.setLatency(0);
});

const groups = (format: "xml" | "json" = "json") => call(sb.url, "/groups", { as: BASIL, format });

describe("faults", () => {
  it("status500 and status502 replace the answer, then normal service resumes", async () => {
    sb.control.fault({ kind: "status500", route: "/groups" });
    const failed = await groups("xml");
    expect(failed.status).toBe(500);
    expect(decode(failed, "xml")).toEqual({ error: "Internal Server Error" });
    sb.control.fault({ kind: "status502" });
    const gateway = await groups();
    expect(gateway.status).toBe(502);
    expect(gateway.headers["content-type"]).toBe("text/html");
    expect((await groups()).status).toBe(200);
  });

  it("status503 carries Retry-After, or none when asked", async () => {
    sb.control.fault({ kind: "status503", retryAfterSeconds: 7 });
    sb.control.fault({ kind: "status503", retryAfterSeconds: null });
    const first = await groups();
    expect([first.status, first.headers["retry-after"]]).toEqual([503, "7"]);
    const second = await groups();
    expect(second.status).toBe(503);
    expect(second.headers).not.toHaveProperty("retry-after");
  });

  it("malformed bodies do not parse in either format", async () => {
    sb.control.fault({ kind: "malformed", times: 2 });
    const json = await groups("json");
    expect(json.status).toBe(200);
    expect(json.headers["content-type"]).toContain("application/json");
    expect(() => JSON.parse(json.text)).toThrow();
    const xml = await groups("xml");
    expect(XMLValidator.validate(xml.text)).not.toBe(true);
  });

  it("truncated: a complete HTTP message holding half a document", async () => {
    const whole = await groups();
    sb.control.fault({ kind: "truncated" });
    const cut = await groups();
    expect(cut.status).toBe(200);
    expect(cut.text).toBe(whole.text.slice(0, Math.floor(whole.text.length / 2)));
    expect(Number(cut.headers["content-length"])).toBe(Buffer.byteLength(cut.text));
    expect(() => JSON.parse(cut.text)).toThrow();
  });

  it("reset: headers and part of the body arrive, then the connection dies", async () => {
    sb.control.fault({ kind: "reset", route: "/groups" });
    const response = await request(`${sb.url}/groups`, {
      headers: { authorization: basic(BASIL), accept: "application/json" },
    });
    expect(response.statusCode).toBe(200);
    const declared = Number(response.headers["content-length"]);
    expect(declared).toBeGreaterThan(100);
    let received = 0;
    await expect(
      (async () => {
        for await (const chunk of response.body) received += (chunk as Buffer).length;
      })(),
    ).rejects.toThrow();
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(declared);
  });

  it("html: a 200 HTML error page", async () => {
    sb.control.fault({ kind: "html" });
    const answer = await groups();
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.text).toMatch(/^<!DOCTYPE html>/);
    expect(answer.text).toContain("something went wrong");
  });

  it("contentType: the real, valid body under a wrong content type", async () => {
    sb.control.fault({ kind: "contentType" });
    const answer = await groups("json");
    expect(answer.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect((JSON.parse(answer.text) as Array<{ id: number }>).map((g) => g.id)).toEqual([25, 34]);
  });

  it("entityExpansion: a billion-laughs DOCTYPE", async () => {
    sb.control.fault({ kind: "entityExpansion" });
    const answer = await groups("xml");
    expect(answer.headers["content-type"]).toContain("application/xml");
    expect(answer.text).toContain("<!DOCTYPE");
    expect(answer.text.match(/<!ENTITY /g)).toHaveLength(10);
    expect(answer.text).toContain("&lol9;");
    // Nine levels of ten references each: 10^9 copies of "lol" if a parser expanded it.
    for (let level = 1; level <= 9; level += 1) {
      const previous = level === 1 ? "lol" : `lol${level - 1}`;
      expect(answer.text).toContain(`<!ENTITY lol${level} "${`&${previous};`.repeat(10)}">`);
    }
  });

  it("deepNesting: 10,000 nested levels in the asked format", async () => {
    sb.control.fault({ kind: "deepNesting", times: 2 });
    const json = await groups("json");
    expect(json.text.startsWith("[".repeat(10_000))).toBe(true);
    expect(json.text.length).toBe(20_000);
    const xml = await groups("xml");
    expect(xml.text.match(/<hash>/g)).toHaveLength(10_000);
  });

  it("huge: 50 MB streamed by default, a well-formed document", async () => {
    sb.control.fault({ kind: "huge" });
    const response = await request(`${sb.url}/groups`, {
      headers: { authorization: basic(BASIL), accept: "application/json" },
    });
    expect(response.headers["content-length"]).toBeUndefined();
    let bytes = 0;
    let head = "";
    let tail = "";
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      if (head.length < 10) head += buffer.toString("utf8", 0, 10);
      bytes += buffer.length;
      tail = buffer.toString("utf8").slice(-1);
    }
    expect(bytes).toBeGreaterThanOrEqual(50 * 1024 * 1024 - 1024);
    expect(bytes).toBeLessThan(51 * 1024 * 1024);
    expect(head.startsWith('[{"id":0')).toBe(true);
    expect(tail).toBe("]");
  });

  it("huge with a size parses back in XML", async () => {
    sb.control.fault({ kind: "huge", hugeBytes: 200_000 });
    const answer = await groups("xml");
    expect(answer.text.length).toBeGreaterThanOrEqual(200_000 - 1024);
    expect(XMLValidator.validate(answer.text)).toBe(true);
  });

  it("latency fault delays the answer by its latencyMs", async () => {
    sb.control.fault({ kind: "latency", latencyMs: 300 });
    const started = performance.now();
    expect((await groups()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("targets a route prefix, a RegExp, a method, and a number of calls", async () => {
    sb.control.fault({ kind: "status500", route: "/harvest/fawlty/clients", times: 2 });
    sb.control.fault({ kind: "status502", route: /^\/groups\/\d+\/statuses$/, method: "post" });
    expect((await groups()).status).toBe(200);
    const clients = () => call(`${sb.url}/harvest/fawlty`, "/clients", { as: HARVEST_ADMIN, format: "json" });
    expect([(await clients()).status, (await clients()).status, (await clients()).status]).toEqual([500, 500, 200]);
    expect((await call(sb.url, "/groups/25/statuses", { as: BASIL, format: "json" })).status).toBe(200);
    const post = await call(sb.url, "/groups/25/statuses", {
      method: "POST",
      as: BASIL,
      format: "json",
      body: '{"status":"hi"}',
    });
    expect(post.status).toBe(502);
    // The fault came before handling: nothing was posted.
    expect(sb.control.statuses(25)).toHaveLength(SEED.statuses.groupFeedSize);
  });

  it("times: Infinity lasts until clearFaults", async () => {
    sb.control.fault({ kind: "status500", times: Infinity });
    for (let i = 0; i < 3; i += 1) expect((await groups()).status).toBe(500);
    sb.control.clearFaults();
    expect((await groups()).status).toBe(200);
  });

  it("a faulted call does not count against the Harvest throttle", async () => {
    sb.control.fault({ kind: "status500", times: 3 });
    for (let i = 0; i < 3; i += 1)
      await call(`${sb.url}/harvest/fawlty`, "/clients", { as: HARVEST_ADMIN, format: "json" });
    expect(sb.control.throttleState("fawlty").count).toBe(0);
  });
});

describe("latency", () => {
  it("delays after handling: a client that gives up still leaves its note on the server", async () => {
    sb.control.setLatency(5_000);
    const controller = new AbortController();
    const posting = call(sb.url, "/groups/25/statuses", {
      method: "POST",
      as: BASIL,
      format: "json",
      body: '{"status":"Exactly once"}',
      signal: controller.signal,
    });
    const settled = posting.then(
      () => "answered",
      () => "aborted",
    );
    await vi.waitFor(() => expect(sb.control.requests.some((r) => r.method === "POST")).toBe(true));
    controller.abort();
    expect(await settled).toBe("aborted");
    expect(sb.control.statuses(25)[0]).toMatchObject({ type: "Note", text: "Exactly once" });
    expect(sb.control.requests.find((r) => r.method === "POST")?.status).toBe(201);
  });

  it("the latency option delays every response", async () => {
    const slow = await start({ port: 0, latencyMs: 200 });
    try {
      const started = performance.now();
      expect((await call(slow.url, "/groups", { as: BASIL, format: "json" })).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    } finally {
      await slow.close();
    }
  });
});

describe("request log", () => {
  it("records method, path, query, time, status, service, account and user, oldest first", async () => {
    let clock = Date.UTC(2024, 0, 2, 3, 4, 5);
    const timed = await start({ port: 0, now: () => clock });
    try {
      await call(timed.url, "/groups/25/statuses.xml?since=1", { as: BASIL });
      clock += 1000;
      await call(`${timed.url}/harvest/fawlty`, "/clients", {
        method: "POST",
        as: HARVEST_ADMIN,
        format: "json",
        body: '{"client":{"name":"Log Ltd"}}',
      });
      clock += 1000;
      await call(timed.url, "/groups", { format: "json" });
      expect(timed.control.requests).toEqual([
        {
          method: "GET",
          path: "/groups/25/statuses.xml",
          query: "since=1",
          time: Date.UTC(2024, 0, 2, 3, 4, 5),
          status: 200,
          service: "coop",
          account: null,
          user: "basil@fawltytowers.com",
        },
        {
          method: "POST",
          path: "/harvest/fawlty/clients",
          query: "",
          time: Date.UTC(2024, 0, 2, 3, 4, 6),
          status: 201,
          service: "harvest",
          account: "fawlty",
          user: "basil@fawltytowers.com",
        },
        {
          method: "GET",
          path: "/groups",
          query: "",
          time: Date.UTC(2024, 0, 2, 3, 4, 7),
          status: 401,
          service: "coop",
          account: null,
          user: null,
        },
      ]);
      timed.control.clearLog();
      expect(timed.control.requests).toEqual([]);
    } finally {
      await timed.close();
    }
  });
});

describe("offline and reset", () => {
  it("goOffline refuses connections; goOnline serves on the same port", async () => {
    const box = await start({ port: 0 });
    try {
      await box.control.goOffline();
      await expect(call(box.url, "/groups", { as: BASIL, format: "json" })).rejects.toMatchObject({
        code: "ECONNREFUSED",
      });
      await box.control.goOnline();
      expect((await call(box.url, "/groups", { as: BASIL, format: "json" })).status).toBe(200);
    } finally {
      await box.close();
    }
  });

  it("reset brings back the seed and clears log, faults and throttle", async () => {
    await call(sb.url, "/groups/25/statuses", {
      method: "POST",
      as: BASIL,
      format: "json",
      body: '{"status":"temporary"}',
    });
    await call(`${sb.url}/harvest/fawlty`, "/clients", { as: HARVEST_ADMIN, format: "json" });
    sb.control.fault({ kind: "status500", times: Infinity });
    sb.control.reset();
    expect(sb.control.requests).toEqual([]);
    expect(sb.control.statuses(25)).toHaveLength(SEED.statuses.groupFeedSize);
    expect(sb.control.throttleState("fawlty")).toEqual({ count: 0, lockedUntil: null });
    expect((await groups()).status).toBe(200);
  });
});
