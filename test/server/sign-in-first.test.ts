// Issue 19, finding 2: nothing reads or parses a body before its caller is signed in. Stalled uploads
// without credentials are answered 401 at once and cost no body memory; a huge XML body from an
// anonymous caller is never parsed (counted, not timed); signed-in uploads share a total budget.
import { connect } from "node:net";
import type { Socket } from "node:net";
import { XMLParser } from "fast-xml-parser";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { BodyBudget } from "../../server/http/body";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];
const basic = (login: Login): string => `Basic ${Buffer.from(login.join(":")).toString("base64")}`;

interface Stalled {
  readonly socket: Socket;
  /** Resolves with what the server sent once it closes the connection (or after `patienceMs`). */
  readonly answer: Promise<string>;
}

/** Sends headers promising `declared` bytes and `sent` of them, then stalls. */
function stalledUpload(url: string, path: string, headers: Record<string, string>, declared: number, sent: number) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on("error", () => undefined);
  const head = [
    `POST ${path} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    "content-type: application/xml",
    `content-length: ${declared}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join("\r\n");
  socket.write(`${head}\r\n\r\n`);
  socket.write(Buffer.alloc(sent, 0x61));
  const answer = new Promise<string>((resolve) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("close", () => resolve(text));
  });
  return { socket, answer } satisfies Stalled;
}

describe.each(DATABASES)("sign-in before the body on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  let group = "";
  const budget = new BodyBudget(4 * 1024 * 1024);

  beforeAll(async () => {
    db = await kind.fresh();
    t = await startTestServer(db, { bodyBudget: budget, signIn: { freeFailures: Number.POSITIVE_INFINITY } });
    await t.addUser(...ANN);
    const made = await call(t.url, "/groups", {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"group":{"name":"Uploads","timezone":"UTC"}}',
    });
    group = /(\d+)$/.exec(made.headers["location"] ?? "")?.[1] ?? "";
  });
  afterAll(async () => {
    await t.close();
    await db.dispose();
  });
  afterEach(() => vi.restoreAllMocks());

  it("answers 300 stalled anonymous uploads with 401 at once, closes them, and holds none of their bytes", async () => {
    const before = process.memoryUsage().rss;
    const received = budget.received;
    const uploads = Array.from({ length: 300 }, () =>
      stalledUpload(t.url, `/groups/${group}/statuses.xml`, {}, 1024 * 1024, 64 * 1024),
    );
    // No upload ever finishes: each answer must come, and its connection close, while it is stalled.
    const answers = await Promise.all(uploads.map((u) => u.answer));
    for (const text of answers) expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(budget.received).toBe(received);
    console.log(
      `300 stalled anonymous uploads: rss ${Math.round(before / 2 ** 20)} → ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB, body bytes read ${budget.received - received}`,
    );
  });

  it("never parses a 1 MB XML body with 80k attributes from an anonymous caller", async () => {
    const parses = vi.spyOn(XMLParser.prototype, "parse");
    const attributes = Array.from({ length: 80_000 }, (_, i) => `a${i}="xy"`).join(" ");
    const body = `<status ${attributes}>hi</status>`;
    expect(body.length).toBeGreaterThan(900_000);
    const answers = await Promise.all(
      [null, ["ann@example.com", "wrong"] as Login].map((as) =>
        call(t.url, `/groups/${group}/statuses.xml`, { method: "POST", body, ...(as === null ? {} : { as }) }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    expect(parses).not.toHaveBeenCalled();
    // The same body from a member is parsed (and refused for what it says, not for who sent it).
    await call(t.url, `/groups/${group}/statuses.xml`, { method: "POST", as: ANN, body });
    expect(parses).toHaveBeenCalledTimes(1);
  });

  it("checks sign-in before the path's day, so an anonymous caller learns nothing from it", async () => {
    expect((await call(t.url, `/groups/${group}/20261399`)).status).toBe(401);
    expect((await call(t.url, `/groups/${group}/20261399`, { as: ANN })).status).toBe(400);
  });

  it("a bot's key in the query is a sign-in: a wrong one is refused without reading the body", async () => {
    const parses = vi.spyOn(XMLParser.prototype, "parse");
    const wrong = await call(t.url, `/groups/${group}/statuses.xml?key=not-the-key`, {
      method: "POST",
      body: "<status>from a bot</status>",
    });
    expect(wrong.status).toBe(401);
    expect(parses).not.toHaveBeenCalled();
  });

  it("signed-in uploads share the total budget: past it a stalled one is refused, and the bytes come back", async () => {
    const uploads = Array.from({ length: 8 }, () =>
      stalledUpload(t.url, `/groups/${group}/statuses.xml`, { authorization: basic(ANN) }, 1024 * 1024, 900 * 1024),
    );
    const refused = await Promise.race(uploads.map((u) => u.answer));
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(budget.peak).toBeLessThanOrEqual(budget.totalBytes);
    for (const u of uploads) u.socket.destroy();
    await Promise.all(uploads.map((u) => u.answer));
    await vi.waitFor(() => expect(budget.inUse).toBe(0));
  });

  it("refuses a declared body over the per-request limit before reading it", async () => {
    const upload = stalledUpload(
      t.url,
      `/groups/${group}/statuses.xml`,
      { authorization: basic(ANN) },
      2 * 1024 * 1024,
      1024,
    );
    expect(await upload.answer).toMatch(/^HTTP\/1\.1 413 /);
  });
});
