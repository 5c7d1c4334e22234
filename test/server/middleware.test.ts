// The HTTP pipeline's middleware hook, on the real server: middleware runs outermost first around
// every request, sees the server's answer on its way out, may answer itself, or write the response
// itself; the Co-op routes behind it answer exactly as without it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SENT } from "../../server/index";
import type { Middleware } from "../../server/index";
import { call } from "../sandbox/helpers";
import { SQLITE } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

describe("middleware on the server's HTTP pipeline", () => {
  let db: TestDatabase;
  let t: TestServer;
  const order: string[] = [];

  const tag =
    (name: string): Middleware =>
    async (exchange, next) => {
      order.push(`${name} in ${exchange.method} ${exchange.url.pathname}`);
      const answer = await next();
      if (answer !== SENT) answer.headers[`x-${name}`] = "seen";
      order.push(`${name} out`);
      return answer;
    };
  const teapot: Middleware = async (exchange, next) =>
    exchange.url.pathname === "/teapot"
      ? { status: 418, headers: { "content-type": "text/plain" }, body: Buffer.from("short and stout") }
      : next();
  const writesItself: Middleware = async (exchange, next) => {
    if (exchange.url.pathname !== "/stream") return next();
    exchange.res.writeHead(200, { "content-type": "text/plain" });
    exchange.res.end("written by the middleware");
    return SENT;
  };

  beforeAll(async () => {
    db = await SQLITE.fresh();
    t = await startTestServer(db, { middleware: [tag("outer"), tag("inner"), teapot, writesItself] });
  });
  afterAll(async () => {
    await t.close();
    await db.dispose();
  });

  it("wraps a Co-op request outermost first, and sees the server's own answer", async () => {
    order.length = 0;
    const res = await call(t.url, "/groups", { format: "json" });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain("Basic");
    expect(res.headers["x-outer"]).toBe("seen");
    expect(res.headers["x-inner"]).toBe("seen");
    expect(order).toEqual(["outer in GET /groups", "inner in GET /groups", "inner out", "outer out"]);
  });

  it("lets a middleware answer without the server, and write the response itself", async () => {
    const tea = await call(t.url, "/teapot");
    expect(tea.status).toBe(418);
    expect(tea.text).toBe("short and stout");
    expect(tea.headers["x-outer"]).toBe("seen");
    const streamed = await call(t.url, "/stream");
    expect(streamed.status).toBe(200);
    expect(streamed.text).toBe("written by the middleware");
  });

  it("runs around /healthz too", async () => {
    const res = await call(t.url, "/healthz");
    expect(res.status).toBe(200);
    expect(res.headers["x-inner"]).toBe("seen");
  });
});
