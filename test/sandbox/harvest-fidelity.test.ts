/**
 * Where third-party Harvest clients (the harvest-v2 npm client, the harvesting and harvested gems,
 * python-harvest) tripped over the sandbox's emulations: v2 deletes, trailing slashes, v1 Retry-After and
 * rate_limit_status, v2's Hint header, page numbers on every page.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HARVEST_V2_SEED, SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { HARVEST_ADMIN, call, decode, unroot } from "./helpers";
import { POLLY_TOKEN, v2 } from "./harvest-v2-helpers";

const START = Date.UTC(2008, 10, 19, 18, 0, 0);
let clock = START;
let sb: Sandbox;

beforeAll(async () => {
  // v1: 3 calls per 10 s, and a 2 s penalty: shorter than the window, as Harvest's own figures were
  // (docs/harvest.md §5.1).
  sb = await start({
    port: 0,
    now: () => clock,
    harvestLimit: 3,
    harvestWindowSeconds: 10,
    harvestLockoutSeconds: 2,
  });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.control.reset();
  clock = START;
});

const api = (path: string): string => `${sb.harvestV2ApiUrl}${path}`;
const v1 = (path: string, method = "GET") =>
  call(`${sb.url}/harvest/fawlty`, path, { as: HARVEST_ADMIN, format: "json", method });

describe("v2 DELETE answers 200 with the deleted object", () => {
  it("for a client, a contact and a time entry: JSON, as GET showed it just before", async () => {
    const targets = [
      `/clients/${SEED.harvest.clients.plain}`,
      "/contacts/401",
      `/time_entries/${HARVEST_V2_SEED.runningEntryId}`,
    ];
    for (const path of targets) {
      const before = await v2(api(path));
      expect(before.status, path).toBe(200);
      const deleted = await v2(api(path), { method: "DELETE" });
      expect(deleted.status, path).toBe(200);
      expect(deleted.headers["content-type"], path).toMatch(/^application\/json/);
      expect(deleted.json, path).toEqual(before.json);
      expect((await v2(api(path))).status, path).toBe(404);
    }
  });
});

describe("trailing slashes", () => {
  it("are accepted on v1 paths", async () => {
    expect((await v1("/account/who_am_i/")).status).toBe(200);
    expect((await v1("/account/rate_limit_status/")).status).toBe(200);
    clock += 10_000;
    const list = await v1("/clients/");
    expect(list.status).toBe(200);
    expect((decode(list, "json") as unknown[]).length).toBeGreaterThan(0);
    const one = await v1(`/clients/${SEED.harvest.clients.plain}/`);
    expect(one.status).toBe(200);
    expect(unroot(decode(one, "json"), "client")).toMatchObject({ id: SEED.harvest.clients.plain });
    clock += 10_000;
    expect((await v1("/contacts/401/")).status).toBe(200);
    expect((await v1(`/clients/${SEED.harvest.clients.cityOfTorquay}/contacts/`)).status).toBe(200);
    expect((await v1("/daily/")).status).toBe(200);
  });

  it("are accepted on v2 and Harvest ID paths", async () => {
    expect((await v2(api("/users/me/"))).json["id"]).toBe(SEED.harvest.admin.id);
    expect((await v2(api("/clients/"))).json["clients"]).toBeInstanceOf(Array);
    expect((await v2(api("/clients/1/"))).json["id"]).toBe(1);
    const patched = await v2(api("/clients/1/"), { method: "PATCH", body: { name: "Torquay Council" } });
    expect(patched.status).toBe(200);
    expect(patched.json["name"]).toBe("Torquay Council");
    expect((await v2(`${sb.harvestIdUrl}/api/v2/accounts/`, { account: null })).status).toBe(200);
  });
});

describe("v1 throttle", () => {
  it("Retry-After covers the time until calls are served again: waiting it out is enough", async () => {
    for (let i = 0; i < 3; i += 1) expect((await v1("/account/who_am_i")).status).toBe(200);
    clock += 1000;
    const refused = await v1("/account/who_am_i");
    expect(refused.status).toBe(503);
    // The 2 s penalty ends at 3 s, but the window is full until the first call is 10 s old.
    expect(refused.headers["retry-after"]).toBe("9");
    clock += Number(refused.headers["retry-after"]) * 1000;
    expect((await v1("/account/who_am_i")).status).toBe(200);
  });

  it("rate_limit_status reports every call in the window, refused ones too, so it can say over the limit", async () => {
    for (let i = 0; i < 3; i += 1) await v1("/account/who_am_i");
    // A client that keeps calling while refused: each one counts, and extends the penalty.
    for (const at of [1000, 3000, 5000, 7000]) {
      clock = START + at;
      expect((await v1("/account/who_am_i")).status).toBe(503);
    }
    clock = START + 10_000;
    const status = decode(await v1("/account/rate_limit_status"), "json") as { count: number; max_calls: number };
    expect(status.max_calls).toBe(3);
    // The four refused calls (the served ones have left the window; the status call is not counted).
    expect(status.count).toBe(4);
    expect(status.count).toBeGreaterThan(status.max_calls);
  });
});

describe("v2 422 refusals carry a Hint header", () => {
  it("with the message of the body", async () => {
    const refused = await v2(api(`/clients/${SEED.harvest.clients.cityOfTorquay}`), { method: "DELETE" });
    expect(refused.status).toBe(422);
    expect(refused.headers["hint"]).toBe(refused.json.message);
    const perPage = await v2(api("/clients?per_page=2001"));
    expect(perPage.status).toBe(422);
    expect(perPage.headers["hint"]).toBe(perPage.json.message);
    const missing = await v2(api("/time_entries"), { method: "POST", token: POLLY_TOKEN, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.headers["hint"]).toBe(missing.json.message);
  });

  it("on one line, in UTF-8, whatever the message echoes", async () => {
    const raw = "café\r\nX-Injected: 1";
    const refused = await v2(api(`/clients?updated_since=${encodeURIComponent(raw)}`));
    expect(refused.status).toBe(422);
    expect(refused.json.message).toContain(raw);
    expect(refused.headers["x-injected"]).toBeUndefined();
    const hint = Buffer.from(refused.headers["hint"] ?? "", "latin1").toString("utf8");
    expect(hint).toBe(refused.json.message?.replace(/\s+/g, " "));
    const long = await v2(api(`/clients?updated_since=${"9".repeat(3000)}`));
    expect(long.status).toBe(422);
    expect(long.json.message?.length).toBeGreaterThan(3000);
    expect(long.headers["hint"]).toBe(long.json.message?.slice(0, 500));
  });
});

describe("v2 pages asked for by number", () => {
  it("carry page, next_page, previous_page and the totals on every page, so walking next_page sees all", async () => {
    const seen: number[] = [];
    let page: number | null = 1;
    const pages: Record<string, unknown>[] = [];
    while (page !== null) {
      const answer = await v2(api(`/clients?per_page=2&page=${page}`));
      expect(answer.status).toBe(200);
      pages.push(answer.json);
      seen.push(...(answer.json["clients"] as { id: number }[]).map((c) => c.id));
      page = answer.json["next_page"] as number | null;
      if (pages.length > 10) throw new Error("next_page does not end");
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(pages.map((p) => [p["page"], p["previous_page"], p["next_page"]])).toEqual([
      [1, null, 2],
      [2, 1, 3],
      [3, 2, 4],
      [4, 3, null],
    ]);
    for (const p of pages) expect(p).toMatchObject({ per_page: 2, total_pages: 4, total_entries: 7 });
  });
});
