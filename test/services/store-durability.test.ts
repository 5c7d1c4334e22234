/**
 * The store on a hostile disk: a real full file system (a small tmpfs), writes that fail through the
 * store's file-system seam (a read-only folder, ENOSPC), short writes, and a main file cut short
 * with a last-known-good copy beside it. What the app says must match what is on disk: a note the
 * user was told is saved survives a restart; a note that could not be saved is not queued.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openNodeStore } from "../../main/app/open-node-store";
import { createDispatcher } from "../../main/ipc/dispatch";
import { browserWindowCalls } from "../../dev/bridge/window-calls";
import { AppStore, defaultDoc } from "../../main/services/store";
import { KEYCHAIN_SERVICE, coopAccountName } from "../../main/services/vault";
import { StoreFile, nodeFs, type StoreFs } from "../../main/services/store-file";
import { SEED } from "../../sandbox/index";
import { expectValue, startHarness, type Harness } from "./app-harness";
import { realKeychain, tempDir, waitFor } from "./helpers";

const group25 = SEED.groups.fawltyTowers.id;
const basil = { email: SEED.users.basil.email, password: SEED.password };

/** The real file system, except that opening the temp file for writing fails with `failWith` while it is set. */
class FaultyFs {
  failWith: string | null = null;
  /** When set, each write call writes at most this many bytes (a legal short write). */
  shortWrites: number | null = null;
  readonly fs: StoreFs;

  constructor() {
    const openSync = ((path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode | null) => {
      if (this.failWith !== null && flags === "w") {
        throw Object.assign(new Error(`${this.failWith}: injected`), { code: this.failWith });
      }
      return nodeFs.openSync(path, flags ?? "r", mode);
    }) as StoreFs["openSync"];
    const writeSync = ((fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number) => {
      const len = this.shortWrites === null ? length : Math.min(length ?? buffer.byteLength, this.shortWrites);
      return nodeFs.writeSync(fd, buffer, offset, len);
    }) as StoreFs["writeSync"];
    this.fs = { ...nodeFs, openSync, writeSync };
  }
}

async function signedIn(h: Harness): Promise<void> {
  await h.app.start();
  expectValue(await h.call("signIn", { serverUrl: h.sandbox.url, email: basil.email, password: basil.password }));
  // Notes stay queued: every post is throttled for ten minutes (the "22 queued notes" of the report).
  const route = `/groups/${group25}/statuses`;
  h.sandbox.control.fault({ kind: "status503", route, method: "POST", times: Infinity, retryAfterSeconds: 600 });
}

const texts = (h: Harness) => async (): Promise<string[]> =>
  expectValue(await h.call("listOutbox")).map((item) => item.text);

