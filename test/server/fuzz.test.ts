// Bad input on every route: malformed bodies, headers and paths, hostile XML, oversized bodies. Each
// gets a 4xx (or a normal answer) with errors in the negotiated format, never a 500. And with the
// database gone, 503 + Retry-After, then recovery by itself once it is back.
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coopRoutes } from "../../server/coop/routes/index";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES, POSTGRES, adminQuery } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];

/** A concrete path for each route pattern: ids that exist, ids that don't, bad and good days. */
function pathsFor(pattern: RegExp, groupId: number, userId: number): string[] {
  const source = pattern.source.replace(/^\^/, "").replace(/\$$/, "").replaceAll("\\/", "/");
  const fill = (ids: readonly string[], day: string, token: string): string => {
    let n = 0;
    return source
      .replace("(\\d{8}|\\d{4}-\\d{2}-\\d{2})", day)
      .replace(/\(\[A-Za-z0-9_-\]\{20,100\}\)/, token)
      .replace(/\(\\d\+\)/g, () => ids[n++] ?? "1")
      .replaceAll("\\.", ".");
  };
  return [
    fill([String(groupId), String(userId)], "20240101", "a".repeat(30)),
    fill(["99999999999999999999", "0"], "20241340", "b".repeat(100)),
  ];
}

const XML = "application/xml";
const JSON_TYPE = "application/json";
const LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><status>&lol2;</status>`;
const BODIES: ReadonlyArray<readonly [string, string | undefined]> = [
  ["{", JSON_TYPE],
  ["[]", JSON_TYPE],
  ['{"status": {"text": ["x", {"y": null}]}, "group": "flat", "harvest_credential": 5}', JSON_TYPE],
  [`${"[".repeat(5000)}${"]".repeat(5000)}`, JSON_TYPE],
  ['{"__proto__": {"admin": true}, "constructor": {"prototype": 1}}', JSON_TYPE],
  ["<status>unclosed", XML],
  [LAUGHS, XML],
  [`${"<a>".repeat(10_000)}x${"</a>".repeat(10_000)}`, XML],
  ['<group><name type="integer">x</name><member_emails nil="true"/></group>', XML],
  ["\u0000\u00ff\u00fe garbage", XML],
  ["status[text][deeper]=x&group[name][]=y&new_group_owner_id=abc", "application/x-www-form-urlencoded"],
  ["plain", "text/plain"],
  ["{}", "application/json; charset=utf-16"],
  ["", undefined],
];
const HEADERS: ReadonlyArray<Record<string, string>> = [
  { authorization: "Basic %%%not-base64" },
  { authorization: `Basic ${Buffer.from("no-colon-here").toString("base64")}` },
  { authorization: "Bearer abc" },
  { accept: "*/*;q=wat, application/xml;;" },
  { "if-none-match": '"' + "x".repeat(5000) },
];

function expectFormat(
  res: { status: number; headers: Record<string, string>; text: string },
  format: "xml" | "json",
  what: string,
): void {
  expect(res.status, what).toBeLessThan(500);
  if (res.status < 400 || res.status === 413) return;
  if (format === "json") expect(Array.isArray((JSON.parse(res.text) as { errors?: unknown }).errors), what).toBe(true);
  else if ((res.headers["content-type"] ?? "").startsWith("application/xml"))
    expect(res.text, what).toContain("<errors>");
}

/**
 * `call`, except that an event stream (`GET /events`, docs/coop-api.md §15), which never ends by
 * itself, is judged by its status and headers and then closed.
 */
async function fuzzCall(base: string, path: string, options: Parameters<typeof call>[2] = {}): ReturnType<typeof call> {
  if (!path.startsWith("/events")) return call(base, path, options);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.as !== null && options.as !== undefined)
    headers["authorization"] = `Basic ${Buffer.from(`${options.as[0]}:${options.as[1]}`).toString("base64")}`;
  if (options.format !== null && options.format !== undefined) headers["accept"] = `application/${options.format}`;
  if (options.body !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  const response = await request(`${base}${path}`, {
    method: (options.method ?? "GET") as "GET",
    headers,
    body: options.body,
  });
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  if ((flat["content-type"] ?? "").startsWith("text/event-stream")) {
    response.body.destroy();
    return { status: response.statusCode, headers: flat, text: "" };
  }
  return { status: response.statusCode, headers: flat, text: await response.body.text() };
}

describe.each(DATABASES)("fuzzing every route on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  let groupId: number;
  let userId: number;

  beforeAll(async () => {
    db = await kind.fresh();
    // Bad Authorization headers are part of the fuzz: no slowdown, or the address would be throttled.
    t = await startTestServer(db, { bodyLimitBytes: 256 * 1024, signIn: { freeFailures: Number.POSITIVE_INFINITY } });
    userId = await t.addUser(...ANN);
    const res = await call(t.url, "/groups", {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"group":{"name":"Fuzz","timezone":"UTC"}}',
    });
    groupId = Number(/(\d+)$/.exec(res.headers["location"] ?? "")?.[1]);
    await call(t.url, `/groups/${groupId}/statuses`, {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"status":"seed"}',
    });
  });
  afterAll(async () => {
    await t.close();
    await db.dispose();
  });

  it("never answers 500, and errors come in the negotiated format", { timeout: 240_000 }, async () => {
    const routes = coopRoutes;
    let calls = 0;
    for (const route of routes) {
      for (const path of pathsFor(route.pattern, groupId, userId)) {
        for (const method of new Set([route.method, "GET", "POST", "PUT", "DELETE"])) {
          for (const [index, [body, contentType]] of BODIES.entries()) {
            const format = index % 2 === 0 ? "json" : "xml";
            const suffix = index % 3 === 0 ? `.${format}` : "";
            const res = await fuzzCall(t.url, `${path}${suffix}`, {
              method,
              as: index % 5 === 4 ? null : ANN,
              format,
              ...(method === "GET" || body === "" ? {} : { body, contentType: contentType ?? "" }),
            });
            calls += 1;
            expectFormat(res, format, `${method} ${path}${suffix} with body #${index}`);
          }
          for (const headers of HEADERS) {
            const res = await fuzzCall(t.url, path, {
              method,
              format: "json",
              headers,
              ...(method === "GET" ? {} : { body: "{}" }),
            });
            calls += 1;
            expectFormat(res, "json", `${method} ${path} with ${Object.keys(headers)[0] ?? ""}`);
          }
        }
      }
    }
    for (const path of [
      "/groups/%00",
      "/groups/%ZZ",
      "//groups",
      "/groups/1.xml.json",
      `/${"a/".repeat(2000)}`,
      "/statuses/-1",
      "/users/1e3",
    ]) {
      const res = await call(t.url, path, { as: ANN, format: "json" });
      calls += 1;
      expectFormat(res, "json", path);
    }
    expect(calls).toBeGreaterThan(1000);
    // Still serving normally after all of it (the fuzz may legitimately have deleted the group).
    const again = await call(t.url, "/groups", {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"group":{"name":"After","timezone":"UTC"}}',
    });
    expect(again.status).toBe(201);
    expect((await call(t.url, `${again.headers["location"] ?? ""}/statuses`, { as: ANN, format: "json" })).text).toBe(
      "[]",
    );
  });

  it("answers an oversized body with 413 and a hostile XML body with 400, in the negotiated format", async () => {
    // The sweep above may have deleted the group; the body is read only once the route's guard passes.
    const fresh = await call(t.url, "/groups", {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"group":{"name":"Fuzz 413","timezone":"UTC"}}',
    });
    const groupId = Number(/(\d+)$/.exec(fresh.headers["location"] ?? "")?.[1]);
    const big = await call(t.url, `/groups/${groupId}/statuses`, {
      method: "POST",
      as: ANN,
      format: "json",
      body: JSON.stringify({ status: "x".repeat(300 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text)).toEqual({ errors: [expect.stringMatching(/larger than/)] });
    const laughs = await call(t.url, `/groups/${groupId}/statuses`, {
      method: "POST",
      as: ANN,
      format: "xml",
      body: LAUGHS,
    });
    expect(laughs.status).toBe(400);
    expect(laughs.text).toContain("DOCTYPE");
  });
});

