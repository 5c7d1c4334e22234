/**
 * A read that runs on every request (the signed-in user or token, a member route's group and feed
 * version), compiled once instead of on each call. Kysely builds and compiles a query every time it
 * runs, which on these one-row reads cost more than the read itself (a profile of the cached feed read,
 * bench `server`). On SQLite the statement also runs without Kysely's asynchronous connection handling,
 * as better-sqlite3 is synchronous anyway; on PostgreSQL it is a named prepared statement, parsed and
 * planned once per connection instead of on every call (the token read's join spent longer planning
 * than running). The query is built once with stand-in values; callers pass the real ones in the order
 * the compiled SQL takes them.
 */
import type BetterSqlite3 from "better-sqlite3";
import { createHash } from "node:crypto";
import { sql, type Compilable, type RawBuilder } from "kysely";
import type { StoreHandle } from "./open";

/**
 * A prepared read's value where it is compared with an indexed column, written `cast(? as <type>)`.
 * SQLite built with STAT4 (better-sqlite3's build is) marks a plain `column = ?` as depending on the
 * bound value once the database has statistics (after any ANALYZE or `PRAGMA optimize`), and then plans
 * the statement again on every run: measured 15–20 µs a run instead of 3–5 µs, which halved the cached
 * feed read (bench `server`). The cast keeps the same plan and index without tying the plan to the
 * value; PostgreSQL takes it as the parameter's type.
 */
export function param<T extends string | number>(standIn: T, type: "integer" | "text"): RawBuilder<T> {
  return sql<T>`cast(${standIn} as ${sql.raw(type)})`;
}

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
  const pool = handle.pool;
  if (pool === null) throw new Error("a store is SQLite or PostgreSQL");
  const name = `coop_${createHash("sha256").update(sql).digest("hex").slice(0, 16)}`;
  return async (...parameters) =>
    (await pool.query<Row & object>({ name, text: sql, values: [...parameters] })).rows[0];
}
