/**
 * A read that runs on every request (the signed-in user, a member route's group and feed version),
 * compiled once instead of on each call. Kysely builds and compiles a query every time it runs, which
 * on these one-row reads cost more than the read itself (a profile of the cached feed read, bench
 * `server`); on SQLite the statement also runs without Kysely's asynchronous connection handling, as
 * better-sqlite3 is synchronous anyway. The query is built once with stand-in values; callers pass the
 * real ones in the order the compiled SQL takes them.
 */
import type BetterSqlite3 from "better-sqlite3";
import { CompiledQuery } from "kysely";
import type { Compilable } from "kysely";
import type { StoreHandle } from "./open";

export type PreparedRead<Row> = (...parameters: readonly unknown[]) => Promise<Row | undefined>;

export function preparedRead<Row>(handle: StoreHandle, query: Compilable<Row>): PreparedRead<Row> {
  const { sql } = query.compile();
  const sqlite = handle.sqlite;
  if (sqlite !== null) {
    let statement: BetterSqlite3.Statement | null = null;
    return (...parameters) => {
      try {
        statement ??= sqlite.prepare(sql);
        return Promise.resolve(statement.get(...parameters) as Row | undefined);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
  }
  return async (...parameters) => (await handle.db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]))).rows[0];
}
