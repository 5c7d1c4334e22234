import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../main/app/create-app";
import { openNodeStore } from "../../main/app/open-node-store";
import { LIMITS } from "../../main/services/store-bounds";
import { AppStore, defaultDoc } from "../../main/services/store";
import { STORE_VERSION, type OutboxRecord } from "../../main/services/store-schema";
import type { Status } from "@coop-tray/protocol/models";
import { tempDir } from "./helpers";

const note = (id: number, minute: number): Status => ({
  type: "Note",
  id,
  groupId: 25,
  text: `note ${id}`,
  user: { id: 22, name: "Sybil Fawlty", email: "sybil@fawltytowers.com", avatarThumbUrl: null },
  createdAt: new Date(Date.UTC(2020, 0, 1, 0, minute)).toISOString(),
  updatedAt: null,
});

const outboxItem = (id: string, state: OutboxRecord["state"], extra: Partial<OutboxRecord> = {}): OutboxRecord => ({
  id,
  groupId: 25,
  text: `text ${id}`,
  state,
  createdAt: 1_000,
  attempts: 0,
  nextAttemptAt: null,
  lastError: null,
  statusId: null,
  owner: "coop:http://x:basil@fawltytowers.com",
  needsCheck: false,
  sentAt: null,
  ...extra,
});

describe("the store", () => {
  let dir: ReturnType<typeof tempDir>;
  const file = (): string => join(dir.path, "coop-tray.json");

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it("creates a versioned document with default settings on first open", () => {
    const store = AppStore.open(openNodeStore(dir.path));
    expect(store.notices).toEqual([]);
    const onDisk = JSON.parse(readFileSync(file(), "utf8"));
    expect(onDisk.version).toBe(STORE_VERSION);
    expect(onDisk.settings.pollIntervalSeconds).toBe(60);
    expect(onDisk.outbox).toEqual([]);
    store.close();
  });

  it("coalesces cache writes and writes commits at once", () => {
    const store = AppStore.open(openNodeStore(dir.path), { writeDelayMs: 60_000 });
    store.update((doc) => ({ ...doc, settings: { ...doc.settings, pollIntervalSeconds: 120 } }));
    expect(JSON.parse(readFileSync(file(), "utf8")).settings.pollIntervalSeconds).toBe(60);
    store.commit((doc) => ({ ...doc, outbox: [outboxItem("a", "queued")] }));
    const written = JSON.parse(readFileSync(file(), "utf8"));
    expect(written.outbox.map((r: OutboxRecord) => r.id)).toEqual(["a"]);
    expect(written.settings.pollIntervalSeconds).toBe(120);
    store.close();
    const reopened = AppStore.open(openNodeStore(dir.path));
    expect(reopened.doc.outbox[0]?.text).toBe("text a");
    reopened.close();
  });

  it("moves an unreadable file aside, starts clean and says so", () => {
    writeFileSync(file(), '{"version": 1, "settings": {', "utf8");
    const store = AppStore.open(openNodeStore(dir.path), { now: () => Date.UTC(2024, 4, 1, 12, 0, 0) });
    expect(store.doc).toEqual(defaultDoc());
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]).toMatch(/could not be read \(the file is not valid JSON\)/);
    const aside = readdirSync(dir.path).filter((name) => name.includes(".corrupt-"));
    expect(aside).toEqual(["coop-tray.corrupt-2024-05-01T12-00-00-000Z.json"]);
    expect(store.notices[0]).toContain(aside[0]);
    expect(readFileSync(join(dir.path, aside[0] as string), "utf8")).toBe('{"version": 1, "settings": {');
    expect(JSON.parse(readFileSync(file(), "utf8")).version).toBe(STORE_VERSION);
    store.close();
  });

  it("treats a JSON value that is not an object as unreadable", () => {
    writeFileSync(file(), "[1, 2, 3]", "utf8");
    const store = AppStore.open(openNodeStore(dir.path));
    expect(store.notices[0]).toMatch(/does not hold an object/);
    expect(store.doc.outbox).toEqual([]);
    store.close();
  });

  it("salvages what still validates: settings, the account and unsent notes", () => {
    const doc = defaultDoc();
    const bad = {
      ...doc,
      settings: { ...doc.settings, pollIntervalSeconds: 5, notifications: false },
      account: {
        serverUrl: "http://x",
        email: "basil@fawltytowers.com",
        userId: 21,
        name: "Basil Fawlty",
        harvest: null,
      },
      feeds: {
        "25": { statuses: [{ type: "Bogus" }], etag: null, lastSyncedAt: 1, seenAt: null },
        "34": { statuses: [note(1, 1)], etag: '"e"', lastSyncedAt: 5, seenAt: null },
      },
      outbox: [outboxItem("good", "queued"), { id: "broken", state: "exploded" }],
    };
    writeFileSync(file(), JSON.stringify(bad), "utf8");
    const store = AppStore.open(openNodeStore(dir.path));
    expect(store.notices[0]).toMatch(/Some of your saved Co-op Tray data could not be read/);
    expect(store.notices[0]).toMatch(/some settings/);
    expect(store.doc.settings.pollIntervalSeconds).toBe(60);
    expect(store.doc.settings.notifications).toBe(false);
    expect(store.doc.account?.userId).toBe(21);
    expect(Object.keys(store.doc.feeds)).toEqual(["34"]);
    expect(store.doc.outbox.map((r) => r.id)).toEqual(["good"]);
    expect(readdirSync(dir.path).some((name) => name.startsWith("coop-tray.corrupt-"))).toBe(true);
    store.close();
  });

  it("refuses a file from a newer version without touching its content", () => {
    writeFileSync(file(), JSON.stringify({ ...defaultDoc(), version: STORE_VERSION + 1 }), "utf8");
    const store = AppStore.open(openNodeStore(dir.path));
    expect(store.notices[0]).toMatch(/newer version/);
    const aside = readdirSync(dir.path).find((name) => name.includes(".corrupt-"));
    expect(aside).toBeDefined();
    expect(JSON.parse(readFileSync(join(dir.path, aside as string), "utf8")).version).toBe(STORE_VERSION + 1);
    store.close();
  });

  it("runs migrations from older versions in order", () => {
    const { version: _version, settings, ...rest } = defaultDoc();
    // A hypothetical older layout: version 0 kept the interval in minutes at the top level.
    writeFileSync(file(), JSON.stringify({ ...rest, version: 0, pollMinutes: 5, settingsOld: settings }), "utf8");
    const store = AppStore.open(openNodeStore(dir.path), {
      migrations: {
        0: (old) => {
          const { pollMinutes, settingsOld, ...others } = old as {
            pollMinutes: number;
            settingsOld: Record<string, unknown>;
          };
          return { ...others, settings: { ...settingsOld, pollIntervalSeconds: pollMinutes * 60 } };
        },
      },
    });
    expect(store.notices).toEqual([]);
    expect(store.doc.settings.pollIntervalSeconds).toBe(300);
    expect(JSON.parse(readFileSync(file(), "utf8")).version).toBe(STORE_VERSION);
    store.close();
  });

  it("keeps the file bounded: statuses per feed, days per group, sent notes", () => {
    const now = Date.UTC(2024, 0, 10);
    const store = AppStore.open(openNodeStore(dir.path), { now: () => now });
    const statuses = Array.from({ length: LIMITS.statusesPerFeed + 30 }, (_, i) => note(i + 1, i)).reverse();
    const days = Object.fromEntries(
      Array.from({ length: LIMITS.daysPerGroup + 3 }, (_, i) => [
        `2023-12-${String(i + 1).padStart(2, "0")}`,
        { statuses: [], fetchedAt: i, usedAt: i, complete: true },
      ]),
    );
    store.commit((doc) => ({
      ...doc,
      feeds: { "25": { statuses, etag: null, lastSyncedAt: now, seenAt: null, seenKeys: [] } },
      days: { "25": days },
      outbox: [
        outboxItem("old-sent", "sent", { sentAt: now - LIMITS.sentRetentionMs - 1, statusId: 1 }),
        outboxItem("new-sent", "sent", { sentAt: now - 1_000, statusId: 2 }),
        outboxItem("old-failed", "failed", { createdAt: 1 }),
      ],
    }));
    const onDisk = JSON.parse(readFileSync(file(), "utf8"));
    expect(onDisk.feeds["25"].statuses).toHaveLength(LIMITS.statusesPerFeed);
    expect(onDisk.feeds["25"].statuses[0].id).toBe(LIMITS.statusesPerFeed + 30);
    const keptDays = Object.keys(onDisk.days["25"]).sort();
    expect(keptDays).toHaveLength(LIMITS.daysPerGroup);
    // The least recently used (the first three) went first.
    expect(keptDays[0]).toBe("2023-12-04");
    expect(onDisk.outbox.map((r: OutboxRecord) => r.id)).toEqual(["new-sent", "old-failed"]);
    store.close();
  });

  it("writes the file readable by its owner only", () => {
    const store = AppStore.open(openNodeStore(dir.path));
    store.close();
    // Windows has no POSIX modes; everywhere else group and others get nothing.
    if (process.platform !== "win32") expect(statSync(file()).mode & 0o077).toBe(0);
    else expect(statSync(file()).isFile()).toBe(true);
  });
});

