/** The Harvest v2 client under failure: 429 and the governor, 5xx, malformed pages, hostile links, offline. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import { SEED, useSandbox, value } from "./helpers";
import { FAWLTY, V2, v2Factories } from "./harvest-v2-helpers";
import { APP_USER_AGENT } from "../../main/app/user-agent";

const env = useSandbox();
const { v2, factory } = v2Factories(env);
const v2Calls = () => env.sandbox.control.requests.filter((r) => r.service === "harvestV2");

describe("429 and Retry-After", () => {
  it("locks the account for Retry-After, sends nothing meanwhile, then succeeds (no hot loop)", async () => {
    // The sandbox allows 3 per second; the client believes in 100 per 15 s, so it will hit the limit.
    env.sandbox.control.harvestV2.setThrottle(3, 1);
    const client = v2();
    const states: (number | null)[] = [];
    const made = factory();
    made.onGovernorState((state) => states.push(state.lockedUntil));
    const shared = made.harvestV2({ token: V2.tokens.basil, accountId: FAWLTY });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => shared.me()));
    expect(results.every((r) => r.ok)).toBe(true);
    const calls = v2Calls();
    const refused = calls.filter((c) => c.status === 429);
    // Only the calls already in flight when the first 429 came back can be refused: 5 sent, 3 served.
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(2);
    expect(calls).toHaveLength(5 + refused.length);
    // Every retry waited out Retry-After (1 s) from the first refusal.
    const firstRefusal = refused[0]?.time ?? 0;
    const retries = calls.filter((c) => c.time > firstRefusal && c.status === 200);
    expect(retries).toHaveLength(refused.length);
    for (const retry of retries) expect(retry.time - firstRefusal).toBeGreaterThanOrEqual(950);
    expect(states.some((s) => s !== null)).toBe(true);
    expect(value(await client.me()).id).toBe(SEED.harvest.admin.id);
  });

  it("noWait gets the throttle as an error with the seconds to wait", async () => {
    env.sandbox.control.harvestV2.setThrottle(1, 30);
    const client = v2();
    expect((await client.me()).ok).toBe(true);
    const refused = await client.me({ noWait: true });
    expect(refused).toMatchObject({ ok: false, error: { kind: "throttled", retryAfterSeconds: 30 } });
    expect(await client.company({ noWait: true })).toMatchObject({ ok: false, error: { kind: "throttled" } });
    expect(v2Calls().filter((c) => c.status === 429)).toHaveLength(1);
  });

  it("a POST refused with 429 is sent again after the pause, and made once", async () => {
    env.sandbox.control.harvestV2.setThrottle(1, 1);
    const client = v2();
    await client.me();
    const created = value(await client.createClient({ name: "After The Pause" }));
    expect(created.name).toBe("After The Pause");
    expect(env.sandbox.control.clients("fawlty").filter((c) => c.name === "After The Pause")).toHaveLength(1);
    expect(
      v2Calls()
        .filter((c) => c.method === "POST")
        .map((c) => c.status),
    ).toEqual([429, 201]);
  });

  it("the governor paces to a shrunk limit it is told about: no 429 at all", async () => {
    env.sandbox.control.harvestV2.setThrottle(5, 1);
    const client = v2(V2.tokens.basil, FAWLTY, { harvestV2Limits: { maxCalls: 5, windowMs: 1000 } });
    const results = await Promise.all(Array.from({ length: 12 }, () => client.company()));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(v2Calls().filter((c) => c.status === 429)).toHaveLength(0);
  });
});

describe("server errors and malformed answers", () => {
  it("a GET retries a 500 and succeeds; a lasting 500 is a server error", async () => {
    env.sandbox.control.fault({ kind: "status500", route: "/harvest-api/v2/company", times: 1 });
    expect((await v2().company()).ok).toBe(true);
    env.sandbox.control.fault({ kind: "status500", route: "/harvest-api/v2/company", times: Infinity });
    expect(await v2().company()).toMatchObject({ ok: false, error: { kind: "server", status: 500 } });
  });

  it("stop is never repeated after a 502 (the repeat would say it is not running)", async () => {
    env.sandbox.control.fault({ kind: "status502", route: "/harvest-api/v2/time_entries/1373078/stop", times: 1 });
    const result = await v2(V2.tokens.polly).stopTimeEntry(V2.runningEntryId);
    expect(result).toMatchObject({ ok: false, error: { kind: "server", status: 502 } });
    expect(v2Calls().filter((c) => c.path.endsWith("/stop"))).toHaveLength(1);
  });

  it("malformed JSON, an HTML page and a cut-off body are malformed errors", async () => {
    for (const kind of ["malformed", "html", "truncated"] as const) {
      env.sandbox.control.fault({ kind, route: "/harvest-api/v2/users/me" });
      const result = await v2().me();
      expect(result, kind).toMatchObject({ ok: false, error: { kind: "malformed" } });
    }
  });

  it("offline is offline", async () => {
    await env.sandbox.control.goOffline();
    try {
      expect(await v2().me()).toMatchObject({ ok: false, error: { kind: "offline", cause: "refused" } });
    } finally {
      await env.sandbox.control.goOnline();
    }
  });
});

/** A stand-in Harvest that answers every list page with the given `next` link. */
async function fakeHarvest(
  next: (server: string) => string | null,
): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  let url = "";
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(`${req.headers["authorization"] ?? ""} ${req.url ?? ""}`);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        clients: [{ id: hits.length, name: `C${hits.length}`, is_active: true }],
        links: { next: next(url) },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  return { url, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("hostile pagination", () => {
  it("never follows links.next to another server (the token would go with it)", async () => {
    const elsewhere = await fakeHarvest(() => null);
    const harvest = await fakeHarvest(() => `${elsewhere.url}/v2/clients?cursor=x`);
    const apiFactory = createApiFactory({ userAgent: APP_USER_AGENT, harvestApiUrl: `${harvest.url}/v2` });
    try {
      const result = await apiFactory.harvestV2({ token: "secret-token", accountId: 1 }).listClients();
      expect(result).toMatchObject({
        ok: false,
        error: { kind: "malformed", message: expect.stringMatching(/another server/) },
      });
      if (!result.ok) expect(result.error.message).not.toContain("secret-token");
      expect(elsewhere.hits).toHaveLength(0);
    } finally {
      await apiFactory.close();
      await harvest.close();
      await elsewhere.close();
    }
  });

  it("stops when a server hands back the same page again", async () => {
    const harvest = await fakeHarvest((url) => `${url}/v2/clients?cursor=same&per_page=2000`);
    const apiFactory = createApiFactory({ userAgent: APP_USER_AGENT, harvestApiUrl: `${harvest.url}/v2` });
    try {
      const result = await apiFactory.harvestV2({ token: "t", accountId: 1 }).listClients();
      expect(result).toMatchObject({
        ok: false,
        error: { kind: "malformed", message: expect.stringMatching(/same page/) },
      });
      expect(harvest.hits).toHaveLength(2);
      expect(harvest.hits[0]).toMatch(/^Bearer t \/v2\/clients\?per_page=2000$/);
    } finally {
      await apiFactory.close();
      await harvest.close();
    }
  });
});
