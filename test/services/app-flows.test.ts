import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import { KEYCHAIN_SERVICE, coopAccountName, coopTokenAccountName, harvestAccountName } from "../../main/services/vault";
import { SEED } from "../../sandbox/index";
import type { AppState, Events, GroupSummary } from "../../shared/contract";
import type { Status } from "@coop-tray/protocol/models";
import { COOP_PASSWORD_ALONE, expectValue, startHarness, type Harness } from "./app-harness";
import { filesUnder, realKeychain, waitFor } from "./helpers";
import { APP_USER_AGENT } from "../../main/app/user-agent";

const basil = { email: SEED.users.basil.email, password: SEED.password };
const group25 = SEED.groups.fawltyTowers.id;

describe("the app against the sandbox: accounts, sync, unread, days, offline, clients", () => {
  let h: Harness;
  const newStatuses: { groupId: number; statuses: readonly Status[] }[] = [];
  const trayStates: string[] = [];
  let lastGroups: readonly GroupSummary[] = [];
  let lastState: AppState | null = null;

  beforeAll(async () => {
    h = await startHarness();
    h.app.onNewStatuses((e) => newStatuses.push(e));
    h.app.onTrayState((s) => trayStates.push(s));
    h.app.on("groupsChanged", (g) => (lastGroups = g));
    h.app.on("stateChanged", (s) => (lastState = s));
    await h.app.start();
  });

  afterAll(async () => {
    await h?.close();
    h?.dir.remove();
  });

  const polly = () =>
    createApiFactory({ userAgent: APP_USER_AGENT, harvestUrlTemplate: h.sandbox.harvestUrlTemplate }).coop(
      { serverUrl: h.sandbox.url, email: SEED.users.polly.email, password: SEED.password },
      "json",
    );

  it("refuses a wrong password and stores nothing", async () => {
    const result = await h.call("signIn", {
      serverUrl: h.sandbox.url,
      email: basil.email,
      password: "not-the-password",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe("auth");
    const keychain = await realKeychain();
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, coopAccountName(h.sandbox.url, basil.email))).toBeNull();
    expect(expectValue(await h.call("getState")).account).toBeNull();
    const feed = await h.call("getFeed", { groupId: group25, date: null, userId: null });
    expect(!feed.ok && feed.error.kind).toBe("signedOut");
  });

  it("signs in with a real call, finds the user id and keeps only a device token in the keychain", async () => {
    const account = expectValue(
      await h.call("signIn", { serverUrl: `${h.sandbox.url}/`, email: basil.email, password: basil.password }),
    );
    expect(account).toEqual({
      serverUrl: h.sandbox.url,
      email: basil.email,
      userId: SEED.users.basil.id,
      name: SEED.users.basil.name,
      signedInWith: "token",
      // Co-op has the link; this computer's keychain has no Harvest password for it yet.
      harvest: { subdomain: SEED.harvest.subdomain, email: SEED.harvest.admin.email, passwordSaved: false },
    });
    const keychain = await realKeychain();
    // The password was exchanged for a device token (docs/coop-api.md §2.5): it is not kept.
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, coopAccountName(h.sandbox.url, basil.email))).toBeNull();
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, coopTokenAccountName(h.sandbox.url, basil.email))).toMatch(
      /^coop_dev_/,
    );
    const state = expectValue(await h.call("getState"));
    expect(state.account?.userId).toBe(SEED.users.basil.id);
    expect(state.defaultServerUrl).toBe(h.sandbox.url);
  });

  it("syncs every group's feed, merging by (type, id)", async () => {
    await h.app.refreshAll();
    const groups = expectValue(await h.call("listGroups"));
    expect(groups.map((g) => g.group.id).sort()).toEqual([group25, SEED.groups.argentina.id].sort());
    // The first fetch is the baseline: nothing is unread yet.
    expect(groups.every((g) => g.unread === 0 && g.lastSyncedAt !== null)).toBe(true);
    const feed = expectValue(await h.call("getFeed", { groupId: group25, date: null, userId: null }));
    expect(feed.statuses).toHaveLength(50);
    expect(feed.fromCache).toBe(false);
    // A Note and a DayEntry share id 200 in the seed: both are kept.
    const keys = feed.statuses.map((s) => `${s.type}:${s.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect((feed.statuses[0]?.createdAt ?? "") >= (feed.statuses[1]?.createdAt ?? "")).toBe(true);
    const serverTop = h.sandbox.control
      .statuses(group25)
      .slice(0, 50)
      .map((s) => `${s.type}:${s.id}`);
    expect(keys).toEqual(serverTop);
  });

  it("asks with the ETag and gets 304 when nothing changed", async () => {
    h.sandbox.control.clearLog();
    await h.app.refreshAll();
    const feedCalls = h.sandbox.control.requests.filter(
      (r) => r.method === "GET" && r.path.startsWith(`/groups/${group25}/statuses`),
    );
    expect(feedCalls.length).toBeGreaterThan(0);
    expect(feedCalls.every((r) => r.status === 304)).toBe(true);
  });

  it("answers listGroups from a fresh cache, while refreshGroups (the Refresh button) always asks Co-op", async () => {
    const basilElsewhere = createApiFactory({
      userAgent: APP_USER_AGENT,
      harvestUrlTemplate: h.sandbox.harvestUrlTemplate,
    }).coop({ serverUrl: h.sandbox.url, email: basil.email, password: basil.password }, "json");
    expectValue(await h.call("listGroups"));
    const created = await basilElsewhere.createGroup({ name: "Made elsewhere", timezone: "London", memberEmails: [] });
    expect(created.ok).toBe(true);
    const newId = created.ok ? created.value : -1;
    try {
      h.sandbox.control.clearLog();
      const cached = expectValue(await h.call("listGroups"));
      expect(cached.map((g) => g.group.id)).not.toContain(newId);
      expect(h.sandbox.control.requests.filter((r) => r.method === "GET" && r.path === "/groups")).toHaveLength(0);
      const fresh = expectValue(await h.call("refreshGroups"));
      expect(fresh.map((g) => g.group.id)).toContain(newId);
      expect(
        h.sandbox.control.requests.filter((r) => r.method === "GET" && r.path === "/groups").length,
      ).toBeGreaterThan(0);
    } finally {
      await basilElsewhere.deleteGroup(newId);
      expectValue(await h.call("refreshGroups"));
    }
  });

  it("counts others' new statuses as unread, announces them, and not the user's own", async () => {
    newStatuses.length = 0;
    expectValue(await polly().postNote(group25, "Polly: the kitchen is on fire"));
    await h.app.refreshAll();
    const groups = expectValue(await h.call("listGroups"));
    expect(groups.find((g) => g.group.id === group25)?.unread).toBe(1);
    expect(lastGroups.find((g) => g.group.id === group25)?.unread).toBe(1);
    expect(newStatuses).toHaveLength(1);
    expect(newStatuses[0]?.statuses.map((s) => s.text)).toEqual(["Polly: the kitchen is on fire"]);
    expect(h.app.trayState()).toBe("unread");
    expect(trayStates.at(-1)).toBe("unread");

    const posted = expectValue(await h.call("postNote", { groupId: group25, text: "Basil: it is under control" }));
    expect(posted.state).toBe("queued");
    await waitFor(
      async () => expectValue(await h.call("listOutbox")).find((i) => i.id === posted.id && i.state === "sent"),
      "Basil's note to be sent",
    );
    await h.app.refreshAll();
    const after = expectValue(await h.call("getFeed", { groupId: group25, date: null, userId: null }));
    expect(after.statuses[0]?.text).toBe("Basil: it is under control");
    expect(expectValue(await h.call("listGroups")).find((g) => g.group.id === group25)?.unread).toBe(1);
    expect(newStatuses).toHaveLength(1);

    expectValue(await h.call("markSeen", { groupId: group25 }));
    expect(expectValue(await h.call("listGroups")).find((g) => g.group.id === group25)?.unread).toBe(0);
    expect(h.app.trayState()).toBe("normal");
  });

  it("announces a feed change with the new latest view, so the page need not ask for it", async () => {
    const updates: Events["feedUpdated"][] = [];
    const stop = h.app.on("feedUpdated", (update) => updates.push(update));
    try {
      expectValue(await polly().postNote(group25, "Polly: the rat is back"));
      await h.app.refreshAll();
      const update = updates.find((u) => u.groupId === group25);
      expect(update?.newStatuses).toBe(1);
      expect(update?.feed.query).toEqual({ groupId: group25, date: null, userId: null });
      expect(update?.feed.statuses[0]?.text).toBe("Polly: the rat is back");
      // Exactly what the page would have read back: nothing left to ask.
      expect(update?.feed).toEqual(
        expectValue(await h.call("getFeed", { groupId: group25, date: null, userId: null })),
      );
    } finally {
      stop();
      expectValue(await h.call("markSeen", { groupId: group25 }));
    }
  });

  it("fetches a browsed day once, in the group's zone, and serves it from the cache after", async () => {
    h.sandbox.control.clearLog();
    const query = { groupId: SEED.groups.argentina.id, date: "2008-11-18", userId: null };
    const first = expectValue(await h.call("getFeed", query));
    // 01:00 UTC on the 19th is the 18th in Buenos Aires.
    expect(first.statuses.map((s) => s.text)).toContain("Late call from Torquay");
    expect(first.statuses.map((s) => s.text)).toContain("¿Qué?");
    const second = expectValue(await h.call("getFeed", query));
    expect(second.statuses).toEqual(first.statuses);
    const dayCalls = h.sandbox.control.requests.filter(
      (r) => r.path === `/groups/${SEED.groups.argentina.id}/20081118`,
    );
    expect(dayCalls).toHaveLength(1);
    // One member's statuses of that day come from the cached day as well.
    const manuel = expectValue(await h.call("getFeed", { ...query, userId: SEED.users.manuel.id }));
    expect(manuel.statuses.map((s) => s.text)).toEqual(["¿Qué?"]);
    expect(
      h.sandbox.control.requests.filter((r) => r.path.startsWith(`/groups/${SEED.groups.argentina.id}/`)),
    ).toHaveLength(1);
  });

  it("goes offline: polling pauses, the cache is served with the reason, then resumes when back", async () => {
    await h.sandbox.control.goOffline();
    await h.app.refreshAll();
    expect(h.app.trayState()).toBe("offline");
    expect(lastState?.connection.online).toBe(false);
    const cached = expectValue(await h.call("refreshFeed", { groupId: group25, date: null, userId: null }));
    expect(cached.fromCache).toBe(true);
    expect(cached.error?.kind).toBe("offline");
    expect(cached.statuses.length).toBeGreaterThan(0);
    const day = expectValue(
      await h.call("getFeed", { groupId: SEED.groups.argentina.id, date: "2008-11-18", userId: null }),
    );
    expect(day.statuses.length).toBeGreaterThan(0);

    const note = expectValue(await h.call("postNote", { groupId: group25, text: "Written on the train" }));
    await waitFor(
      async () =>
        expectValue(await h.call("listOutbox")).find((i) => i.id === note.id && i.lastError?.kind === "offline"),
      "the offline attempt",
    );

    await h.sandbox.control.goOnline();
    expectValue(await polly().postNote(group25, "Polly: back in business"));
    // The next probe (backoff on the fake clock) finds the server again; sync and outbox resume.
    h.clock.advance(60_000);
    await waitFor(() => lastState?.connection.online === true, "the app to see it is online");
    await waitFor(
      async () => expectValue(await h.call("listOutbox")).find((i) => i.id === note.id && i.state === "sent"),
      "the train note to be sent",
    );
    await h.app.refreshAll();
    expect(h.sandbox.control.statuses(group25).filter((s) => s.text === "Written on the train")).toHaveLength(1);
    expect(expectValue(await h.call("listGroups")).find((g) => g.group.id === group25)?.unread).toBe(1);
    expect(h.app.trayState()).toBe("unread");
  });

  it("keeps the Harvest password in the keychain, verifies it with who_am_i, and manages clients", async () => {
    // Co-op has Basil's Harvest login, but this computer has no Harvest password yet.
    const before = await h.call("listClients", { refresh: true });
    expect(!before.ok && before.error.kind).toBe("auth");

    const wrong = await h.call("updateHarvest", {
      subdomain: SEED.harvest.subdomain,
      email: SEED.harvest.admin.email,
      password: "wrong-password",
    });
    expect(wrong.ok).toBe(false);
    const keychain = await realKeychain();
    expect(
      await keychain.getPassword(
        KEYCHAIN_SERVICE,
        harvestAccountName(SEED.harvest.subdomain, SEED.harvest.admin.email),
      ),
    ).toBeNull();

    const credential = expectValue(
      await h.call("updateHarvest", {
        subdomain: SEED.harvest.subdomain,
        email: SEED.harvest.admin.email,
        password: SEED.harvest.admin.password,
      }),
    );
    expect(credential).toMatchObject({
      subdomain: SEED.harvest.subdomain,
      email: SEED.harvest.admin.email,
      userId: SEED.users.basil.id,
    });
    expect(
      await keychain.getPassword(
        KEYCHAIN_SERVICE,
        harvestAccountName(SEED.harvest.subdomain, SEED.harvest.admin.email),
      ),
    ).toBe(SEED.harvest.admin.password);
    const who = expectValue(await h.call("verifyHarvest"));
    expect(who.user.email).toBe(SEED.harvest.admin.email);
    expect(who.user.admin).toBe(true);

    const clients = expectValue(await h.call("listClients", { refresh: true }));
    expect(clients.map((c) => c.id).sort((a, b) => a - b)).toEqual(
      h.sandbox.control
        .clients(SEED.harvest.subdomain)
        .map((c) => c.id)
        .sort((a, b) => a - b),
    );

    const toggled = await h.call("toggleClient", { id: SEED.harvest.clients.cityOfTorquay });
    expect(toggled.ok).toBe(false);
    if (!toggled.ok && toggled.error.kind === "validation") expect(toggled.error.hint).toBeTruthy();
    else throw new Error(`expected a validation error with a hint, got ${JSON.stringify(toggled)}`);

    const created = expectValue(
      await h.call("createClient", {
        name: "Major Gowen's Club",
        details: "Room 3",
        currency: null,
        currencySymbol: null,
      }),
    );
    expect(created.name).toBe("Major Gowen's Club");
    const renamed = expectValue(await h.call("updateClient", { id: created.id, name: "The Major's Club" }));
    expect(renamed.details).toBe("Room 3");
    const flipped = expectValue(await h.call("toggleClient", { id: created.id }));
    expect(flipped.active).toBe(!created.active);
    h.sandbox.control.clearLog();
    const incremental = expectValue(await h.call("listClients", { refresh: true }));
    expect(incremental.find((c) => c.id === created.id)?.name).toBe("The Major's Club");
    expect(h.sandbox.control.requests.find((r) => r.path.endsWith("/clients"))?.query).toMatch(/updated_since=/);
    expectValue(await h.call("deleteClient", { id: created.id }));
    expect(expectValue(await h.call("listClients", { refresh: false })).some((c) => c.id === created.id)).toBe(false);
    expect(h.sandbox.control.clients(SEED.harvest.subdomain).some((c) => c.id === created.id)).toBe(false);
  });

  it("changes settings within their limits only", async () => {
    const bad = await h.call("updateSettings", { pollIntervalSeconds: 1 });
    expect(!bad.ok && bad.error.kind).toBe("invalidInput");
    const good = expectValue(await h.call("updateSettings", { pollIntervalSeconds: 120, format: "json" }));
    expect(good.pollIntervalSeconds).toBe(120);
    // JSON from now on, and the feed still reads the same.
    const feed = expectValue(await h.call("refreshFeed", { groupId: group25, date: null, userId: null }));
    expect(feed.fromCache).toBe(false);
    expect(feed.statuses.length).toBeGreaterThan(50);
    expect(expectValue(await h.call("getSettings")).format).toBe("json");
  });

  it("signs out: secrets removed, account data cleared", async () => {
    expectValue(await h.call("signOut"));
    const keychain = await realKeychain();
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, coopAccountName(h.sandbox.url, basil.email))).toBeNull();
    expect(
      await keychain.getPassword(
        KEYCHAIN_SERVICE,
        harvestAccountName(SEED.harvest.subdomain, SEED.harvest.admin.email),
      ),
    ).toBeNull();
    expect(expectValue(await h.call("getState")).account).toBeNull();
    const groups = await h.call("listGroups");
    expect(!groups.ok && groups.error.kind).toBe("signedOut");
    await h.app.stop();
    const onDisk = JSON.parse(filesUnder(h.dir.path).find((f) => f.path.endsWith("coop-tray.json"))?.text ?? "{}");
    expect(onDisk.account).toBeNull();
    expect(onDisk.feeds).toEqual({});
    expect(onDisk.clients).toBeNull();
    await h.restart();
  });

  it("never wrote a password to the store's folder or into a handler result", async () => {
    await h.app.stop();
    const files = filesUnder(h.dir.path);
    expect(files.length).toBeGreaterThan(0);
    for (const { path, text } of files) {
      expect(COOP_PASSWORD_ALONE.test(text), path).toBe(false);
      expect(text.includes(SEED.harvest.admin.password), path).toBe(false);
      expect(text.includes("wrong-password"), path).toBe(false);
      expect(text.includes("not-the-password"), path).toBe(false);
    }
    expect(h.results.length).toBeGreaterThan(30);
    for (const result of h.results) {
      expect(COOP_PASSWORD_ALONE.test(result), result).toBe(false);
      expect(result.includes(SEED.harvest.admin.password), result).toBe(false);
      expect(result.includes("wrong-password")).toBe(false);
      expect(result.includes("not-the-password")).toBe(false);
    }
    await h.restart();
  });
});
