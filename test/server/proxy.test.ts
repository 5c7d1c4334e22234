// Forwarding headers over real HTTP: believed only from a configured proxy, right-most untrusted
// entry taken, so a forged header changes neither the plain-HTTP rule, nor the throttle's address,
// nor the log; the invitation page (a password form) follows the plain-HTTP rule too.
import { networkInterfaces } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { SQLITE } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];
/** This machine's own non-loopback IPv4 address: a peer that is not a proxy (none: the test is skipped). */
const OWN_ADDRESS =
  Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && !entry.internal && entry.family === "IPv4")?.address ?? null;

const forged = { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.66" };

let db: TestDatabase;
let t: TestServer | null = null;
beforeEach(async () => {
  db = await SQLITE.fresh();
});
afterEach(async () => {
  await t?.close();
  t = null;
  await db.dispose();
});

function remotes(server: TestServer): string[] {
  return server.logLines
    .map((line) => JSON.parse(line) as { msg?: string; remote?: string })
    .flatMap((entry) => (entry.remote === undefined ? [] : [entry.remote]));
}

describe.skipIf(OWN_ADDRESS === null)("forwarding headers from a peer that is not a proxy", () => {
  it("are ignored: Basic over plain HTTP stays refused and the log shows the real address", async () => {
    t = await startTestServer(db, { host: "0.0.0.0", trustProxy: true });
    await t.addUser(...ANN);
    const url = t.url.replace("0.0.0.0", OWN_ADDRESS ?? "");
    const res = await call(url, "/groups", { as: ANN, format: "json", headers: forged });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).errors[0]).toMatch(/plain HTTP is refused/);
    expect(remotes(t)).toContain(OWN_ADDRESS);
    expect(remotes(t)).not.toContain("198.51.100.66");
  });
});

describe("forwarding headers from a trusted proxy", () => {
  it("give the right-most untrusted X-Forwarded-For entry, not the forgeable left-most", async () => {
    t = await startTestServer(db, { host: "0.0.0.0", trustProxy: ["loopback"] });
    await t.addUser(...ANN);
    const url = t.url.replace("0.0.0.0", "127.0.0.1");
    const res = await call(url, "/groups", {
      as: ANN,
      format: "json",
      headers: { "x-forwarded-proto": "https", "x-forwarded-for": "6.6.6.6, 203.0.113.7" },
    });
    expect(res.status).toBe(200);
    expect(remotes(t)).toEqual(["203.0.113.7"]);
  });

  it("cannot bypass the address's limits by rotating a forged left part", async () => {
    t = await startTestServer(db, { trustProxy: true, signIn: { addressFailures: 5 } });
    const answers: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const headers = { "x-forwarded-for": `10.0.${i}.1, 203.0.113.8` };
      answers.push(
        (await call(t.url, "/groups", { as: [`user${i}@example.com`, "guess"], format: "json", headers })).status,
      );
    }
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.slice(5)).toEqual([429, 429, 429]);
  });
});

describe("the invitation page on a public plain-HTTP listener", () => {
  const page = "/invitations/AAAAAAAAAAAAAAAAAAAAAAAA";

  it("is refused, as Basic is: it takes a password", async () => {
    t = await startTestServer(db, { host: "0.0.0.0" });
    const url = t.url.replace("0.0.0.0", "127.0.0.1");
    const shown = await call(url, page, { headers: { accept: "text/html" } });
    expect(shown.status).toBe(403);
    expect(shown.text).toMatch(/plain HTTP/);
    const sent = await call(url, page, {
      method: "POST",
      body: "first_name=Eve&password=a-password-1&password_confirmation=a-password-1",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(sent.status).toBe(403);
  });

  it("is served on loopback, or when plain HTTP is explicitly allowed", async () => {
    t = await startTestServer(db, { host: "0.0.0.0", allowInsecureHttp: true });
    expect((await call(t.url.replace("0.0.0.0", "127.0.0.1"), page)).status).toBe(404);
  });
});
