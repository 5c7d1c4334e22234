// Restoring SQLite after a crash: the crashed server's write-ahead log must not be replayed over
// the backup (copying the backup over coop.sqlite by hand did exactly that), a running server's
// database cannot be swapped under it, and a damaged database is refused at start, not served.
import BetterSqlite3 from "better-sqlite3";
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, expect, it } from "vitest";
import { call } from "../sandbox/helpers";
import { BUNDLE, buildBundle, killStarted, runBundle, startListening } from "./processes";

const ANN = ["ann@example.com", "ann-password-1"] as const;
const dirs: string[] = [];

beforeAll(() => buildBundle(), 120_000);
afterEach(() => {
  killStarted();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataFolder(): { data: string; env: NodeJS.ProcessEnv } {
  const data = mkdtempSync(join(tmpdir(), "coop-restore-test-"));
  dirs.push(data);
  return { data, env: { COOP_DATA: data, COOP_LOG_LEVEL: "error" } };
}

const start = (env: NodeJS.ProcessEnv) => startListening(process.execPath, [BUNDLE, "--port", "0"], env);

async function groupNames(url: string): Promise<string[]> {
  const answer = await call(url, "/groups", { as: ANN, format: "json" });
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.text) as { name: string }[]).map((group) => group.name).sort();
}

async function post(url: string, path: string, body: unknown): Promise<void> {
  const answer = await call(url, path, { method: "POST", as: ANN, format: "json", body: JSON.stringify(body) });
  expect(answer.status).toBe(201);
}

/** A backup holding group "Before", then a crash (kill -9) leaving "After" and its statuses in the WAL. */
async function crashAfterBackup(env: NodeJS.ProcessEnv, backup: string): Promise<void> {
  expect(runBundle(["user", "add", "--email", ANN[0], "--first-name", "Ann"], env, `${ANN[1]}\n`).status).toBe(0);
  const server = await start(env);
  await post(server.url, "/groups", { group: { name: "Before", timezone: "UTC" } });
  expect(runBundle(["backup", backup], env)).toMatchObject({ status: 0 });
  await post(server.url, "/groups", { group: { name: "After", timezone: "UTC" } });
  for (let i = 0; i < 50; i += 1) await post(server.url, "/groups/2/statuses", { status: `after the backup ${i}` });

  const refused = runBundle(["restore", backup], env);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain("in use by another coop-server");

  server.child.kill("SIGKILL");
  await server.exited;
}

it(
  "restore after a crash puts the backup in place: the stale WAL is not replayed over it",
  { timeout: 180_000 },
  async () => {
    const { data, env } = dataFolder();
    const backup = join(data, "..", `${data.split("/").pop() ?? ""}.backup.sqlite`);
    dirs.push(backup);
    await crashAfterBackup(env, backup);
    expect(statSync(join(data, "coop.sqlite-wal")).size).toBeGreaterThan(0);

    const restored = runBundle(["restore", backup], env);
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(
      /^restored .* \(the previous database is kept as .*coop\.sqlite\.before-restore-.*\)\n$/,
    );
    expect(existsSync(join(data, "coop.sqlite-wal"))).toBe(false);
    // The replaced database stays whole beside it, WAL and all, in case the restore was a mistake.
    const aside = readdirSync(data).filter((name) => name.startsWith("coop.sqlite.before-restore-"));
    expect(aside.some((name) => name.endsWith("-wal"))).toBe(true);

    const server = await start(env);
    expect(await groupNames(server.url)).toEqual(["Before"]);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const db = new BetterSqlite3(join(data, "coop.sqlite"), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  },
);

it("restore refuses a file that is not a sound SQLite database and changes nothing", { timeout: 60_000 }, async () => {
  const { data, env } = dataFolder();
  expect(runBundle(["user", "list"], env).status).toBe(0);
  const bogus = join(data, "bogus.sqlite");
  copyFileSync(BUNDLE, bogus);
  const refused = runBundle(["restore", bogus], env);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain("fails SQLite's integrity check");
  expect(runBundle(["user", "list"], env).status).toBe(0);
});

it("the server refuses to start on a database that fails quick_check", { timeout: 60_000 }, async () => {
  const { data, env } = dataFolder();
  expect(runBundle(["user", "add", "--email", ANN[0], "--first-name", "Ann"], env, `${ANN[1]}\n`).status).toBe(0);
  const file = join(data, "coop.sqlite");
  const db = new BetterSqlite3(file);
  const { rootpage } = db.prepare("select rootpage from sqlite_schema where name = 'users'").get() as {
    rootpage: number;
  };
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  db.pragma("journal_mode = DELETE");
  db.close();
  // The users table's root page gets an impossible page type: the file opens, the schema reads, but
  // the table is gone to garbage. An unchecked server would start and answer /healthz with 200.
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.from([0x77]), 0, 1, (rootpage - 1) * pageSize);
  closeSync(fd);

  const run = startListening(process.execPath, [BUNDLE, "--port", "0"], env);
  await expect(run).rejects.toThrow(/exited \(1\) before listening.*fails SQLite's quick_check/s);
});