describe("a store folder whose writes fail (through the file-system seam)", () => {
  let h: Harness;
  let faulty: FaultyFs;

  beforeEach(async () => {
    faulty = new FaultyFs();
    const dir = tempDir();
    h = await startHarness({ dir, deps: { openStoreBackend: openNodeStore(dir.path, faulty.fs) } });
    await signedIn(h);
  });
  afterEach(async () => {
    await h.close();
    h.dir.remove();
  });

  it("a note that hit ENOSPC is not queued, the user is told why, and trying again gives one copy", async () => {
    const outbox = texts(h);
    faulty.failWith = "ENOSPC";
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await h.call("postNote", { groupId: group25, text: "Lunch at the Grand?" });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/^Your disk is full: the note was not saved/);
      expect(await outbox()).not.toContain("Lunch at the Grand?");
    }
    faulty.failWith = null;
    expectValue(await h.call("postNote", { groupId: group25, text: "Lunch at the Grand?" }));
    expect((await outbox()).filter((t) => t === "Lunch at the Grand?")).toHaveLength(1);
    const file = join(h.dir.path, "coop-tray.json");
    const onDisk = JSON.parse(fs.readFileSync(file, "utf8")) as { outbox: { text: string }[] };
    expect(onDisk.outbox.filter((r) => r.text === "Lunch at the Grand?")).toHaveLength(1);
  });

  it("an unwritable folder at start is a visible notice, and the app keeps working read-only", async () => {
    faulty.failWith = "EROFS";
    await h.restart();
    await h.app.start();
    const state = expectValue(await h.call("getState"));
    expect(state.notices.join(" ")).toMatch(/cannot save to .* \(the folder is read-only or not yours\)/);
    expect(state.account?.email).toBe(basil.email);
    const feed = expectValue(await h.call("getFeed", { groupId: group25, date: null, userId: null }));
    expect(feed.statuses.length).toBeGreaterThan(0);
    const posted = await h.call("postNote", { groupId: group25, text: "Written on a read-only disk" });
    expect(!posted.ok && posted.error.message).toMatch(/may not write to its data folder: the note was not saved/);
    expect(await texts(h)()).not.toContain("Written on a read-only disk");
  });

  it("any other change the disk refuses: a plain message, and memory as it was (through the dispatcher)", async () => {
    const dispatch = createDispatcher({ ...h.app.handlers, ...browserWindowCalls() });
    faulty.failWith = "EROFS";
    const refused = await dispatch("updateSettings", { pollIntervalSeconds: 600 });
    expect(!refused.ok && refused.error.message).toMatch(/may not write to its data folder: the change was not saved/);
    faulty.failWith = null;
    const settings = expectValue(await h.call("getSettings"));
    expect(settings.pollIntervalSeconds).toBe(60);
  });

  it("a sign-in the disk refuses leaves no password in the keychain and no account on disk", async () => {
    await h.call("signOut");
    faulty.failWith = "ENOSPC";
    const refused = await h.call("signIn", { serverUrl: `${h.sandbox.url}/`, ...basil });
    expect(!refused.ok && refused.error.message).toMatch(/^Your disk is full: the sign-in was not saved/);
    const keychain = await realKeychain();
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, coopAccountName(h.sandbox.url, basil.email))).toBeNull();
    faulty.failWith = null;
    expect(expectValue(await h.call("getState")).account).toBeNull();
  });

  it("short writes are completed, not taken for the whole file", async () => {
    faulty.shortWrites = 7;
    expectValue(await h.call("postNote", { groupId: group25, text: "Seven bytes at a time" }));
    faulty.shortWrites = null;
    await h.restart();
    expect(expectValue(await h.call("getState")).notices).toEqual([]);
    expect(await texts(h)()).toContain("Seven bytes at a time");
  });
});

describe("the last-known-good copy", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it("is used when the main file does not parse (cut short), before anything is reset", () => {
    const store = AppStore.open(openNodeStore(dir.path));
    const account = { serverUrl: "http://x", email: "basil@example.com", userId: 21, name: "Basil", harvest: null };
    store.commit((doc) => ({ ...doc, account }));
    store.commit((doc) => ({ ...doc, settings: { ...doc.settings, pollIntervalSeconds: 300 } }));
    store.close();
    const main = join(dir.path, "coop-tray.json");
    // What the old store left after a full disk: the first bytes only (the file is smaller than 4 KiB here).
    fs.truncateSync(main, Math.min(4096, Math.floor(fs.statSync(main).size / 2)));

    const reopened = AppStore.open(openNodeStore(dir.path));
    expect(reopened.doc.account).toEqual(account);
    expect(reopened.notices.join(" ")).toMatch(/the last good copy was used/);
    expect(fs.readdirSync(dir.path).some((name) => name.includes(".corrupt-"))).toBe(true);
    reopened.close();
  });

  it("is read when a crash came between the two renames (no main file)", () => {
    const store = AppStore.open(openNodeStore(dir.path));
    store.commit((doc) => ({ ...doc, settings: { ...doc.settings, pollIntervalSeconds: 120 } }));
    store.commit((doc) => ({ ...doc, settings: { ...doc.settings, pollIntervalSeconds: 180 } }));
    store.close();
    fs.renameSync(join(dir.path, "coop-tray.json"), join(dir.path, "coop-tray.last-good.json"));
    const reopened = AppStore.open(openNodeStore(dir.path));
    expect(reopened.doc.settings.pollIntervalSeconds).toBe(180);
    expect(reopened.notices).toEqual([]);
    reopened.close();
  });

  it("a write that makes no progress fails instead of leaving a short file", () => {
    const file = new StoreFile(dir.path, "coop-tray", { ...nodeFs, writeSync: (() => 0) as StoreFs["writeSync"] });
    fs.writeFileSync(join(dir.path, "coop-tray.json"), JSON.stringify(defaultDoc()));
    const bigger = JSON.stringify({ ...defaultDoc(), big: "y".repeat(10_000) });
    expect(() => file.write(bigger)).toThrow(/no more bytes/);
    expect(JSON.parse(fs.readFileSync(join(dir.path, "coop-tray.json"), "utf8"))).toEqual(defaultDoc());
    expect(fs.readdirSync(dir.path)).toEqual(["coop-tray.json"]);
  });
});

