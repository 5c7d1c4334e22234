/**
 * Connecting with a personal access token, clients on v2, timers and idle time: the real services
 * over a real keychain, a store in a temp folder and the sandbox's Harvest v2, on a fake clock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import type { ApiFactory } from "@coop-tray/protocol";
import { openNodeStore } from "../../main/app/open-node-store";
import { accountKey } from "../../main/services/account-key";
import { Clients } from "../../main/services/clients";
import { Connection } from "../../main/services/connection";
import { HarvestV2Links } from "../../main/services/harvest-v2-link";
import { Session } from "../../main/services/session";
import { AppStore } from "../../main/services/store";
import { Timers } from "../../main/services/timers";
import {
  createVault,
  harvestTokenAccountName,
  KEYCHAIN_SERVICE,
  type Keychain,
  type Vault,
} from "../../main/services/vault";
import { HARVEST_V2_SEED, SEED, start, type Sandbox } from "../../sandbox/index";
import type { RunningTimer } from "../../shared/harvest-v2-state";
import { FakeClock, filesUnder, realKeychain, tempDir } from "./helpers";
import { APP_USER_AGENT } from "../../main/app/user-agent";

const V2 = HARVEST_V2_SEED;
// 19 Nov 2008, 18:00 UTC: Polly's seed timer has run for 46 min 48 s.
const START = Date.UTC(2008, 10, 19, 18, 0, 0);
let clock = new FakeClock(START);
let sandbox: Sandbox;
let keychain: Keychain;

beforeAll(async () => {
  sandbox = await start({ port: 0, now: () => clock.now() });
  keychain = await realKeychain();
});
afterAll(async () => {
  await sandbox.close();
});

interface World {
  dir: ReturnType<typeof tempDir>;
  store: AppStore;
  vault: Vault;
  factory: ApiFactory;
  links: HarvestV2Links;
  timers: Timers;
  clients: Clients;
}
let world: World;

beforeEach(() => {
  clock = new FakeClock(START);
  sandbox.control.reset();
  const dir = tempDir();
  const store = AppStore.open(openNodeStore(dir.path), { writeDelayMs: 0 });
  const vault = createVault(keychain);
  const factory = createApiFactory({
    userAgent: APP_USER_AGENT,
    harvestApiUrl: sandbox.harvestV2ApiUrl,
    harvestIdUrl: sandbox.harvestIdUrl,
    retry: { baseDelayMs: 5 },
  });
  const connection = new Connection(clock);
  // A Harvest link belongs to the signed-in Co-op user: these services work for one.
  store.commit((doc) => ({ ...doc, account: COOP_ACCOUNT }));
  const links = new HarvestV2Links({ store, vault, factory, clock, apiUrl: sandbox.harvestV2ApiUrl });
  const session = new Session(store, vault, factory, links);
  const timers = new Timers({ account: () => session.harvestAccount(), store, clock, connection });
  const clients = new Clients({ store, session, connection, clock });
  world = { dir, store, vault, factory, links, timers, clients };
});
afterEach(async () => {
  await world.links.disconnect();
  await world.factory.close();
  world.store.flush();
  world.dir.remove();
});

const COOP_ACCOUNT = {
  serverUrl: "http://127.0.0.1:1",
  email: SEED.users.basil.email,
  userId: null,
  name: "Basil Fawlty",
  harvest: null,
};
const OWNER = accountKey(COOP_ACCOUNT);
const tokenInKeychain = () =>
  keychain.getPassword(KEYCHAIN_SERVICE, harvestTokenAccountName(sandbox.harvestV2ApiUrl, OWNER));

describe("connecting with a token", () => {
  it("a wrong token is refused with Harvest's reason and nothing is kept", async () => {
    const refused = await world.links.connect("7001.pt.not-it");
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: "auth", message: expect.stringMatching(/refused the access token/) },
    });
    expect(world.links.summary()).toBeNull();
    expect(await tokenInKeychain()).toBeNull();
  });

  it("with two Harvest accounts, asks which; the token stays in the keychain only", async () => {
    const asked = await world.links.connect(`  ${V2.tokens.basil}\n`);
    expect(asked).toEqual({
      ok: true,
      value: {
        kind: "chooseAccount",
        accounts: [
          { id: V2.accounts.fawlty.id, name: "Fawlty Towers", product: "harvest" },
          { id: V2.accounts.argentina.id, name: "Fawlty Towers - Argentina", product: "harvest" },
        ],
      },
    });
    expect(await tokenInKeychain()).toBeNull();
    expect(await world.links.chooseAccount(99)).toMatchObject({ ok: false, error: { kind: "invalidInput" } });
    const chosen = await world.links.chooseAccount(V2.accounts.argentina.id);
    expect(chosen).toMatchObject({
      ok: true,
      value: {
        kind: "connected",
        link: {
          accountId: V2.accounts.argentina.id,
          accountName: "Fawlty Towers - Argentina",
          userName: "Basil Fawlty",
          canManageClients: true,
          wantsTimestampTimers: true,
          clock: "12h",
        },
      },
    });
    expect(await tokenInKeychain()).toBe(V2.tokens.basil);
    world.store.flush();
    for (const file of filesUnder(world.dir.path))
      expect(file.text, file.path).not.toContain(V2.tokens.basil.split(".pt.")[1]);
    expect(JSON.stringify(world.links.summary())).not.toContain(V2.tokens.basil);
  });

  it("with one account, connects at once; a member cannot manage clients", async () => {
    const connected = await world.links.connect(V2.tokens.polly);
    expect(connected).toMatchObject({
      ok: true,
      value: {
        kind: "connected",
        link: {
          accountId: V2.accounts.fawlty.id,
          userName: "Polly Sherman",
          canManageClients: false,
          wantsTimestampTimers: false,
        },
      },
    });
  });

  it("choosing without a pending token asks for it again; disconnect removes the token", async () => {
    expect(await world.links.chooseAccount(V2.accounts.fawlty.id)).toMatchObject({
      ok: false,
      error: { kind: "invalidInput" },
    });
    await world.links.connect(V2.tokens.polly);
    expect(await tokenInKeychain()).toBe(V2.tokens.polly);
    expect(await world.links.disconnect()).toEqual({ ok: true, value: null });
    expect(await tokenInKeychain()).toBeNull();
    expect(world.store.doc.harvestLinks).toEqual({});
    expect(await world.timers.today()).toMatchObject({ ok: false, error: { kind: "signedOut" } });
  });
});

describe("clients on v2", () => {
  beforeEach(async () => {
    await world.links.connect(V2.tokens.basil);
    await world.links.chooseAccount(V2.accounts.fawlty.id);
  });

  it("lists, creates, toggles by PATCH is_active and shows the 422 on delete", async () => {
    expect(world.clients.kind()).toBe("v2");
    const list = await world.clients.list(true);
    expect(list.ok && list.value.map((c) => c.name)).toContain("City of Torquay");
    const created = await world.clients.create({
      name: "Torbay Catering",
      details: "Harbour St",
      currency: "Euro - EUR",
      currencySymbol: "€",
    });
    expect(created).toMatchObject({
      ok: true,
      value: { name: "Torbay Catering", details: "Harbour St", currency: "EUR", active: true },
    });
    const id = created.ok ? created.value.id : 0;
    expect(await world.clients.toggle(id)).toMatchObject({ ok: true, value: { active: false } });
    expect(sandbox.control.requests.some((r) => r.path.includes("toggle"))).toBe(false);
    const refused = await world.clients.remove(SEED.harvest.clients.cityOfTorquay);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        kind: "validation",
        message: "City of Torquay has projects associated with it and cannot be deleted. Archive it instead.",
      },
    });
    expect(await world.clients.remove(id)).toEqual({ ok: true, value: null });
    const contacts = await world.clients.contacts(SEED.harvest.clients.withContacts);
    expect(contacts.ok && contacts.value.map((c) => c.lastName).sort()).toEqual(["Gatsby", "Tibbs"]);
  });

  it("refreshes the cached list with updated_since", async () => {
    await world.clients.list(true);
    clock.advance(5 * 60_000);
    await world.clients.list(true);
    const lists = sandbox.control.requests.filter((r) => r.service === "harvestV2" && r.path.endsWith("/clients"));
    // From the last refresh (18:00), less the two minutes' overlap for clocks that differ.
    expect(lists.at(-1)?.query).toMatch(/updated_since=2008-11-19T17%3A58%3A00Z/);
  });
});

describe("timers", () => {
  const running: (RunningTimer | null)[] = [];
  beforeEach(async () => {
    running.length = 0;
    await world.links.connect(V2.tokens.polly);
    world.timers.on("running", (timer) => running.push(timer));
  });

  it("today's entries with the running one first, and the running timer announced with its baseline", async () => {
    const day = await world.timers.today();
    expect(day.ok && day.value.day).toBe("2008-11-19");
    expect(day.ok && day.value.entries.map((e) => [e.id, e.isRunning])).toEqual([[V2.runningEntryId, true]]);
    expect(running).toHaveLength(1);
    // 23.69 h tracked at 18:00.
    expect(running[0]).toMatchObject({
      entryId: V2.runningEntryId,
      projectName: "Gourmet Night",
      taskName: "Put butter on trays",
      baselineMs: clock.now() - Math.round(23.69 * 3_600_000),
    });
  });

  it("the picker lists the user's tasks, recent pairs first", async () => {
    const options = await world.timers.options();
    expect(options.ok).toBe(true);
    const list = options.ok ? options.value : [];
    // Polly tracked on Gourmet Night / Put butter on trays and Fetch the lobster lately.
    expect(list.slice(0, 2).map((o) => [o.taskName, o.recent])).toEqual([
      ["Put butter on trays", true],
      ["Fetch the lobster", true],
    ]);
    expect(list.filter((o) => !o.recent).map((o) => o.taskName)).toEqual([
      "Cook the duck",
      "Hide the rat",
      "Inspect the kitchen",
    ]);
    await world.timers.start({ projectId: V2.projects.healthInspection, taskId: V2.tasks.inspectKitchen });
    const again = await world.timers.options();
    expect(again.ok && again.value[0]).toMatchObject({ taskName: "Inspect the kitchen", recent: true });
  });

  it("start stops the running one; stop, restart and notes re-read the day", async () => {
    const started = await world.timers.start({
      projectId: V2.projects.healthInspection,
      taskId: V2.tasks.hideRat,
      notes: " Rat ",
    });
    expect(started).toMatchObject({ ok: true, value: { isRunning: true, notes: "Rat" } });
    const id = started.ok ? started.value.id : 0;
    expect(world.timers.day?.entries.map((e) => [e.id, e.isRunning])).toEqual([
      [id, true],
      [V2.runningEntryId, false],
    ]);
    expect(running.at(-1)).toMatchObject({ entryId: id, taskName: "Hide the rat" });
    clock.advance(30 * 60_000);
    expect(await world.timers.editNotes(id, "Rat in the biscuit tin")).toMatchObject({
      ok: true,
      value: { notes: "Rat in the biscuit tin" },
    });
    expect(await world.timers.stop(id)).toMatchObject({ ok: true, value: { isRunning: false, hours: 0.5 } });
    expect(running.at(-1)).toBeNull();
    expect(await world.timers.stop(id)).toMatchObject({ ok: false, error: { kind: "validation", status: 422 } });
    expect(await world.timers.restart(id)).toMatchObject({ ok: true, value: { id, isRunning: true } });
    expect(running.at(-1)).toMatchObject({ entryId: id });
    expect(await world.timers.start({ projectId: 0, taskId: 1 })).toMatchObject({
      ok: false,
      error: { kind: "invalidInput" },
    });
  });

  it("removes idle time from a running timer and keeps it running, or stops it (duration account)", async () => {
    await world.timers.today();
    const removed = await world.timers.removeTime(
      V2.runningEntryId,
      30 * 60_000,
      "continue",
      clock.now() - 30 * 60_000,
    );
    expect(removed).toMatchObject({ ok: true, value: { isRunning: true, hours: 23.19 } });
    clock.advance(6 * 60_000);
    const stopped = await world.timers.removeTime(V2.runningEntryId, 6 * 60_000, "stop", clock.now() - 6 * 60_000);
    expect(stopped).toMatchObject({ ok: true, value: { isRunning: false, hours: 23.19 } });
  });

  it("on a timestamp account, removing idle time moves the end back and continues in a new entry", async () => {
    await world.links.disconnect();
    await world.links.connect(V2.tokens.basil);
    await world.links.chooseAccount(V2.accounts.argentina.id);
    const started = await world.timers.start({ projectId: V2.projects.paellaNight, taskId: V2.tasks.paella });
    const id = started.ok ? started.value.id : 0;
    clock.advance(60 * 60_000);
    const idleSince = clock.now() - 20 * 60_000;
    const result = await world.timers.removeTime(id, 20 * 60_000, "continue", idleSince);
    expect(result.ok && result.value.id).not.toBe(id);
    expect(result).toMatchObject({ ok: true, value: { isRunning: true } });
    const first = world.timers.day?.entries.find((e) => e.id === id);
    // 4:00pm to 4:40pm Buenos Aires time: the last 20 minutes were idle.
    expect(first).toMatchObject({ isRunning: false, startedTime: "4:00pm", endedTime: "4:40pm", hours: 0.67 });
  });
});

describe("the link follows Harvest", () => {
  it("refresh re-reads the company's timer mode and the user's roles", async () => {
    await world.links.connect(V2.tokens.polly);
    expect(world.links.summary()).toMatchObject({ wantsTimestampTimers: false, canManageClients: false });
    sandbox.control.harvestV2.setTimestampTimers(V2.accounts.fawlty.id, true);
    sandbox.control.harvestV2.setAccessRoles(V2.accounts.fawlty.id, SEED.harvest.nonAdmin.id, [
      "manager",
      "client_and_task_manager",
    ]);
    expect(await world.links.refresh()).toMatchObject({
      ok: true,
      value: { wantsTimestampTimers: true, canManageClients: true },
    });
    expect(world.store.doc.harvestLinks[OWNER]).toMatchObject({
      wantsTimestampTimers: true,
      accessRoles: ["manager", "client_and_task_manager"],
    });
  });
});
