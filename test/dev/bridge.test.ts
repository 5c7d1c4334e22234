import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DEV_BRIDGE_CSP } from "../../shared/csp";
import { parseCallFrame } from "../../dev/bridge/frames";
import { startBridge, type Bridge } from "../../dev/bridge/server";
import { resolveRequestPath as resolveStaticPath } from "../../main/files/static-file";
import { createFakeBackend, type FakeBackend } from "../../dev/fake-backend";

let dir: string;
let bridge: Bridge;
let backend: FakeBackend;
let connects = 0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bridge-test-"));
  await writeFile(join(dir, "index.html"), "<!doctype html><title>t</title>");
  await writeFile(join(dir, "app.js"), "export {};");
  await mkdir(join(dir, ".hidden"));
  await writeFile(join(dir, ".hidden", "x"), "secret");
  await writeFile(join(tmpdir(), "outside-bridge.txt"), "outside");
  backend = createFakeBackend();
  connects = 0;
  bridge = await startBridge({
    port: 0,
    dispatch: backend.dispatch,
    subscribe: backend.subscribe,
    staticDir: dir,
    maxMessageBytes: 4096,
    onConnect: () => connects++,
  });
});

afterEach(async () => {
  await bridge.close();
  await rm(dir, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: bridge.port, path, method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function connect(origin = `http://127.0.0.1:${bridge.port}`): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, { origin });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once("message", (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
  );
}

describe("static files", () => {
  it("serves the renderer with the CSP and nosniff", async () => {
    const index = await get("/");
    expect(index.status).toBe(200);
    expect(index.headers["content-type"]).toMatch(/text\/html/);
    expect(index.headers["content-security-policy"]).toBe(DEV_BRIDGE_CSP);
    expect(index.headers["x-content-type-options"]).toBe("nosniff");
    expect((await get("/app.js")).headers["content-type"]).toMatch(/javascript/);
  });

  it("answers an unchanged file with 304 and a changed one in full (so Chromium keeps its code cache)", async () => {
    const first = await get("/app.js");
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers["cache-control"]).toBe("no-cache");
    const again = await get("/app.js", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
    expect(again.headers["content-security-policy"]).toBe(DEV_BRIDGE_CSP);
    await writeFile(join(dir, "app.js"), "export const changed = 1;");
    const changed = await get("/app.js", { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.body).toBe("export const changed = 1;");
    expect(changed.headers.etag).not.toBe(etag);
  });

  it("refuses paths outside the folder, dotfiles, other methods and foreign hosts", async () => {
    expect((await get("/../outside-bridge.txt")).status).toBe(404);
    expect((await get("/%2e%2e/outside-bridge.txt")).status).toBe(404);
    expect((await get("/.hidden/x")).status).toBe(404);
    expect((await get("/missing.js")).status).toBe(404);
    expect((await get("/", {}, "POST")).status).toBe(405);
    expect((await get("/", { host: "evil.example:80" })).status).toBe(421);
    expect(resolveStaticPath("/srv/app", "/%00")).toBeNull();
    expect(resolveStaticPath("/srv/app", "/a/../../etc/passwd")).toBeNull();
    expect(resolveStaticPath("/srv/app", "/")).toBe("/srv/app/index.html");
  });
});

describe("the first frame", () => {
  it("serves index.html as the pre-rendered page (never a 304), falling back to the file when it fails", async () => {
    await bridge.close();
    let fail = false;
    bridge = await startBridge({
      port: 0,
      dispatch: backend.dispatch,
      subscribe: backend.subscribe,
      staticDir: dir,
      indexPage: async () => {
        if (fail) throw new Error("no frame");
        return Buffer.from("<!doctype html><title>t</title><main>first frame</main>");
      },
    });
    const page = await get("/");
    expect(page.body).toBe("<!doctype html><title>t</title><main>first frame</main>");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.headers.etag).toBeUndefined();
    expect(page.headers["content-security-policy"]).toBe(DEV_BRIDGE_CSP);
    expect((await get("/app.js")).body).toBe("export {};");
    fail = true;
    const plain = await get("/index.html");
    expect(plain.status).toBe(200);
    expect(plain.body).toBe("<!doctype html><title>t</title>");
  });
});

describe("websocket calls", () => {
  it("forwards calls to the dispatcher, validation included", async () => {
    const ws = await connect();
    expect(connects).toBe(1);
    ws.send(JSON.stringify({ id: 1, call: "listGroups" }));
    const groups = await nextFrame(ws);
    expect(groups.id).toBe(1);
    expect(groups.result).toMatchObject({ ok: true });
    expect((groups.result as { value: unknown[] }).value.length).toBeGreaterThan(0);

    ws.send(JSON.stringify({ id: 2, call: "postNote", args: { groupId: -4, text: "x" } }));
    expect((await nextFrame(ws)).result).toMatchObject({ ok: false, error: { kind: "invalidInput" } });
    ws.close();
  });

  it("refuses malformed frames without running anything", async () => {
    const ws = await connect();
    for (const [frame, id] of [
      ["not json", null],
      ["[1,2]", null],
      [JSON.stringify({ id: "x", call: "getState" }), null],
      [JSON.stringify({ id: 7, call: "constructor" }), 7],
      [JSON.stringify({ id: 8, call: "getState", extra: 1 }), 8],
    ] as const) {
      ws.send(frame);
      const reply = await nextFrame(ws);
      expect(reply.id).toBe(id);
      expect(reply.result).toMatchObject({ ok: false, error: { kind: "invalidInput" } });
    }
    expect(parseCallFrame(JSON.stringify({ id: 1, call: "getState" }))).toMatchObject({
      ok: true,
      frame: { id: 1, call: "getState" },
    });
    ws.close();
  });

  it("closes a connection that sends an oversized frame", async () => {
    const ws = await connect();
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, call: "postNote", args: { groupId: 25, text: "x".repeat(10_000) } }));
    expect(await closed).toBe(1009);
  });

  it("refuses a WebSocket from another origin", async () => {
    await expect(connect("http://evil.example")).rejects.toThrow(/403/);
    await expect(connect(`http://127.0.0.1:${bridge.port + 1}`)).rejects.toThrow(/403/);
  });

  it("pushes the app's events to every page", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const frames = Promise.all([nextFrame(a), nextFrame(b)]);
    backend.emit("navigate", { view: "settings" });
    for (const frame of await frames) expect(frame).toEqual({ event: "navigate", payload: { view: "settings" } });
    a.close();
    b.close();
  });
});
