/** Harvest v2 on the sandbox: required headers, tokens and accounts, the id service, the limit, pagination. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HARVEST_V2_SEED, SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { ARGENTINA, BASIL_TOKEN, FAWLTY, POLLY_TOKEN, allPages, v2 } from "./harvest-v2-helpers";

let sb: Sandbox;
let clock = Date.UTC(2008, 10, 19, 18, 0, 0);

beforeAll(async () => {
  sb = await start({ port: 0, now: () => clock });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.control.reset();
  sb.control.harvestV2.setThrottle(100, 15);
  clock = Date.UTC(2008, 10, 19, 18, 0, 0);
});

const api = (path: string): string => `${sb.harvestV2ApiUrl}${path}`;

describe("Harvest ID accounts", () => {
  it("lists the token's accounts, Harvest and Forecast, with the identity", async () => {
    const answer = await v2(`${sb.harvestIdUrl}/api/v2/accounts`, { account: null });
    expect(answer.status).toBe(200);
    expect(answer.json["user"]).toEqual({
      id: 7001,
      first_name: "Basil",
      last_name: "Fawlty",
      email: SEED.users.basil.email,
    });
    expect(answer.json["accounts"]).toEqual([
      { id: FAWLTY, name: "Fawlty Towers", product: "harvest" },
      { id: ARGENTINA, name: "Fawlty Towers - Argentina", product: "harvest" },
      { id: HARVEST_V2_SEED.forecastAccountId, name: "Fawlty Towers", product: "forecast" },
    ]);
    const polly = await v2(`${sb.harvestIdUrl}/api/v2/accounts`, { token: POLLY_TOKEN, account: null });
    expect(polly.json["accounts"]).toEqual([{ id: FAWLTY, name: "Fawlty Towers", product: "harvest" }]);
  });

  it("refuses a missing or unknown token with 401 invalid_token, and a missing User-Agent with 400", async () => {
    expect((await v2(`${sb.harvestIdUrl}/api/v2/accounts`, { token: null })).status).toBe(401);
    const wrong = await v2(`${sb.harvestIdUrl}/api/v2/accounts`, { token: "7001.pt.not-the-token" });
    expect(wrong.status).toBe(401);
    expect(wrong.json["error"]).toBe("invalid_token");
    expect(wrong.json["error_description"]).toMatch(/expired, revoked, malformed or invalid/);
    expect((await v2(`${sb.harvestIdUrl}/api/v2/accounts`, { userAgent: null })).status).toBe(400);
  });
});

describe("the API's required headers", () => {
  it("answers 400 without a User-Agent, before looking at anything else", async () => {
    const answer = await v2(api("/users/me"), { userAgent: null, token: null });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/User-Agent/);
  });

  it("answers 401 without a token, a wrong one, no account id, or an account the token cannot reach", async () => {
    expect((await v2(api("/users/me"), { token: null })).status).toBe(401);
    expect((await v2(api("/users/me"), { token: "nope" })).json["error"]).toBe("invalid_token");
    const noAccount = await v2(api("/users/me"), { account: null });
    expect(noAccount.status).toBe(401);
    expect(noAccount.json["error_description"]).toMatch(/Harvest-Account-Id/);
    expect((await v2(api("/users/me"), { token: POLLY_TOKEN, account: ARGENTINA })).status).toBe(401);
    expect((await v2(api("/users/me"), { account: 999 })).status).toBe(401);
  });

  it("takes the token and account from the query string too", async () => {
    const answer = await v2(api(`/users/me?access_token=${encodeURIComponent(POLLY_TOKEN)}&account_id=${FAWLTY}`), {
      token: null,
      account: null,
    });
    expect(answer.status).toBe(200);
    expect(answer.json["email"]).toBe(SEED.harvest.nonAdmin.email);
  });

  it("one token reaches each of its accounts as that account's user", async () => {
    expect((await v2(api("/users/me"))).json["id"]).toBe(SEED.harvest.admin.id);
    expect((await v2(api("/users/me"), { account: ARGENTINA })).json["id"]).toBe(HARVEST_V2_SEED.argentinaBasilId);
    expect((await v2(api("/users/me"))).json["access_roles"]).toEqual(["administrator"]);
    expect((await v2(api("/users/me"), { token: POLLY_TOKEN })).json["access_roles"]).toEqual(["member"]);
  });
});

describe("the limit: 100 requests per 15 s per token and account", () => {
  it("answers 429 with Retry-After once the window is full, and serves again when it has slid", async () => {
    sb.control.harvestV2.setThrottle(5, 15);
    for (let i = 0; i < 5; i += 1) expect((await v2(api("/users/me"))).status).toBe(200);
    const refused = await v2(api("/users/me"));
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("15");
    // Another token, and the same token on another account, have budgets of their own.
    expect((await v2(api("/users/me"), { token: POLLY_TOKEN })).status).toBe(200);
    expect((await v2(api("/users/me"), { account: ARGENTINA })).status).toBe(200);
    clock += 10_000;
    const later = await v2(api("/users/me"));
    expect(later.headers["retry-after"]).toBe("5");
    expect(sb.control.harvestV2.throttleCount(BASIL_TOKEN, FAWLTY)).toBe(5);
    clock += 5_000;
    expect((await v2(api("/users/me"))).status).toBe(200);
    expect(sb.control.requests.filter((r) => r.service === "harvestV2" && r.status === 429)).toHaveLength(2);
  });

  it("defaults to 100 per 15 s", async () => {
    for (let i = 0; i < 100; i += 1) expect((await v2(api("/company"))).status).toBe(200);
    expect((await v2(api("/company"))).status).toBe(429);
  });
});

describe("cursor pagination", () => {
  it("follows links.next until null and sees every client once, newest first", async () => {
    const { items, pages } = await allPages(api("/clients?per_page=2"), "clients");
    expect(pages).toHaveLength(4);
    expect(items.map((c) => c["id"])).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const [first, second, , last] = pages.map((p) => p.json);
    expect(first).toMatchObject({
      per_page: 2,
      total_pages: 4,
      total_entries: 7,
      page: 1,
      next_page: 2,
      previous_page: null,
    });
    expect(second).toMatchObject({ page: null, next_page: null, previous_page: null });
    expect(last).toMatchObject({ page: 4, next_page: null, previous_page: 3 });
    const links = second?.["links"] as Record<string, string | null>;
    expect(links["next"]).toMatch(/[?&]cursor=[^&]+/);
    expect(links["next"]).toMatch(/ref=next_cursor/);
    expect(links["first"]).toBe(api("/clients?page=1&per_page=2&ref=first"));
    expect(links["last"]).toBe(api("/clients?page=4&per_page=2&ref=last"));
    const back = await v2(links["previous"] ?? "");
    expect((back.json["clients"] as { id: number }[]).map((c) => c.id)).toEqual([7, 6]);
  });

  it("keeps filters in the links and still honours the deprecated page parameter", async () => {
    const { items, pages } = await allPages(api("/clients?is_active=true&per_page=4"), "clients");
    expect(items.map((c) => c["id"])).toEqual([6, 5, 4, 3, 2, 1]);
    expect((pages[0]?.json["links"] as { next: string }).next).toContain("is_active=true");
    const page2 = await v2(api("/clients?page=2&per_page=3"));
    expect((page2.json["clients"] as { id: number }[]).map((c) => c.id)).toEqual([4, 3, 2]);
  });

  it("refuses per_page above 2000 (or below 1) with 422, and defaults to 2000", async () => {
    expect((await v2(api("/clients?per_page=2001"))).status).toBe(422);
    expect((await v2(api("/clients?per_page=0"))).status).toBe(422);
    expect((await v2(api("/clients?per_page=2000"))).status).toBe(200);
    expect((await v2(api("/clients"))).json["per_page"]).toBe(2000);
    expect((await v2(api("/clients?cursor=garbage"))).status).toBe(422);
  });

  it("a cursor survives records deleted in between", async () => {
    const first = await v2(api("/clients?per_page=2"));
    await v2(api("/clients/6"), { method: "DELETE" });
    const next = await v2((first.json["links"] as { next: string }).next);
    expect((next.json["clients"] as { id: number }[]).map((c) => c.id)).toEqual([5, 4]);
  });
});
