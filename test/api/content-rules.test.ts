/**
 * Strict decoding: invalid UTF-8 is a malformed response that says so (never U+FFFD in a note),
 * and the written-down Content-Type rule (exchange.ts, readBody): a missing Content-Type is read
 * as the format asked for and nothing else; a wrong one or a non-UTF-8 charset is refused.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import type { ApiFactory, CoopClient } from "@coop-tray/protocol";
import { APP_USER_AGENT } from "../../main/app/user-agent";

let server: Server;
let reply: { headers: Record<string, string>; body: Buffer } = { headers: {}, body: Buffer.alloc(0) };
let factory: ApiFactory;
let xml: CoopClient;
let json: CoopClient;

const XML_FEED = (text: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><statuses type="array"><status><id type="integer">7</id><type>Note</type>` +
  `<group-id type="integer">25</group-id><text>${text}</text>` +
  `<created-at type="datetime">2008-11-19T10:00:00Z</created-at>` +
  `<user><id type="integer">21</id><name>Basil Fawlty</name></user></status></statuses>`;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, reply.headers);
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  factory = createApiFactory({ userAgent: APP_USER_AGENT, retry: { attempts: 1 } });
  xml = factory.coop({ serverUrl: url, email: "basil@fawltytowers.com", password: "fawltytowers" }, "xml");
  json = factory.coop({ serverUrl: url, email: "basil@fawltytowers.com", password: "fawltytowers" }, "json");
});
afterAll(async () => {
  await factory.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("decoding", () => {
  it("refuses invalid UTF-8 as malformed, saying so", async () => {
    // "Café" with the é as a lone Latin-1 byte: not UTF-8.
    const [before, after] = XML_FEED("Caf").split("Caf") as [string, string];
    const body = Buffer.concat([Buffer.from(`${before}Caf`), Buffer.from([0xe9]), Buffer.from(after)]);
    reply = { headers: { "content-type": "application/xml; charset=utf-8" }, body };
    const result = await xml.latestStatuses(25);
    expect(!result.ok && result.error).toMatchObject({ kind: "malformed" });
    expect(!result.ok && result.error.message).toMatch(/not valid UTF-8/);
  });

  it("reads valid UTF-8 (and a BOM) unchanged", async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XML_FEED("Café ¿Qué?"))]);
    reply = { headers: { "content-type": "application/xml; charset=utf-8" }, body };
    const result = await xml.latestStatuses(25);
    expect(result.ok && result.value.value?.[0]?.text).toBe("Café ¿Qué?");
  });

  it("a missing Content-Type: read as the format asked for", async () => {
    reply = { headers: {}, body: Buffer.from(XML_FEED("No header")) };
    const result = await xml.latestStatuses(25);
    expect(result.ok && result.value.value?.[0]?.text).toBe("No header");
  });

  it("a missing Content-Type and a body of the other format: malformed, naming the missing header", async () => {
    reply = { headers: {}, body: Buffer.from(XML_FEED("XML to a JSON client")) };
    const result = await json.latestStatuses(25);
    expect(!result.ok && result.error.kind).toBe("malformed");
    expect(!result.ok && result.error.message).toMatch(/no Content-Type/);
  });

  it("a missing Content-Type and an HTML page: a web page, not a feed", async () => {
    reply = { headers: {}, body: Buffer.from("<!DOCTYPE html><html><body>Sign in</body></html>") };
    const result = await xml.latestStatuses(25);
    expect(!result.ok && result.error).toMatchObject({ kind: "malformed", reason: "html" });
  });

  it("a charset other than UTF-8 is refused rather than misread", async () => {
    const body = Buffer.from(XML_FEED("Caf\u00e9"), "latin1");
    reply = { headers: { "content-type": "application/xml; charset=iso-8859-1" }, body };
    const result = await xml.latestStatuses(25);
    expect(!result.ok && result.error).toMatchObject({ kind: "malformed", reason: "contentType" });
    expect(!result.ok && result.error.message).toMatch(/iso-8859-1; only UTF-8/);
  });
});
