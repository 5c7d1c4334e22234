// Issue 19, finding 7: the data folder and every file in it are the server user's alone whatever the
// umask, and a start without server.key over sealed Harvest credentials stops with what to do.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SQLITE_FILE } from "../../server/compose";
import { lockDataFolder } from "../../server/data-lock";
import { restoreSqlite } from "../../server/restore";
import { KEY_FILE } from "../../server/secrets";
import { call } from "../sandbox/helpers";
import { DATABASES, SQLITE } from "./databases";
import { startTestServer } from "./helpers";
import { buildBundle, runBundle } from "./processes";

const ANN = ["ann@example.com", "ann-password-1"] as const;
const mode = (path: string): number => statSync(path).mode & 0o777;

beforeAll(() => buildBundle(), 120_000);

let umask = 0;
beforeEach(() => {
  // The loosest umask: the modes must come from the server, not from the environment.
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
});

describe("file modes (SQLite)", () => {
  it("makes the data folder 0700 and the database, its WAL and SHM, server.key, the lock and backups 0600", async () => {
    const parent = mkdtempSync(join(tmpdir(), "coop-modes-"));
    const data = join(parent, "data");
    const db = await SQLITE.fresh();
    const t = await startTestServer({ ...db, options: { ...db.options, dataDir: data } });
    try {
      await t.addUser(...ANN);
      await call(t.url, "/groups", {
        method: "POST",
        as: ANN,
        format: "json",
        body: '{"group":{"name":"Modes","timezone":"UTC"}}',
      });
      const files = readdirSync(data);
      expect(files).toEqual(
        expect.arrayContaining([SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, KEY_FILE]),
      );
      expect(mode(data)).toBe(0o700);
      for (const file of files) expect([file, mode(join(data, file))]).toEqual([file, 0o600]);
    } finally {
      await t.close();
    }
    const backup = join(parent, "backup.sqlite");
    expect(runBundle(["backup", backup, "--data", data])).toMatchObject({ status: 0 });
    expect(mode(backup)).toBe(0o600);
    const lock = lockDataFolder(data, "test");
    expect(mode(join(data, "coop.lock"))).toBe(0o600);
    lock.release();
    restoreSqlite(data, join(data, SQLITE_FILE), join(parent, "backup.sqlite"));
    expect(mode(join(data, SQLITE_FILE))).toBe(0o600);
    rmSync(parent, { recursive: true, force: true });
    await db.dispose();
  });
});

describe.each(DATABASES)("a missing server.key on $name", (kind) => {
  it("stops the start with what to do when the database holds sealed credentials", async () => {
    const db = await kind.fresh();
    const t = await startTestServer(db);
    const ann = await t.addUser(...ANN);
    await t.server.store.credentials.save(ann, { subdomain: "x", email: "a", secret: "sealed" }, Date.now());
    await t.close();
    rmSync(join(db.options.dataDir, KEY_FILE));
    await expect(startTestServer(db)).rejects.toThrow(
      /server\.key is missing, but the database holds Harvest credentials sealed with it: restore server\.key .*COOP_SERVER_KEY/,
    );
    // Nothing was made up in its place.
    expect(readdirSync(db.options.dataDir)).not.toContain(KEY_FILE);
    await db.dispose();
  });
});
