/**
 * The data folder holds emails, password hashes and the key to Harvest secrets: it and every file in it
 * are the server user's alone, 0700 and 0600, whatever the umask (docs/coop-api.md §16.4). Files an older
 * server made with looser modes are tightened when they are next opened.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";

export function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates `file` (empty) when missing; either way leaves it 0600. */
export function privateFile(file: string): void {
  closeSync(openSync(file, "a", 0o600));
  chmodSync(file, 0o600);
}

/** Tightens `file` when it exists (a SQLite side file made by an older server). */
export function tightenIfPresent(file: string): void {
  if (existsSync(file)) chmodSync(file, 0o600);
}
