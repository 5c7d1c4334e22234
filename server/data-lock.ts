/**
 * One process at a time owns a SQLite data folder: the running server, or `restore` while it swaps
 * the database. The lock is an exclusive SQLite transaction held open on `<data>/coop.lock`: the
 * operating system drops it when its process ends, however it ends, so unlike a pid file it is never
 * stale after a crash, and a container's restarted server (pid 1 again) cannot be mistaken for a live one.
 */
import BetterSqlite3 from "better-sqlite3";
import { join } from "node:path";
import { privateFile } from "./private-files";

export const LOCK_FILE = "coop.lock";

export interface DataLock {
  release(): void;
}

export class DataFolderBusy extends Error {}

export function lockDataFolder(dataDir: string, purpose: string): DataLock {
  const file = join(dataDir, LOCK_FILE);
  privateFile(file);
  // timeout 0: a held lock answers SQLITE_BUSY at once instead of after the default five seconds.
  const db = new BetterSqlite3(file, { timeout: 0 });
  try {
    // Nothing is ever written here: no journal file, so none is left behind by a crash.
    db.pragma("journal_mode = OFF");
    db.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code === "SQLITE_BUSY")
      throw new DataFolderBusy(`${dataDir} is in use by another coop-server (a running server or restore); ${purpose}`);
    throw error;
  }
  return { release: () => db.close() };
}
