/**
 * Where third-party Harvest clients (the harvest-v2 npm client, the harvesting and harvested gems,
 * python-harvest) tripped over the sandbox's emulations: v2 deletes, trailing slashes, v1 Retry-After and
 * rate_limit_status, v2's Hint header, page numbers on every page.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HARVEST_V2_SEED, SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { v2 } from "./harvest-v2-helpers";

const START = Date.UTC(2008, 10, 19, 18, 0, 0);
let clock = START;
let sb: Sandbox;

beforeAll(async () => {
  // v1: 3 calls per 10 s, and a 2 s penalty: shorter than the window, as Harvest's own figures were (§3.2).
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
