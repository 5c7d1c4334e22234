import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { BASIL, HARVEST_ADMIN, POLLY, call, decode, errorsOf } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ port: 0 });
});
afterAll(() => sb.close());
beforeEach(() => sb.control.reset());

describe("format negotiation", () => {
  it("a .xml/.json suffix wins over Accept", async () => {
    const xml = await call(sb.url, "/groups.xml", { as: BASIL, format: "json" });
    expect(xml.headers["content-type"]).toBe("application/xml; charset=utf-8");
    const json = await call(sb.url, "/groups.json", { as: BASIL, format: "xml" });
    expect(json.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(decode(xml, "xml")).toEqual(decode(json, "json"));
    const harvest = await call(`${sb.url}/harvest/fawlty`, "/clients/1.json", { as: HARVEST_ADMIN });
    expect(JSON.parse(harvest.text)).toMatchObject({ client: { id: 1 } });
  });

  it("Accept picks the format, the first known type first; Content-Type when Accept says nothing", async () => {
    const json = await call(sb.url, "/groups", {
      as: BASIL,
      headers: { accept: "text/plain, application/json;q=0.9, application/xml" },
    });
    expect(json.headers["content-type"]).toContain("application/json");
    const xml = await call(sb.url, "/groups", { as: BASIL, headers: { accept: "*/*", "content-type": "text/xml" } });
    expect(xml.headers["content-type"]).toContain("application/xml");
  });

  it("with neither, answers like a Rails web app: an HTML page", async () => {
    const page = await call(sb.url, "/groups", { as: BASIL });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.text).toMatch(/^<!DOCTYPE html>/);
    expect(page.text).toContain("Fawlty Towers - Argentina");
    const denied = await call(sb.url, "/groups");
    expect(denied.status).toBe(401);
    expect(denied.headers["content-type"]).toContain("text/html");
  });
});

describe("Rails-style output", () => {
  it("XML: declaration, dashed names, typed scalars, nil, escaped text", async () => {
    const answer = await call(sb.url, "/groups/25/users", { as: POLLY, format: "xml" });
    expect(
      answer.text.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<users type="array">\n  <user>\n    <id type="integer">21</id>',
      ),
    ).toBe(true);
    expect(answer.text).toContain("<first-name>Polly</first-name>");
    expect(answer.text).toContain('<city nil="true"/>');
    expect(answer.text).toContain('<updated-at type="datetime">');
    const clients = await call(`${sb.url}/harvest/fawlty`, "/clients", { as: HARVEST_ADMIN, format: "xml" });
    expect(clients.text).toContain("<name>Miss Tibbs &amp; Miss Gatsby</name>");
    expect(clients.text).toContain('<active type="boolean">false</active>');
    expect(clients.text).toContain('<highrise-id type="integer" nil="true"/>');
    const statuses = await call(sb.url, "/groups/25/statuses", { as: POLLY, format: "xml" });
    expect(statuses.text).toContain("<text>Lobster delivery &lt; expected, call the fishmonger (#55)</text>");
    expect(statuses.text).toContain('<hours type="float">22.91</hours>');
    expect(statuses.text).toContain('<spent-at type="date">2008-11-19</spent-at>');
  });

  it('an empty Co-op list is <statuses type="array"/> in XML and [] in JSON', async () => {
    const xml = await call(sb.url, "/groups/25/19990101", { as: BASIL, format: "xml" });
    expect(xml.text).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<statuses type="array"/>\n');
    const json = await call(sb.url, "/groups/25/19990101", { as: BASIL, format: "json" });
    expect(json.text).toBe("[]");
  });

  it('error bodies: <errors><error> and {"errors": [...]}', async () => {
    const xml = await call(sb.url, "/nowhere", { as: BASIL, format: "xml" });
    expect(xml.status).toBe(404);
    expect(xml.text).toContain(
      "<errors>\n  <error>No route matches [GET] &quot;/nowhere&quot;</error>".replaceAll("&quot;", '"'),
    );
    const json = await call(sb.url, "/groups", { method: "PATCH", as: BASIL, format: "json" });
    expect(json.status).toBe(404);
    expect(JSON.parse(json.text)).toEqual({ errors: ['No route matches [PATCH] "/groups"'] });
  });
});

