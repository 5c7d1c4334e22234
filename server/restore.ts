/**
 * `restore <file>`: puts a SQLite backup in place as the data folder's database. Copying the file
 * over `coop.sqlite` by hand is not enough: after a crash the old database's write-ahead log
 * (`coop.sqlite-wal`) is still there, and SQLite replays it over whatever file it finds, so the
 * restore silently does nothing or corrupts the copy. Here the data folder is locked against a
 * running server, the copy must pass `integrity_check` first, and the old database moves aside with
 * its WAL and SHM (nothing is deleted, so a mistaken restore can be undone), before the checked copy
 * is renamed into place.
 */
import BetterSqlite3 from "better-sqlite3";
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { lockDataFolder } from "./data-lock";
import { privateFile } from "./private-files";

export const SQLITE_SIDE_FILES = ["-wal", "-shm"] as const;

export interface Restored {
  /** Where the replaced database went, or null when there was none. */
  readonly movedAside: string | null;
}

function integrity(file: string): string {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    const problems = rows.map((row) => row.integrity_check).filter((line) => line !== "ok");
    return problems.length === 0 ? "ok" : problems.slice(0, 5).join("; ");
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db.close();
  }
}

function syncFolder(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function restoreSqlite(dataDir: string, databaseFile: string, backup: string, now = Date.now()): Restored {
  if (!existsSync(backup)) throw new Error(`no file at ${backup}`);
  if (resolve(backup) === resolve(databaseFile)) throw new Error(`${backup} is the database itself`);
  // A live database's pages may still sit in its WAL: a copy of the main file alone would lose them.
  if (existsSync(`${backup}-wal`))
    throw new Error(`${backup}-wal exists: that is a live database, not a backup (make one with \`backup\`)`);
  const lock = lockDataFolder(dataDir, "stop the server before restoring");
  try {
    const incoming = `${databaseFile}.restoring`;
    for (const file of [incoming, ...SQLITE_SIDE_FILES.map((side) => `${incoming}${side}`)])
      rmSync(file, { force: true });
    copyFileSync(backup, incoming);
    // The copy takes the backup's mode; the database is the server user's alone (docs/coop-api.md §16.4).
    privateFile(incoming);
    const verdict = integrity(incoming);
    if (verdict !== "ok") {
      rmSync(incoming, { force: true });
      throw new Error(`${backup} fails SQLite's integrity check (${verdict}); nothing was changed`);
    }
    let movedAside: string | null = null;
    const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
    const aside = `${databaseFile}.before-restore-${stamp}`;
    if (existsSync(databaseFile)) {
      renameSync(databaseFile, aside);
      movedAside = aside;
    }
    // The stale WAL and SHM belong to the replaced database: they go aside with it, so it stays whole.
    for (const side of SQLITE_SIDE_FILES) {
      if (existsSync(`${databaseFile}${side}`)) renameSync(`${databaseFile}${side}`, `${aside}${side}`);
    }
    renameSync(incoming, databaseFile);
    syncFolder(dataDir);
    return { movedAside };
  } finally {
    lock.release();
  }
}
