// Issue 19, finding 6: input that broke output or the server. Characters XML cannot carry are refused
// with the field named (and the feed stays well-formed under a strict reading); character references
// are decoded; markup where text belongs says so; far days and ids past 32 bits are 4xx, never 500.
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];

/** Well-formed XML 1.0, strictly: the grammar, and only characters the Char production allows. */
function expectStrictXml(text: string): void {
  expect(XMLValidator.validate(text)).toBe(true);
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
}

describe.each(DATABASES)("well-formed input and output on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  let group = "";

  beforeAll(async () => {
    db = await kind.fresh();
    t = await startTestServer(db);
    await t.addUser(...ANN);
    const made = await call(t.url, "/groups", {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"group":{"name":"Wellformed","timezone":"UTC"}}',
    });
    group = /(\d+)$/.exec(made.headers["location"] ?? "")?.[1] ?? "";
  });
  afterAll(async () => {
    await t.close();
    await db.dispose();
  });

  const post = (body: string, contentType: string, path = `/groups/${group}/statuses`) =>
    call(t.url, path, { method: "POST", as: ANN, body, contentType, headers: { accept: "application/json" } });

  it.each([
    ["XML", "<status>bell\u0001</status>", "application/xml", "status"],
    ["JSON", '{"status":"esc\\u001b[31m"}', "application/json", "status"],
    ["form", "status%5Btext%5D=bell%01", "application/x-www-form-urlencoded", "status[text]"],
  ])("refuses a control character in a %s note with 400 naming the field", async (_, body, type, field) => {
    const answer = await post(body, type);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(`${field} contains the control character U+00`);
  });

  it("refuses a control character in a group's name, and the feed stays strictly well-formed XML", async () => {
    const answer = await call(t.url, "/groups", {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"group":{"name":"Bad\\u0001name","timezone":"UTC"}}',
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("group[name] contains the control character U+0001");
    for (const path of [`/groups/${group}/statuses.xml`, "/groups.xml"]) {
      const feed = await call(t.url, path, { as: ANN });
      expect(feed.status).toBe(200);
      expectStrictXml(feed.text);
    }
  });

  it("writes text stored before the rule as U+FFFD, so the feed stays well-formed", async () => {
    const posted = await post("<status>before</status>", "application/xml");
    const id = Number(/(\d+)$/.exec(posted.headers["location"] ?? "")?.[1]);
    await t.server.store.notes.update(id, "stored\u0001before", Date.now());
    const feed = await call(t.url, `/groups/${group}/statuses.xml`, { as: ANN });
    expectStrictXml(feed.text);
    expect(feed.text).toContain("stored\uFFFDbefore");
  });

  it("decodes character references in XML: &#233; is stored as é", async () => {
    const posted = await post("<status>caf&#233; &#x41;&amp;B</status>", "application/xml");
    expect(posted.status).toBe(201);
    const id = Number(/(\d+)$/.exec(posted.headers["location"] ?? "")?.[1]);
    expect((await t.server.store.notes.byId(id))?.text).toBe("café A&B");
  });

  const feedSize = async (): Promise<number> =>
    (JSON.parse((await call(t.url, `/groups/${group}/statuses.json`, { as: ANN })).text) as unknown[]).length;

  it.each([
    ["&#1;", "U+0001"],
    ["&#x1B;[31m", "U+001B"],
    ["&#0;", "U+0000"],
    ["&#xD800;", "U+D800"],
    ["&#xdfff;", "U+DFFF"],
    ["&#65534;", "U+FFFE"],
  ])("refuses the reference %s in an XML note with 400 naming the field, and stores nothing", async (ref, code) => {
    const before = await feedSize();
    const answer = await post(`<status>bell${ref}</status>`, "application/xml");
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      errors: [`status contains the control character ${code}: remove it and send again`],
    });
    expect(await feedSize()).toBe(before);
  });

  it("refuses a reference XML cannot carry in a nested field, and makes no group", async () => {
    const groups = async (): Promise<number> =>
      (JSON.parse((await call(t.url, "/groups.json", { as: ANN })).text) as unknown[]).length;
    const before = await groups();
    const answer = await post(
      "<group><name>Bad&#x7;name</name><timezone>UTC</timezone></group>",
      "application/xml",
      "/groups",
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("group[name] contains the control character U+0007");
    expect(await groups()).toBe(before);
  });

  it("refuses a reference past U+10FFFF, which names no character", async () => {
    const answer = await post("<status>far &#x110000;</status>", "application/xml");
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("&#x110000; names no character");
  });

  it("keeps valid references working, and a reference inside CDATA is text, not a reference", async () => {
    for (const [body, stored] of [
      ["<status>&#233;t&#xE9; &#x1F600; tab&#9;end</status>", "été \u{1F600} tab\tend"],
      ["<status><![CDATA[literal &#1; stays]]></status>", "literal &#1; stays"],
    ] as const) {
      const posted = await post(body, "application/xml");
      expect(posted.status).toBe(201);
      const id = Number(/(\d+)$/.exec(posted.headers["location"] ?? "")?.[1]);
      expect((await t.server.store.notes.byId(id))?.text).toBe(stored);
    }
  });

  it("says markup is not plain text instead of calling the note blank", async () => {
    const answer = await post("<status>a <b>b</b></status>", "application/xml");
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("status must be plain text, not markup");
    expect(answer.text).not.toContain("blank");
  });

  it.each([`/groups/GROUP/99991231`, `/groups/GROUP/00000101`, `/groups/GROUP/users/1/99991231`])(
    "answers a far day (%s) with 400, never 500",
    async (path) => {
      const answer = await call(t.url, path.replace("GROUP", group), { as: ANN, format: "json" });
      expect(answer.status).toBe(400);
    },
  );

  it.each([
    ["a group id", () => `/groups/2147483648/statuses`, "GET", undefined],
    ["a status id", () => `/statuses/9999999999`, "GET", undefined],
    ["a new owner's id", () => `/groups/${group}`, "PUT", '{"group":{"new_group_owner_id":"9999999999"}}'],
  ])("answers %s past 2^31-1 with 4xx, never 500", async (_, path, method, body) => {
    const answer = await call(t.url, path(), { method, as: ANN, format: "json", ...(body ? { body } : {}) });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });
});
