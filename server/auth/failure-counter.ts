/**
 * Where sign-in attempts are counted: the `sign_in_failures` table, so every server instance on one
 * database sees the same counts and spreading guesses over instances gains nothing. A read and the
 * write that follows it happen in one transaction, holding the rows (FOR UPDATE on PostgreSQL; SQLite
 * has one writer at a time), so parallel attempts see each other. Keys are stored as SHA-256 digests:
 * the table never holds an email or an address.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { StoreHandle } from "../store/open";

export interface FailureRecord {
  /** Attempts counted in the current window. */
  readonly count: number;
  /** When the current window began (epoch ms; 0 = never). */
  readonly windowStart: number;
  /** The earliest instant the next attempt may be checked (epoch ms). */
  readonly nextAt: number;
}

export const NO_FAILURES: FailureRecord = { count: 0, windowStart: 0, nextAt: 0 };

export interface FailureUpdate<T> {
  /** The new record for each key, in the order given; undefined leaves a record as it was. */
  readonly records: readonly (FailureRecord | undefined)[];
  readonly result: T;
}

export interface FailureCounter {
  /** Reads the records of `keys` (NO_FAILURES for a key never seen), and stores what `change` decides, atomically. */
  update<T>(keys: readonly string[], change: (records: readonly FailureRecord[]) => FailureUpdate<T>): Promise<T>;
  /** Drops records whose window began and whose wait ended before `before`. */
  prune(before: number): Promise<void>;
  clear(): Promise<void>;
}

interface SignInFailuresTable {
  key: string;
  count: number;
  window_start: number;
  next_at: number;
}

const TABLE = "sign_in_failures";

const digest = (key: string): string => createHash("sha256").update(key).digest("base64url");

export function databaseFailureCounter(handle: Pick<StoreHandle, "db" | "dialect">): FailureCounter {
  const db = handle.db.withTables<{ [TABLE]: SignInFailuresTable }>() as unknown as Kysely<{
    [TABLE]: SignInFailuresTable;
  }>;
  return {
    update: (keys, change) => {
      const digests = keys.map(digest);
      // One order for every transaction, so two that want the same rows cannot deadlock.
      const distinct = [...new Set(digests)].sort();
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto(TABLE)
          .values(distinct.map((key) => ({ key, count: 0, window_start: 0, next_at: 0 })))
          .onConflict((conflict) => conflict.column("key").doNothing())
          .execute();
        let select = trx.selectFrom(TABLE).selectAll().where("key", "in", distinct).orderBy("key");
        if (handle.dialect === "postgres") select = select.forUpdate();
        const rows = new Map(
          (await select.execute()).map((row) => [
            row.key,
            { count: Number(row.count), windowStart: Number(row.window_start), nextAt: Number(row.next_at) },
          ]),
        );
        const { records, result } = change(digests.map((key) => rows.get(key) ?? NO_FAILURES));
        for (const [index, record] of records.entries()) {
          const key = digests[index];
          if (record === undefined || key === undefined) continue;
          await trx
            .updateTable(TABLE)
            .set({ count: record.count, window_start: record.windowStart, next_at: record.nextAt })
            .where("key", "=", key)
            .execute();
        }
        return result;
      });
    },
    prune: async (before) => {
      await db.deleteFrom(TABLE).where("window_start", "<", before).where("next_at", "<", before).execute();
    },
    clear: async () => {
      await db.deleteFrom(TABLE).execute();
    },
  };
}