describe.runIf(POSTGRES !== null)("with the database gone (PostgreSQL)", () => {
  it(
    "answers 503 with Retry-After in the negotiated format, then recovers by itself",
    { timeout: 60_000 },
    async () => {
      if (POSTGRES === null) return;
      const db = await POSTGRES.fresh();
      const t = await startTestServer(db);
      const name = new URL(db.options.databaseUrl ?? "").pathname.slice(1);
      try {
        await t.addUser(...ANN);
        expect((await call(t.url, "/groups", { as: ANN, format: "json" })).status).toBe(200);
        await adminQuery(`alter database ${name} allow_connections false`);
        await adminQuery(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
        );
        for (const format of ["json", "xml"] as const) {
          const down = await call(t.url, "/groups", { as: ANN, format });
          expect(down.status).toBe(503);
          expect(down.headers["retry-after"]).toBe("5");
          if (format === "json") expect(JSON.parse(down.text).errors[0]).toMatch(/database is unavailable/);
          else expect(down.text).toContain("<error>The database is unavailable");
        }
        expect((await call(t.url, "/healthz")).status).toBe(503);
        await adminQuery(`alter database ${name} allow_connections true`);
        expect((await call(t.url, "/groups", { as: ANN, format: "json" })).status).toBe(200);
        expect((await call(t.url, "/healthz")).status).toBe(200);
      } finally {
        await adminQuery(`alter database ${name} allow_connections true`).catch(() => undefined);
        await t.close();
        await db.dispose();
      }
    },
  );
});
