// The real server over HTTP on both databases: sign-in, the API's rules, Harvest credentials checked
// against a Harvest v1 server (the sandbox's, over HTTP), secrets never returned or logged.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";
import { acceptInvitations, startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

let harvest: Sandbox;
beforeAll(async () => {
  harvest = await start({ port: 0 });
});
afterAll(async () => {
  await harvest.close();
});

const ANN: Login = ["ann@example.com", "ann-password-1"];
const BOB: Login = ["bob@example.com", "bob-password-1"];

describe.each(DATABASES)("the server on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  let annId: number;
  let bobId: number;

  beforeEach(async () => {
    db = await kind.fresh();
    // The admin allows the sandbox's Harvest v1 (docs/coop-api.md §16.2): credentials may point there.
    t = await startTestServer(db, { harvestUrls: { v1UrlTemplate: `${harvest.url}/harvest/{subdomain}` } });
    annId = await t.addUser(...ANN);
    bobId = await t.addUser(...BOB);
  });
  afterEach(async () => {
    await t.close();
    await db.dispose();
  });

  const newGroup = async (as: Login, body = { group: { name: "Kitchen", timezone: "London" } }): Promise<number> => {
    const res = await call(t.url, "/groups", { method: "POST", as, format: "json", body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return Number(/\/groups\/(\d+)$/.exec(res.headers["location"] ?? "")?.[1]);
  };

  it("answers /healthz without auth, and 401 with the Basic challenge without a login", async () => {
    const health = await call(t.url, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: "ok", database: { reachable: true, writable: true } });
    const denied = await call(t.url, "/groups", { format: "xml" });
    expect(denied.status).toBe(401);
    expect(denied.headers["www-authenticate"]).toBe('Basic realm="Application"');
    expect(denied.text).toContain("<errors>");
    expect((await call(t.url, "/groups", { format: "json", as: [ANN[0], "wrong"] })).status).toBe(401);
  });

  it("serves groups, notes and the feed in XML and JSON, with Rails' suffixes, slash and form bodies", async () => {
    const id = await newGroup(ANN, {
      group: { name: "Kitchen", timezone: "London", member_emails: `${BOB[0]}, not-an-email` },
    } as never);
    await acceptInvitations(t.url, BOB);
    expect(
      (await call(t.url, `/groups/${id}/statuses?status=From+the+query`, { method: "POST", as: BOB })).status,
    ).toBe(201);
    const form = await call(t.url, `/groups/${id}/statuses`, {
      method: "POST",
      as: ANN,
      body: "status=From+a+form",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(201);
    const xml = await call(t.url, `/groups/${id}/statuses.xml/`, { as: ANN });
    expect(xml.headers["content-type"]).toContain("application/xml");
    expect(xml.text.indexOf("From a form")).toBeLessThan(xml.text.indexOf("From the query"));
    const json = JSON.parse((await call(t.url, `/groups/${id}/statuses.json`, { as: BOB })).text) as Array<{
      text: string;
      user: { id: number };
    }>;
    expect(json.map((s) => s.text)).toEqual(["From a form", "From the query"]);
    expect(json[1]?.user.id).toBe(bobId);
    const groups = JSON.parse((await call(t.url, "/groups.json", { as: BOB })).text) as Array<{
      id: number;
      memberships_count: number;
    }>;
    expect(groups).toEqual([expect.objectContaining({ id, memberships_count: 2 })]);
  });

  it("keeps its rules: only the owner changes the owner or deletes; outsiders see 404; deleting a group takes its notes", async () => {
    const id = await newGroup(ANN);
    expect((await call(t.url, `/groups/${id}/statuses`, { as: BOB, format: "json" })).status).toBe(404);
    expect(
      (
        await call(t.url, `/groups/${id}/memberships`, {
          method: "POST",
          as: ANN,
          format: "json",
          body: JSON.stringify({ member_emails: BOB[0] }),
        })
      ).status,
    ).toBe(201);
    // Invited, not yet in: still an outsider until Bob accepts.
    expect((await call(t.url, `/groups/${id}/statuses`, { as: BOB, format: "json" })).status).toBe(404);
    await acceptInvitations(t.url, BOB);
    const refused = await call(t.url, `/groups/${id}/change_owner`, {
      method: "PUT",
      as: BOB,
      format: "json",
      body: JSON.stringify({ new_group_owner_id: bobId }),
    });
    expect(refused).toMatchObject({ status: 400 });
    expect(JSON.parse(refused.text)).toEqual({ errors: ["Only the group owner can change the owner"] });
    expect((await call(t.url, `/groups/${id}`, { method: "DELETE", as: BOB, format: "json" })).status).toBe(400);
    await call(t.url, `/groups/${id}/statuses`, { method: "POST", as: BOB, format: "json", body: '{"status":"bye"}' });
    expect((await call(t.url, `/groups/${id}`, { method: "DELETE", as: ANN, format: "json" })).status).toBe(200);
    expect(await t.server.store.notes.feed({ groupId: id })).toEqual([]);
  });

  it("lists each member's membership id, which removing (owner) and leaving take (docs/coop-api.md §7.2, §7.4)", async () => {
    const id = await newGroup(ANN);
    const added = await call(t.url, `/groups/${id}/memberships`, {
      method: "POST",
      as: ANN,
      format: "json",
      body: JSON.stringify({ member_emails: BOB[0] }),
    });
    expect(added.status).toBe(201);
    await acceptInvitations(t.url, BOB);
    const listed = JSON.parse((await call(t.url, `/groups/${id}/memberships.json`, { as: BOB })).text) as Array<{
      id: number;
      membership_id: number;
    }>;
    expect(listed.map((u) => u.id)).toEqual([annId, bobId]);
    const bobs = listed.find((u) => u.id === bobId)?.membership_id;
    expect(Number.isSafeInteger(bobs)).toBe(true);
    const xml = (await call(t.url, `/groups/${id}/memberships.xml`, { as: ANN })).text;
    expect(xml).toContain(`<membership-id type="integer">${bobs}</membership-id>`);
    // The users route lists the same ids (an added field old clients ignore).
    expect((await call(t.url, `/groups/${id}/users.json`, { as: ANN })).text).toContain(`"membership_id":${bobs}`);
    expect(
      (await call(t.url, `/groups/${id}/memberships/${bobs}`, { method: "DELETE", as: ANN, format: "json" })).status,
    ).toBe(200);
    expect((await call(t.url, `/groups/${id}/statuses`, { as: BOB, format: "json" })).status).toBe(404);
  });

  it("a changed password stops the remembered login at once", async () => {
    const id = await newGroup(ANN);
    expect((await call(t.url, `/groups/${id}/statuses`, { as: ANN, format: "json" })).status).toBe(200);
    const { hashPassword } = await import("../../server/auth/passwords");
    await t.server.store.users.changePassword(annId, await hashPassword("a-new-password"), Date.now(), null);
    expect((await call(t.url, `/groups/${id}/statuses`, { as: ANN, format: "json" })).status).toBe(401);
    expect(
      (await call(t.url, `/groups/${id}/statuses`, { as: [ANN[0], "a-new-password"], format: "json" })).status,
    ).toBe(200);
  });

  it("slows failed sign-ins on an account and from an address after five", async () => {
    for (let i = 0; i < 6; i += 1)
      expect((await call(t.url, "/groups", { as: [ANN[0], `wrong-${i}`], format: "json" })).status).toBe(401);
    const slowStart = performance.now();
    expect((await call(t.url, "/groups", { as: [ANN[0], "wrong-again"], format: "json" })).status).toBe(401);
    const slow = performance.now() - slowStart;
    // The seventh try owes at least 2 × 250 ms (a fast 401 here means no slowdown).
    expect(slow).toBeGreaterThanOrEqual(450);
  });

  it("checks a Harvest credential with Harvest first: 400 with Harvest's reason; stored sealed, never returned or logged", async () => {
    const v1 = `${harvest.url}/harvest/${SEED.harvest.subdomain}`;
    const path = `/users/${annId}/harvest_credential`;
    const wrong = await call(t.url, path, {
      method: "POST",
      as: ANN,
      format: "json",
      body: JSON.stringify({
        harvest_credential: { subdomain: v1, email: SEED.harvest.nonAdmin.email, password: "nope" },
      }),
    });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text).errors[0]).toMatch(/^Harvest rejected the login: /);
    const body = JSON.stringify({
      harvest_credential: {
        subdomain: v1,
        email: SEED.harvest.nonAdmin.email,
        password: SEED.harvest.nonAdmin.password,
      },
    });
    expect((await call(t.url, path, { method: "POST", as: ANN, format: "json", body })).status).toBe(201);
    const shown = await call(t.url, path, { as: ANN, format: "xml" });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(`<user-id type="integer">${annId}</user-id>`);
    expect(shown.text).not.toContain(SEED.harvest.nonAdmin.password);
    expect((await call(t.url, path, { as: BOB, format: "json" })).status).toBe(404);
    const stored = await t.server.store.credentials.of(annId);
    expect(stored?.secret).toMatch(/^v1\./);
    expect(stored?.secret).not.toContain(SEED.harvest.nonAdmin.password);
    expect(t.logLines.join("")).not.toContain(SEED.harvest.nonAdmin.password);
    expect(t.logLines.join("")).not.toContain(ANN[1]);
  });
});

describe("Basic auth over plain HTTP", () => {
  let db: TestDatabase;
  afterEach(async () => {
    await db.dispose();
  });

  it("is refused when the server listens beyond loopback, unless allowed or behind a TLS proxy it trusts", async () => {
    const sqlite = DATABASES[0];
    if (sqlite === undefined) throw new Error("no database");
    db = await sqlite.fresh();
    const open = await startTestServer(db, { host: "0.0.0.0" });
    const url = open.url.replace("0.0.0.0", "127.0.0.1");
    try {
      await open.addUser(...ANN);
      const refused = await call(url, "/groups", { as: ANN, format: "json" });
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text).errors[0]).toMatch(/plain HTTP is refused/);
      expect((await call(url, "/healthz")).status).toBe(200);
    } finally {
      await open.close();
    }
    const proxied = await startTestServer(db, { host: "0.0.0.0", trustProxy: true });
    try {
      const url2 = proxied.url.replace("0.0.0.0", "127.0.0.1");
      expect(
        (await call(url2, "/groups", { as: ANN, format: "json", headers: { "x-forwarded-proto": "https" } })).status,
      ).toBe(200);
      expect((await call(url2, "/groups", { as: ANN, format: "json" })).status).toBe(403);
    } finally {
      await proxied.close();
    }
    const allowed = await startTestServer(db, { host: "0.0.0.0", allowInsecureHttp: true });
    try {
      expect(
        (await call(allowed.url.replace("0.0.0.0", "127.0.0.1"), "/groups", { as: ANN, format: "json" })).status,
      ).toBe(200);
    } finally {
      await allowed.close();
    }
  });
});

describe("HTTPS", () => {
  it("serves TLS with --tls-cert/--tls-key and accepts Basic credentials off loopback there", async () => {
    const { spawnSync } = await import("node:child_process");
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { request } = await import("node:https");
    const sqlite = DATABASES[0];
    if (sqlite === undefined) throw new Error("no database");
    const db = await sqlite.fresh();
    const key = join(db.options.dataDir, "tls.key");
    const cert = join(db.options.dataDir, "tls.pem");
    const made = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { encoding: "utf8" },
    );
    expect(made.status, made.stderr).toBe(0);
    const t = await startTestServer(db, { host: "0.0.0.0", tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    try {
      expect(t.url).toMatch(/^https:\/\//);
      await t.addUser(...ANN);
      const port = Number(new URL(t.url).port);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port,
            path: "/groups.json",
            ca: readFileSync(cert),
            headers: { authorization: `Basic ${Buffer.from(ANN.join(":")).toString("base64")}` },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end();
      });
      expect(status).toBe(200);
    } finally {
      await t.close();
      await db.dispose();
    }
  });
});
