// Issue 19, finding 3: a Harvest credential cannot send the server anywhere but Harvest (or where the
// admin allowed), a refusal looks the same whether a port is open or closed, Harvest's own error text
// is not reflected, and one member's Harvest that never answers does not hold up another's gathering.
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HarvestGateway } from "../../server/harvest/gateway";
import { loadServerKey, secretBox } from "../../server/secrets";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];
const BOB: Login = ["bob@example.com", "bob-password-1"];

/** A stand-in for an internal service: counts what reaches it and answers with secret-looking text. */
async function internalService(): Promise<{ server: Server; port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((_, res) => {
    hits += 1;
    res.writeHead(500, { "content-type": "text/plain" }).end("INTERNAL-SECRET db=10.0.0.5 stack trace");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, hits: () => hits };
}

describe.each(DATABASES)("outbound requests on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  let annId = 0;
  let internal: Awaited<ReturnType<typeof internalService>>;
  let closedPort = 0;

  beforeAll(async () => {
    internal = await internalService();
    const probe = await internalService();
    closedPort = probe.port;
    await new Promise((resolve) => probe.server.close(resolve));
    db = await kind.fresh();
    t = await startTestServer(db);
    annId = await t.addUser(...ANN);
  });
  afterAll(async () => {
    await t.close();
    await db.dispose();
    await new Promise((resolve) => internal.server.close(resolve));
  });

  const link = (subdomain: string) =>
    call(t.url, `/users/${annId}/harvest_credential`, {
      method: "POST",
      as: ANN,
      format: "json",
      body: JSON.stringify({ harvest_credential: { subdomain, email: "ann@example.com", password: "pw" } }),
    });

  it("refuses addresses off Harvest with 422 naming the field, alike for an open and a closed port, sending nothing", async () => {
    const open = await link(`http://127.0.0.1:${internal.port}/internal/admin`);
    const closed = await link(`http://127.0.0.1:${closedPort}/internal/admin`);
    const smuggled = await link(`127.0.0.1:${internal.port}/internal#`);
    const notHttps = await link("http://fawlty.harvestapp.com");
    for (const answer of [open, closed, smuggled, notHttps]) {
      expect(answer.status).toBe(422);
      expect(JSON.parse(answer.text).errors[0]).toMatch(/^Subdomain must be a Harvest subdomain/);
    }
    expect(open.text).toBe(closed.text);
    expect(internal.hits()).toBe(0);
    expect(await t.server.store.credentials.of(annId)).toBeNull();
  });

  it("never gathers from a credential stored pointing off Harvest", async () => {
    const bob = await t.addUser(...BOB);
    const secret = secretBox(loadServerKey(db.options.dataDir)).seal("pw");
    await t.server.store.credentials.save(
      bob,
      { subdomain: `http://127.0.0.1:${internal.port}/x`, email: "b", secret },
      Date.now(),
    );
    await t.server.gatherer.round();
    expect(internal.hits()).toBe(0);
    await t.server.store.credentials.delete(bob);
  });

  it("does not reflect an allowed server's error text: the user reads one sentence, the log the detail", async () => {
    const allowed = await startTestServer(db, {
      harvestUrls: { v1UrlTemplate: `http://127.0.0.1:${internal.port}/harvest/{subdomain}` },
    });
    try {
      const answer = await call(allowed.url, `/users/${annId}/harvest_credential`, {
        method: "POST",
        as: ANN,
        format: "json",
        body: JSON.stringify({ harvest_credential: { subdomain: "fawlty", email: "ann@example.com", password: "pw" } }),
      });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).errors).toEqual(["Harvest rejected the login: Harvest could not be reached"]);
      expect(internal.hits()).toBeGreaterThan(0);
      expect(allowed.logLines.join("\n")).toContain("harvest check failed");
    } finally {
      await allowed.close();
    }
  });
});

describe.each(DATABASES)("gathering rounds on $name", (kind) => {
  it("a Harvest that never answers for one member does not hold up another member's gathering", async () => {
    const db = await kind.fresh();
    const asked: string[] = [];
    const gateway: HarvestGateway = {
      verify: () => Promise.resolve({ ok: true }),
      gather: (login) => {
        asked.push(login.email);
        if (login.email === "stuck") return new Promise(() => undefined);
        return Promise.resolve({ entries: [], deletedIds: [], until: 1, complete: false });
      },
    };
    const t = await startTestServer(db, { harvest: gateway, gatherMemberDeadlineMs: 200 });
    try {
      const stuck = await t.addUser("stuck@example.com", "pw-stuck-1");
      const fine = await t.addUser("fine@example.com", "pw-fine-12");
      const seal = (text: string) => secretBox(loadServerKey(db.options.dataDir)).seal(text);
      await t.server.store.credentials.save(stuck, { subdomain: "a", email: "stuck", secret: seal("x") }, 1);
      await t.server.store.credentials.save(fine, { subdomain: "b", email: "fine", secret: seal("y") }, 1);
      const round = t.server.gatherer.round();
      // Counted, not timed: the second member is gathered while the first is still waiting.
      await expect
        .poll(async () => (await t.server.store.credentials.of(fine))?.gatheredUntil, { timeout: 5_000 })
        .toBe(1);
      expect(asked).toEqual(["stuck", "fine"]);
      // And the round ends: the stuck member's own deadline gives up on it.
      await round;
      expect((await t.server.store.credentials.of(stuck))?.gatheredUntil).toBeNull();
    } finally {
      await t.server.gatherer.stop();
      await t.close();
      await db.dispose();
    }
  });
});