/** A real full disk needs a tmpfs, and mounting one needs root (CI runs as root). */
function mountTmpfs(path: string, size: string): string | null {
  if (process.platform !== "linux") return "tmpfs is Linux only";
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", path], { stdio: "pipe" });
    return null;
  } catch (error) {
    return `mount failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
}

describe("a real full disk (a small tmpfs)", () => {
  const dir = tempDir("coop-tray-tmpfs-");
  const cannot = mountTmpfs(dir.path, "512k");
  let h: Harness;

  beforeAll(async () => {
    if (cannot) return;
    h = await startHarness({ dir });
    await signedIn(h);
    // Both feeds cached on disk (the debounced write landed), so the file is as large as it gets.
    const file = join(dir.path, "coop-tray.json");
    const feedsOnDisk = (): number =>
      Object.keys((JSON.parse(fs.readFileSync(file, "utf8")) as { feeds: object }).feeds).length;
    await waitFor(() => feedsOnDisk() === 2, "both feeds on disk");
  });
  afterAll(async () => {
    if (!cannot) {
      await h.close();
      execFileSync("umount", [dir.path]);
    }
    dir.remove();
  });

  const title = `reports the full disk and keeps every note it said it saved${cannot ? ` (skipped: ${cannot})` : ""}`;
  it.skipIf(cannot !== null)(title, async () => {
    // Fill the disk, then give back a little more than one copy of the store file.
    const filler = join(dir.path, "filler");
    const fd = fs.openSync(filler, "w");
    const block = Buffer.alloc(4096, 120);
    try {
      for (;;) fs.writeSync(fd, block);
    } catch (error) {
      expect((error as { code?: string }).code).toBe("ENOSPC");
    }
    const storeSize = fs.statSync(join(dir.path, "coop-tray.json")).size;
    // Room for the temp copy of the file plus a few notes.
    fs.ftruncateSync(fd, Math.max(0, fs.fstatSync(fd).size - storeSize - 16 * 1024));
    fs.closeSync(fd);

    const saved: string[] = [];
    let refused: string | null = null;
    for (let i = 0; i < 200 && refused === null; i++) {
      const text = `Note ${i} written on a nearly full disk ${"·".repeat(1500)}`;
      const result = await h.call("postNote", { groupId: group25, text });
      if (result.ok) saved.push(text);
      else {
        expect(result.error.message).toMatch(/^Your disk is full: the note was not saved/);
        refused = text;
      }
    }
    expect(saved.length).toBeGreaterThan(0);
    expect(refused).not.toBeNull();
    expect(await texts(h)()).not.toContain(refused);

    // A restart on the full disk: nothing reset, every note that was accepted is there once.
    await h.restart();
    await h.app.start();
    const state = expectValue(await h.call("getState"));
    expect(state.account?.email).toBe(basil.email);
    expect(state.notices.filter((n) => /reset|could not be read/.test(n))).toEqual([]);
    const after = await texts(h)();
    for (const text of saved) expect(after.filter((t) => t === text)).toHaveLength(1);
    expect(after).not.toContain(refused);

    // Space again: the refused note goes in, once.
    fs.unlinkSync(filler);
    expectValue(await h.call("postNote", { groupId: group25, text: refused as string }));
    expect((await texts(h)()).filter((t) => t === refused)).toHaveLength(1);
  });
});
