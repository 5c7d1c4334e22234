/**
 * Compressed answers (docs/coop-api.md §16.5): the transport asks for gzip, unzips what comes so, and
 * treats a gzip bomb as the too-large answer it is, a broken stream and an unknown encoding as
 * unparseable, all over real HTTP on 127.0.0.1.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Transport } from "@coop-tray/protocol";

const FEED = `<?xml version="1.0" encoding="UTF-8"?><statuses type="array">${"<status><text>Tea</text></status>".repeat(200)}</statuses>`;
let server: Server;
let base: string;
const asked: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.headers["accept-encoding"]);
    const send = (headers: Record<string, string>, body: Buffer): void => {
      res.writeHead(200, { "content-type": "application/xml", ...headers, "content-length": String(body.length) });
      res.end(body);
    };
    if (req.url === "/gzip") send({ "content-encoding": "gzip" }, gzipSync(FEED));
    else if (req.url === "/plain") send({}, Buffer.from(FEED));
    else if (req.url === "/bomb") send({ "content-encoding": "gzip" }, gzipSync(Buffer.alloc(8 * 1024 * 1024)));
    else if (req.url === "/broken") send({ "content-encoding": "gzip" }, gzipSync(FEED).subarray(0, 40));
    else send({ "content-encoding": "br" }, Buffer.from("not brotli"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const get = (transport: Transport, path: string, headers: Record<string, string> = {}) =>
  transport.send({ method: "GET", url: new URL(`${base}${path}`), headers });

describe("compressed answers", () => {
  it("asks for gzip and hands back the unzipped body, with headers that describe it", async () => {
    const transport = new Transport();
    const zipped = await get(transport, "/gzip");
    const plain = await get(transport, "/plain");
    await transport.close();
    expect(asked.slice(-2)).toEqual(["gzip", "gzip"]);
    if (!zipped.ok || !plain.ok) throw new Error("expected both answers");
    expect(zipped.value.body.toString("utf8")).toBe(FEED);
    expect(zipped.value.headers["content-encoding"]).toBeUndefined();
    expect(zipped.value.headers["content-length"]).toBeUndefined();
    expect(plain.value.body.toString("utf8")).toBe(FEED);
  });

  it("keeps a caller's own Accept-Encoding", async () => {
    const transport = new Transport();
    await get(transport, "/plain", { "accept-encoding": "identity" });
    await transport.close();
    expect(asked.at(-1)).toBe("identity");
  });

  it("refuses a gzip bomb as too large, without unzipping past the cap", async () => {
    const transport = new Transport({ maxResponseBytes: 1024 * 1024 });
    const result = await get(transport, "/bomb");
    await transport.close();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: "malformed", reason: "tooLarge" });
  });

  it("says a broken gzip stream or an unknown encoding cannot be read", async () => {
    const transport = new Transport();
    const broken = await get(transport, "/broken");
    const brotli = await get(transport, "/br");
    await transport.close();
    if (broken.ok || brotli.ok) throw new Error("expected both to fail");
    expect(broken.error).toMatchObject({ kind: "malformed", reason: "unparseable" });
    expect(broken.error.message).toMatch(/does not unzip/);
    expect(brotli.error.message).toMatch(/encoding this app cannot read \(br\)/);
  });
});
