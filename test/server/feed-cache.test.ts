// The feed cache (docs/coop-api.md §6.10, §12): a repeated read is answered from the rendered bytes,
// If-None-Match gets a 304 without rendering, every write that changes the feed (here or on another
// instance sharing the PostgreSQL database) is seen at once, and a day comes in capped pages.
import { gunzipSync } from "node:zlib";
import { request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { basic, call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DAY_PAGE_LIMIT } from "../../server/coop/routes/statuses";
import { DATABASES, POSTGRES } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];
const BOB: Login = ["bob@example.com", "bob-password-1"];

async function groupOf(t: TestServer, ownerId: number, memberIds: readonly number[] = []): Promise<number> {
  const { store } = t.server;
  const group = await store.groups.create(
    { name: "Kitchen", timezone: "UTC", ownerId, feedKey: "k", apiToken: "api-token" },
    Date.now(),
    false,
  );
  for (const id of memberIds)
    await store.db
      .insertInto("memberships")
      .values({ group_id: group.id, user_id: id, harvest_linked: 0, agenda: "" })
      .execute();
  return group.id;
}

const post = (t: TestServer, group: number, as: Login, text: string) =>
  call(t.url, `/groups/${group}/statuses`, {
    method: "POST",
    as,
    format: "json",
    body: JSON.stringify({ status: text }),
  });

