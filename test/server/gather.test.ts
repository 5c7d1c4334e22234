// Gathering time entries from today's Harvest (v2, personal access token, the account found through
// Harvest ID) into the feed, incrementally with updated_since; and on PostgreSQL, with two instances
// on one database, exactly one gathers at a time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HarvestV2Client } from "@coop-tray/protocol";
import { HARVEST_V2_SEED, SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { call } from "../sandbox/helpers";
import { DATABASES, POSTGRES } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";
import {
  POLLY,
  POLLY_TOKEN as token,
  createGroup,
  feedOf,
  harvestV2Api,
  harvestV2Urls,
  linkHarvest,
  newButterEntry,
  pollyV2,
  kitchenEach,
} from "./gathering";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await start({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

const harvestUrls = () => harvestV2Urls(sandbox);

/** Polly's v2 client on a factory of its own, closed after `use`. */
async function asPolly<T>(use: (v2: HarvestV2Client) => Promise<T>): Promise<T> {
  const api = harvestV2Api(sandbox);
  try {
    return await use(pollyV2(api));
  } finally {
    await api.close();
  }
}

const startTimer = (notes: string): Promise<number> =>
  asPolly((v2) => newButterEntry(v2, new Date().toISOString().slice(0, 10), notes));

const stopTimer = (id: number): Promise<void> =>
  asPolly(async (v2) => {
    const stopped = await v2.stopTimeEntry(id);
    if (!stopped.ok) throw new Error(stopped.error.message);
  });

describe.each(DATABASES)("gathering from Harvest v2 on $name", (kind) => {
  let t: TestServer;
  let pollyId: number;
  let groupId: number;

  beforeEach(() => sandbox.control.reset());
  kitchenEach(
    kind,
    () => ({ harvestUrls: harvestUrls() }),
    (k) => ({ t, pollyId, groupId } = k),
  );

  const link = (password: string, subdomain = "fawlty") =>
    linkHarvest(t.url, pollyId, { subdomain, email: SEED.harvest.nonAdmin.email, password });

  it("refuses a token Harvest refuses, with Harvest's message", async () => {
    const refused = await link("7002.pt.not-the-token");
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0]).toMatch(/^Harvest rejected the login: .+/);
    expect(await t.server.store.credentials.of(pollyId)).toBeNull();
  });

  it("shows a running timer as a DayEntry at once, then its stop after the next round (updated_since)", async () => {
    const id = await startTimer("Butter for table four");
    expect((await link(token)).status).toBe(201);
    const running = await feedOf(t.url, groupId);
    const entry = running.find((s) => s["type"] === "DayEntry" && s["id"] === id);
    expect(entry).toMatchObject({
      text: "Butter for table four",
      client: "City of Torquay",
      project: "Gourmet Night",
      task: "Put butter on trays",
    });
    expect(entry?.["timer_started_at"]).toEqual(expect.any(String));
    expect(entry?.["spent_at"]).toBe(new Date().toISOString().slice(0, 10));

    await stopTimer(id);
    sandbox.control.clearLog();
    await t.server.gatherer.round();
    const after = await feedOf(t.url, groupId);
    const stopped = after.find((s) => s["type"] === "DayEntry" && s["id"] === id);
    expect(stopped).toBeDefined();
    expect(stopped).not.toHaveProperty("timer_started_at");
    // A round lists the recent window in full, and what changed before it since the last round.
    const listings = sandbox.control.requests.filter((r) => r.path.endsWith("/time_entries")).map((r) => r.query);
    expect(listings).toEqual([expect.stringMatching(/from=/), expect.stringMatching(/updated_since=/)]);
  });

  it(
    "obeys Harvest's 429 and Retry-After: a throttled round waits and still gathers",
    { timeout: 30_000 },
    async () => {
      const id = await startTimer("Throttled butter");
      expect((await link(token)).status).toBe(201);
      await stopTimer(id);
      sandbox.control.harvestV2.setThrottle(1, 1);
      try {
        sandbox.control.clearLog();
        await t.server.gatherer.round();
        const v2 = sandbox.control.requests.filter((r) => r.path.includes("/harvest-api/v2/"));
        const refused = v2.findIndex((r) => r.status === 429);
        expect(refused).toBeGreaterThanOrEqual(0);
        // After the refusal the gatherer waited out Retry-After instead of hammering: the next call succeeded.
        expect(v2.slice(refused + 1).some((r) => r.status === 200)).toBe(true);
        expect(v2.filter((r) => r.status === 429).length).toBeLessThanOrEqual(2);
        const feed = await feedOf(t.url, groupId);
        expect(feed.find((s) => s["id"] === id)).not.toHaveProperty("timer_started_at");
      } finally {
        sandbox.control.harvestV2.setThrottle(100, 15);
      }
    },
  );

  it("the credential names the v2 account by id too, and deleting it takes the entries out of the feed", async () => {
    const id = await startTimer("Lobster");
    expect((await link(token, String(HARVEST_V2_SEED.accounts.fawlty.id))).status).toBe(201);
    const has = async () => (await feedOf(t.url, groupId)).some((s) => s["type"] === "DayEntry" && s["id"] === id);
    expect(await has()).toBe(true);
    expect(
      (await call(t.url, `/users/${pollyId}/harvest_credential`, { method: "DELETE", as: POLLY, format: "json" }))
        .status,
    ).toBe(200);
    expect(await has()).toBe(false);
  });
});

describe("gathering from a Harvest v1 server (the sandbox's, over HTTP)", () => {
  it(
    "reads the member's recent daily timesheets into the feed, running timer and all",
    { timeout: 60_000 },
    async () => {
      const sqlite = DATABASES[0];
      if (sqlite === undefined) throw new Error("no database");
      // The recent seed puts Polly's running timer within the last day.
      const recent = await start({ port: 0, recentSeed: true });
      const db = await sqlite.fresh();
      const t = await startTestServer(db, { harvestUrls: { v1UrlTemplate: `${recent.url}/harvest/{subdomain}` } });
      try {
        const pollyId = await t.addUser(...POLLY);
        const groupId = await createGroup(t.url, POLLY);
        const v1 = `${recent.url}/harvest/${SEED.harvest.subdomain}`;
        const linked = await linkHarvest(t.url, pollyId, {
          subdomain: v1,
          email: SEED.harvest.nonAdmin.email,
          password: SEED.harvest.nonAdmin.password,
        });
        expect(linked.status).toBe(201);
        const feed = await feedOf(t.url, groupId);
        const timer = feed.find((s) => s["type"] === "DayEntry" && s["id"] === SEED.statuses.dayEntryId);
        expect(timer).toMatchObject({
          text: "Timer with a note",
          hours: 22.91,
          client: "City of Torquay",
          task: "Put butter on trays",
        });
        expect(timer?.["timer_started_at"]).toEqual(expect.any(String));
        expect(recent.control.requests.filter((r) => r.path.includes("/daily/")).length).toBe(7);
      } finally {
        await t.close();
        await db.dispose();
        await recent.close();
      }
    },
  );
});

describe.runIf(POSTGRES !== null)("two instances on one PostgreSQL database", () => {
  it("exactly one gathers at a time; when it stops, the other takes over", { timeout: 60_000 }, async () => {
    if (POSTGRES === null) return;
    const db = await POSTGRES.fresh();
    const first = await startTestServer(db, { harvestUrls: harvestUrls() });
    const second = await startTestServer(db, { harvestUrls: harvestUrls() });
    try {
      const pollyId = await first.addUser(...POLLY);
      // Both serve the same data.
      await createGroup(first.url, POLLY, "Shared", "UTC");
      expect(JSON.parse((await call(second.url, "/groups", { as: POLLY, format: "json" })).text)).toEqual([
        expect.objectContaining({ name: "Shared" }),
      ]);
      sandbox.control.reset();
      await startTimer("Gathered once");
      expect(
        (await linkHarvest(second.url, pollyId, { subdomain: "fawlty", email: "p", password: token })).status,
      ).toBe(201);

      const [a, b] = await Promise.all([first.server.gatherer.acquire(), second.server.gatherer.acquire()]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      const leader = a ? first : second;
      const follower = a ? second : first;
      sandbox.control.clearLog();
      await Promise.all([leader.server.gatherer.round(), follower.server.gatherer.round()]);
      // One round's two listings (the recent window, then changes since the last round): one gatherer.
      const listings = sandbox.control.requests.filter((r) => r.path.endsWith("/time_entries")).map((r) => r.query);
      expect(listings).toEqual([expect.stringMatching(/from=/), expect.stringMatching(/updated_since=/)]);

      await leader.close();
      expect(await follower.server.gatherer.acquire()).toBe(true);
      expect(follower.server.gatherer.leader).toBe(true);
    } finally {
      await first.close().catch(() => undefined);
      await second.close().catch(() => undefined);
      await db.dispose();
    }
  });
});
