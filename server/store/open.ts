/**
 * Opening the database: SQLite in a file (the default; WAL, so readers never wait for the writer,
 * and synchronous=FULL, so an acknowledged write survives a crash) or PostgreSQL from a URL. Either
 * way the schema is brought to the latest migration before anything else runs.
 *
 * Kysely rather than Drizzle: it is a query builder, not an ORM, so one set of typed queries runs on
 * both dialects with no per-dialect schema files; its migrator works offline and takes a lock; and
 * its transactions are async on better-sqlite3 too (Drizzle's must be synchronous there, and an
 * async callback silently ran its writes outside the transaction when we measured it).
 */
import { privateFile, tightenIfPresent } from "../private-files";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { migrations } from "./migrations";
import type { Database } from "./schema";

export type Dialect = "sqlite" | "postgres";

export interface StoreHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The SQLite connection (for backups and the sandbox's synchronous reads), null on PostgreSQL. */
  readonly sqlite: BetterSqlite3.Database | null;
  readonly pool: pg.Pool | null;
  close(): Promise<void>;
}

export type StoreLocation = { readonly sqliteFile: string } | { readonly postgresUrl: string };

// pg hands int8 (our bigint instants) and count(*) back as strings; ours fit in a double.
pg.types.setTypeParser(20, (value) => Number(value));

export function openSqlite(file: string): BetterSqlite3.Database {
  // Made 0600 before SQLite sees it: SQLite gives its WAL and SHM files the database file's mode.
  if (file !== ":memory:") privateFile(file);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma("journal_mode = WAL");
  if (file !== ":memory:") for (const side of ["-wal", "-shm"]) tightenIfPresent(`${file}${side}`);
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

/** Statements kept per connection; the oldest goes when a new one would exceed this. */
const STATEMENT_CACHE = 500;

/**
 * The connection as Kysely's SQLite driver sees it, with `prepare` remembered per SQL text: the driver
 * prepares every query afresh, which cost as much as running it (a profile of the feed read showed
 * `prepare` as the largest single cost). Kysely runs one query at a time per connection and we never
 * stream, so a statement is never in use twice at once.
 */
function preparingOnce(sqlite: BetterSqlite3.Database): BetterSqlite3.Database {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (source: string): BetterSqlite3.Statement => {
    let statement = statements.get(source);
    if (statement === undefined) {
      statement = sqlite.prepare(source);
      if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value as string);
      statements.set(source, statement);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === "prepare") return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: migrations(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error ?? "");
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${reason}`.replace(/\s+/g, " "));
  }
}

export async function openStore(location: StoreLocation): Promise<StoreHandle> {
  if ("sqliteFile" in location) {
    const sqlite = openSqlite(location.sqliteFile);
    // A damaged file must not be served (and written to) as if it were whole; quick_check reads
    // every page but skips the index cross-checks, so it costs a fraction of integrity_check.
    let verdict: string;
    try {
      verdict = String(sqlite.pragma("quick_check", { simple: true })).replace(/\s+/g, " ");
    } catch (error) {
      verdict = error instanceof Error ? error.message : String(error);
    }
    if (verdict !== "ok") {
      sqlite.close();
      throw new Error(
        `${location.sqliteFile} fails SQLite's quick_check (${verdict}): restore a backup with \`restore <file>\``,
      );
    }
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: preparingOnce(sqlite) }) });
    try {
      await migrate(db, "sqlite");
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return { db, dialect: "sqlite", sqlite, pool: null, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: location.postgresUrl, max: 10, connectionTimeoutMillis: 5000 });
  // An idle client whose server went away emits an error; without a listener that would kill us.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, "postgres");
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: "postgres", sqlite: null, pool, close: () => db.destroy() };
}