describe.each(DATABASES)("the feed cache on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  let annId: number;
  let bobId: number;

  beforeEach(async () => {
    db = await kind.fresh();
    t = await startTestServer(db);
    annId = await t.addUser(...ANN);
    bobId = await t.addUser(...BOB);
  });
  afterEach(async () => {
    await t.close();
    await db.dispose();
  });

  it("sends the cached feed gzipped to a client that asks, zipped once, with an ETag and a 304 of its own", async () => {
    const group = await groupOf(t, annId);
    expect((await post(t, group, ANN, "Soup on the stove")).status).toBe(201);
    const plain = await call(t.url, `/groups/${group}/statuses`, { as: ANN, format: "xml" });
    const zipped = await request(`${t.url}/groups/${group}/statuses.xml`, {
      headers: { authorization: basic(ANN), "accept-encoding": "br;q=1, gzip;q=0.8" },
    });
    const bytes = Buffer.from(await zipped.body.arrayBuffer());
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers["vary"]).toBe("Accept-Encoding");
    expect(plain.headers["vary"]).toBe("Accept-Encoding");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gunzipSync(bytes).toString("utf8")).toBe(plain.text);
    expect(bytes.length).toBeLessThan(Buffer.byteLength(plain.text));
    const etag = String(zipped.headers["etag"]);
    expect(etag).toBe(plain.headers["etag"]?.replace(/"$/, '-gzip"'));
    const renders = t.server.feeds.renders;
    const again = await request(`${t.url}/groups/${group}/statuses.xml`, {
      headers: { authorization: basic(ANN), "accept-encoding": "gzip", "if-none-match": etag },
    });
    await again.body.dump();
    expect(again.statusCode).toBe(304);
    // A client that refuses gzip (q=0) gets the plain bytes.
    const refused = await call(t.url, `/groups/${group}/statuses`, {
      as: ANN,
      format: "xml",
      headers: { "accept-encoding": "gzip;q=0, identity" },
    });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.text).toBe(plain.text);
    expect(t.server.feeds.renders).toBe(renders);
  });

  it("answers If-None-Match with 304 from the cached ETag, without rendering again", async () => {
    const group = await groupOf(t, annId);
    expect((await post(t, group, ANN, "Soup on the stove")).status).toBe(201);
    const first = await call(t.url, `/groups/${group}/statuses`, { as: ANN, format: "xml" });
    expect(first.status).toBe(200);
    expect(first.text).toContain("Soup on the stove");
    const etag = first.headers["etag"] ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const renders = t.server.feeds.renders;
    const again = await call(t.url, `/groups/${group}/statuses`, {
      as: ANN,
      format: "xml",
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    const plain = await call(t.url, `/groups/${group}/statuses`, { as: ANN, format: "xml" });
    expect(plain.text).toBe(first.text);
    expect(t.server.feeds.renders).toBe(renders);
    // Each format is its own entry.
    const json = await call(t.url, `/groups/${group}/statuses`, { as: ANN, format: "json" });
    expect(json.text).toContain("Soup on the stove");
    expect(t.server.feeds.renders).toBe(renders + 1);
  });

  it("sees every write that changes the feed: a note, its edit and deletion, a member's new name", async () => {
    const group = await groupOf(t, annId, [bobId]);
    const read = async () => (await call(t.url, `/groups/${group}/statuses`, { as: ANN, format: "json" })).text;
    expect(await read()).toBe("[]");
    const posted = await post(t, group, BOB, "Bread is rising");
    const noteId = Number(/\/statuses\/(\d+)$/.exec(posted.headers["location"] ?? "")?.[1]);
    expect(await read()).toContain("Bread is rising");
    await call(t.url, `/statuses/${noteId}`, {
      method: "PUT",
      as: BOB,
      format: "json",
      body: JSON.stringify({ status: "Bread is baked" }),
    });
    expect(await read()).toContain("Bread is baked");
    await t.server.store.db.updateTable("users").set({ first_name: "Robert" }).where("id", "=", bobId).execute();
    expect(await read()).toContain("Robert");
    await call(t.url, `/statuses/${noteId}`, { method: "DELETE", as: BOB, format: "json" });
    expect(await read()).toBe("[]");
  });

  it(`caps a day at ${DAY_PAGE_LIMIT} statuses and links the next page`, async () => {
    const group = await groupOf(t, annId);
    const day = Date.UTC(2026, 2, 3, 9);
    const rows = Array.from({ length: DAY_PAGE_LIMIT + 5 }, (_, i) => ({
      group_id: group,
      user_id: annId,
      text: `Note ${i}`,
      created_at: day + i * 1000,
      updated_at: day + i * 1000,
    }));
    for (let i = 0; i < rows.length; i += 200)
      await t.server.store.db
        .insertInto("notes")
        .values(rows.slice(i, i + 200))
        .execute();
    const first = await call(t.url, `/groups/${group}/2026-03-03`, { as: ANN, format: "json" });
    expect(first.status).toBe(200);
    const page1 = JSON.parse(first.text) as Array<{ text: string }>;
    expect(page1).toHaveLength(DAY_PAGE_LIMIT);
    expect(page1[0]?.text).toBe(`Note ${DAY_PAGE_LIMIT + 4}`);
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers["link"] ?? "")?.[1] ?? "";
    expect(next).toBe(`${t.url}/groups/${group}/2026-03-03.json?page=2`);
    const second = await call(t.url, next.slice(t.url.length), { as: ANN });
    const page2 = JSON.parse(second.text) as Array<{ text: string }>;
    expect(page2.map((s) => s.text)).toEqual(["Note 4", "Note 3", "Note 2", "Note 1", "Note 0"]);
    expect(second.headers["link"]).toBeUndefined();
    expect((await call(t.url, `/groups/${group}/2026-03-03?page=0`, { as: ANN, format: "json" })).status).toBe(400);
  });
});

describe.skipIf(POSTGRES === null)("two servers on one PostgreSQL database", () => {
  it("a write on one instance is seen by the other's cached feed at once", async () => {
    const db = await POSTGRES!.fresh();
    const a = await startTestServer(db);
    const b = await startTestServer(db);
    try {
      const annId = await a.addUser(...ANN);
      const group = await groupOf(a, annId);
      const read = async (t: TestServer) =>
        (await call(t.url, `/groups/${group}/statuses`, { as: ANN, format: "json" })).text;
      expect(await read(a)).toBe("[]");
      expect(await read(a)).toBe("[]");
      expect(a.server.feeds.renders).toBe(1);
      expect((await post(b, group, ANN, "Posted on the other instance")).status).toBe(201);
      expect(await read(a)).toContain("Posted on the other instance");
      expect(a.server.feeds.renders).toBe(2);
    } finally {
      await a.close();
      await b.close();
      await db.dispose();
    }
  });
});
