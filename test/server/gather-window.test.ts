// Each gathering round re-reads the member's last 7 days from Harvest v2 (docs/coop-api.md §11.6):
// an entry deleted in Harvest leaves the feed, and a running timer's hours follow Harvest's (which
// grow without moving `updated_at`, so `updated_since` alone never sees them), with
// `timer_started_at` served so a client can tick. Against the sandbox's Harvest v2 emulation.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiFactory } from "@coop-tray/protocol";
import { SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { DATABASES } from "./databases";
import type { TestServer } from "./helpers";
import {
  POLLY_TOKEN as token,
  feedOf,
  harvestV2Api,
  harvestV2Urls,
  linkHarvest,
  newButterEntry,
  pollyV2,
  kitchenEach,
} from "./gathering";

/** Harvest's clock and the server's: the test moves it on to let a timer run. */
let harvestNow = Date.now();
let sandbox: Sandbox;
let api: ApiFactory;
beforeAll(async () => {
  sandbox = await start({ port: 0, now: () => harvestNow });
  api = harvestV2Api(sandbox);
});
afterAll(async () => {
  await api.close();
  await sandbox.close();
});

const v2 = () => pollyV2(api);

const newEntry = (notes: string, hours?: number): Promise<number> =>
  newButterEntry(v2(), new Date(harvestNow).toISOString().slice(0, 10), notes, hours);

describe.each(DATABASES)("a gathering round's recent window on $name", (kind) => {
  let t: TestServer;
  let pollyId: number;
  let groupId: number;

  beforeEach(() => {
    sandbox.control.reset();
    harvestNow = Date.now();
  });
  kitchenEach(
    kind,
    () => ({ now: () => harvestNow, harvestUrls: harvestV2Urls(sandbox) }),
    (k) => ({ t, pollyId, groupId } = k),
  );

  const link = () =>
    linkHarvest(t.url, pollyId, { subdomain: "fawlty", email: SEED.harvest.nonAdmin.email, password: token });
  const dayEntry = async (id: number): Promise<Record<string, unknown> | undefined> =>
    (await feedOf(t.url, groupId)).find((s) => s["type"] === "DayEntry" && s["id"] === id);

  it("an entry deleted in Harvest leaves the feed after the next round", async () => {
    const kept = await newEntry("Butter for table two", 1);
    const doomed = await newEntry("Butter for table nine", 0.5);
    expect((await link()).status).toBe(201);
    expect(await dayEntry(doomed)).toMatchObject({ text: "Butter for table nine", hours: 0.5 });

    const deleted = await v2().deleteTimeEntry(doomed);
    expect(deleted.ok).toBe(true);
    await t.server.gatherer.round();
    expect(await dayEntry(doomed)).toBeUndefined();
    expect(await dayEntry(kept)).toMatchObject({ text: "Butter for table two", hours: 1 });
  });

  it("a running entry's hours follow Harvest's each round, with timer_started_at to tick from", async () => {
    const running = await newEntry("Trays for the gourmet night");
    expect((await link()).status).toBe(201);
    const first = await dayEntry(running);
    expect(first?.["hours"]).toBe(0);
    const startedAt = Date.parse(String(first?.["timer_started_at"]));
    expect(Math.abs(startedAt - harvestNow)).toBeLessThan(2000);

    harvestNow += 90 * 60_000;
    await t.server.gatherer.round();
    expect(Number((await dayEntry(running))?.["hours"])).toBeCloseTo(1.5, 2);
    // Harvest's `updated_at` stays where the timer started: `updated_since` (from the last round)
    // no longer lists the entry, and only the re-read window brings its hours.
    harvestNow += 30 * 60_000;
    await t.server.gatherer.round();
    const later = await dayEntry(running);
    expect(Number(later?.["hours"])).toBeCloseTo(2, 2);
    expect(Date.parse(String(later?.["timer_started_at"]))).toBe(startedAt);
  });
});