describe("Co-op headers", () => {
  it("GET: ETag is the body's md5; If-None-Match answers 304 until the feed changes", async () => {
    const first = await call(sb.url, "/groups/25/statuses", { as: BASIL, format: "json" });
    const etag = first.headers["etag"];
    expect(etag).toBe(`"${createHash("md5").update(first.text).digest("hex")}"`);
    expect(first.headers["cache-control"]).toBe("max-age=0, private, must-revalidate");
    expect(first.headers["x-powered-by"]).toContain("Phusion Passenger");
    expect(first.headers["set-cookie"]).toMatch(/^_co-op_session=[0-9a-f]+; path=\/; HttpOnly$/);

    const same = await call(sb.url, "/groups/25/statuses", {
      as: BASIL,
      format: "json",
      headers: { "if-none-match": etag ?? "" },
    });
    expect(same.status).toBe(304);
    expect(same.text).toBe("");
    expect(same.headers["etag"]).toBe(etag);

    await call(sb.url, "/groups/25/statuses", { method: "POST", as: POLLY, format: "json", body: '{"status":"new"}' });
    const changed = await call(sb.url, "/groups/25/statuses", {
      as: BASIL,
      format: "json",
      headers: { "if-none-match": etag ?? "" },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers["etag"]).not.toBe(etag);
  });

  it("401 for bad or missing credentials, with a Basic challenge", async () => {
    for (const as of [[BASIL[0], "basil"] as const, ["nobody@example.com", "fawltytowers"] as const, null]) {
      const answer = await call(sb.url, "/groups", { as, format: "json" });
      expect(answer.status).toBe(401);
      expect(answer.headers["www-authenticate"]).toBe('Basic realm="Application"');
    }
    const garbage = await call(sb.url, "/groups", { format: "json", headers: { authorization: "Basic !!!" } });
    expect(garbage.status).toBe(401);
  });
});

describe("request bodies", () => {
  const post = (body: string, contentType: string) =>
    call(sb.url, "/groups", { method: "POST", as: BASIL, format: "json", body, contentType });

  it("form parameters with Rails brackets", async () => {
    const answer = await post("group[name]=Form+Group&group[timezone]=Paris", "application/x-www-form-urlencoded");
    expect(answer.status).toBe(201);
    expect(sb.control.groups().at(-1)).toMatchObject({ name: "Form Group", timezone: "Paris" });
  });

  it("malformed XML and JSON are 400s with a message, and the server carries on", async () => {
    const xml = await post("<group><name>Broken</nmae></group>", "application/xml");
    expect(xml.status).toBe(400);
    expect(errorsOf(xml, "json")[0]).toContain("Malformed XML");
    const json = await post('{"group": {"name": ', "application/json");
    expect(json.status).toBe(400);
    expect(errorsOf(json, "json")[0]).toContain("Malformed JSON");
    const array = await post("[1,2]", "application/json");
    expect(array.status).toBe(400);
    expect((await call(sb.url, "/groups", { as: BASIL, format: "json" })).status).toBe(200);
    expect(sb.control.groups()).toHaveLength(2);
  });

  it("an XML body with a DOCTYPE (entity expansion) is refused unread", async () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE group [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><group><name>&b;</name><timezone>London</timezone></group>';
    const answer = await post(bomb, "application/xml");
    expect(answer.status).toBe(400);
    expect(errorsOf(answer, "json")[0]).toContain("DOCTYPE");
  });

  it("deeply nested XML and an unknown Content-Type are 400s; a body over 1 MB is a 413", async () => {
    const deep = `<group>${"<a>".repeat(200)}${"</a>".repeat(200)}</group>`;
    expect((await post(deep, "application/xml")).status).toBe(400);
    expect((await post("name=x", "text/csv")).status).toBe(400);
    const big = await post(
      JSON.stringify({ group: { name: "x".repeat(1024 * 1024 + 10), timezone: "London" } }),
      "application/json",
    );
    expect(big.status).toBe(413);
  });

  it("prototype keys in a body are ignored", async () => {
    const answer = await post(
      '{"group":{"name":"Proto","timezone":"London","__proto__":{"polluted":"yes"}}}',
      "application/json",
    );
    expect(answer.status).toBe(201);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