describe("the app on a corrupt store and without a keychain", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it("starts clean with a notice, and refuses to sign in rather than keep a password in plain text", async () => {
    writeFileSync(join(dir.path, "coop-tray.json"), "\u0000\u0001 not json", "utf8");
    const app = await createApp({
      openStoreBackend: openNodeStore(dir.path),
      keychain: null,
      api: { harvestUrlTemplate: "http://127.0.0.1:9/harvest/{subdomain}" },
    });
    await app.start();
    const state = await app.handlers.getState();
    expect(state.ok && state.value.notices.length).toBe(1);
    expect(state.ok && state.value.notices[0]).toMatch(/could not be read/);
    expect(state.ok && state.value.account).toBeNull();
    // Port 9 (discard) is never called: the keychain check comes first.
    const signIn = await app.handlers.signIn({
      serverUrl: "http://127.0.0.1:9",
      email: "basil@fawltytowers.com",
      password: "secret-never-stored",
    });
    expect(!signIn.ok && signIn.error.kind).toBe("keychain");
    expect(JSON.stringify(signIn)).not.toContain("secret-never-stored");
    await app.stop();
    for (const name of readdirSync(dir.path))
      expect(readFileSync(join(dir.path, name), "latin1")).not.toContain("secret-never-stored");
  });
});
