/**
 * A deadline per request: connect + headers + the whole body. A server that drips one byte at a
 * time, or never sends its headers, gives a clear `offline` timeout within the deadline, once
 * (the time is spent: no retry on top).
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import { Transport } from "@coop-tray/protocol";
import { APP_USER_AGENT } from "../../main/app/user-agent";

let server: Server;
let base: string;
let requests = 0;
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    open.add(res);
    res.on("close", () => open.delete(res));
    if (req.url?.includes("silent")) return; // accepts, never answers
    res.writeHead(200, { "content-type": "application/xml" });
    // A valid document, one byte every 100 ms (8 s in all).
    const text = `<?xml version="1.0"?>${" ".repeat(40)}<statuses type="array"></statuses>`;
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= text.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(text[i++]);
    }, 100);
    res.on("close", () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of open) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe("the request deadline", () => {
  it("cuts off a drip-feeding body at the deadline with a timeout that says so", async () => {
    const transport = new Transport({ requestDeadlineMs: 800 });
    const started = Date.now();
    const result = await transport.send({ method: "GET", url: new URL(`${base}/groups/25/statuses`), headers: {} });
    const elapsed = Date.now() - started;
    await transport.close();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ kind: "offline", cause: "timeout" });
      expect(result.error.message).toMatch(/did not send a complete answer within 1 s/);
    }
    expect(elapsed).toBeGreaterThanOrEqual(700);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("covers a server that never sends its headers", async () => {
    const transport = new Transport({ requestDeadlineMs: 800 });
    const started = Date.now();
    const result = await transport.send({ method: "GET", url: new URL(`${base}/silent`), headers: {} });
    await transport.close();
    expect(!result.ok && result.error.kind).toBe("offline");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("is not retried by the client: one request, one deadline", async () => {
    const factory = createApiFactory({
      userAgent: APP_USER_AGENT,
      transport: { requestDeadlineMs: 800 },
      retry: { baseDelayMs: 5 },
    });
    const coop = factory.coop({ serverUrl: base, email: "basil@fawltytowers.com", password: "fawltytowers" }, "xml");
    requests = 0;
    const started = Date.now();
    const result = await coop.latestStatuses(25);
    const elapsed = Date.now() - started;
    await factory.close();
    expect(!result.ok && result.error.kind).toBe("offline");
    expect(requests).toBe(1);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("defaults to at most a minute", () => {
    expect(new Transport().requestDeadlineMs).toBeLessThanOrEqual(60_000);
  });
});
