/**
 * The databases every server suite runs on: SQLite in a temp folder always, and PostgreSQL when
 * COOP_TEST_DATABASE_URL names a server (.ci/run starts a throwaway cluster and sets it). Each test
 * gets a fresh database (PostgreSQL: a new database on that server, dropped afterwards). Under CI a
 * missing PostgreSQL is a failure, not a skip, so the suite cannot silently run on one database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DataOptions } from "../../server/compose";

export interface TestDatabase {
  readonly name: "sqlite" | "postgres";
  readonly options: DataOptions & { readonly dataDir: string };
  dispose(): Promise<void>;
}

export interface DatabaseKind {
  readonly name: "sqlite" | "postgres";
  fresh(): Promise<TestDatabase>;
}

export const POSTGRES_URL = process.env["COOP_TEST_DATABASE_URL"] ?? null;
if (POSTGRES_URL === null && process.env["CI"] === "true") {
  throw new Error("CI must run the server suite on PostgreSQL too: .ci/run sets COOP_TEST_DATABASE_URL");
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "coop-server-test-"));
}

const sqlite: DatabaseKind = {
  name: "sqlite",
  fresh: () => {
    const dataDir = tempDir();
    return Promise.resolve({
      name: "sqlite",
      options: { dataDir, databaseUrl: null },
      dispose: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    });
  },
};

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL ?? "" });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const postgres: DatabaseKind = {
  name: "postgres",
  fresh: async () => {
    const name = `coop_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(POSTGRES_URL ?? "");
    url.pathname = `/${name}`;
    const dataDir = tempDir();
    return {
      name: "postgres",
      options: { dataDir, databaseUrl: url.toString() },
      dispose: async () => {
        rmSync(dataDir, { recursive: true, force: true });
        await adminQuery(`drop database if exists ${name} with (force)`);
      },
    };
  },
};

/** SQLite, then PostgreSQL when there is one. */
export const DATABASES: readonly DatabaseKind[] = POSTGRES_URL === null ? [sqlite] : [sqlite, postgres];
export const SQLITE = sqlite;
export const POSTGRES: DatabaseKind | null = POSTGRES_URL === null ? null : postgres;
