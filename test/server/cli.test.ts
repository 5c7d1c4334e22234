// `npm run server`: the command as an operator runs it — users from stdin, the listening line,
// backups while running, a kill -9 losing no acknowledged write, and SIGTERM draining in-flight work.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { request } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { join } from "node:path";
import { call } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";

const ROOT = join(import.meta.dirname, "..", "..");

function cli(args: readonly string[], stdin = ""): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
}

async function serve(args: readonly string[]): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^coop-server listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", () => reject(new Error(`exited before listening: ${out}`)));
  });
  return { child, url, exited };
}

const ANN = ["ann@example.com", "ann-password-1"] as const;

describe.each(DATABASES)("the server command on $name", (kind) => {
  let db: TestDatabase;
  let flags: string[];
  const running: ChildProcess[] = [];
  beforeEach(async () => {
    db = await kind.fresh();
    flags = [
      "--data",
      db.options.dataDir,
      ...(db.options.databaseUrl === null ? [] : ["--database", db.options.databaseUrl]),
    ];
  });
  afterEach(async () => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    await db.dispose();
  });

  // Each command is a fresh Node process (tsx) and each password a scrypt hash: minutes on a loaded machine.
  it("adds, lists, re-passwords and removes users, reading passwords from stdin", { timeout: 180_000 }, async () => {
    const added = cli(
      ["user", "add", ...flags, "--email", ANN[0], "--first-name", "Ann", "--last-name", "Lee"],
      `${ANN[1]}\n`,
    );
    expect(added).toMatchObject({ status: 0, stdout: "added user 1 ann@example.com\n" });
    expect(cli(["user", "add", ...flags, "--email", ANN[0], "--first-name", "Ann"], "another-pass\n")).toMatchObject({
      status: 1,
    });
    expect(cli(["user", "add", ...flags, "--email", "b@example.com", "--first-name", "B"], "short\n")).toMatchObject({
      status: 2,
    });
    expect(cli(["user", "list", ...flags]).stdout).toBe("1\tann@example.com\tAnn Lee\n");
    const server = await serve(flags);
    running.push(server.child);
    expect((await call(server.url, "/groups", { as: ANN, format: "json" })).status).toBe(200);
    // Tokens made with the old password (docs/coop-api.md §10.2) must not outlive it.
    const tokens = await Promise.all(
      ["laptop", "script"].map(async (name) => {
        const made = await call(server.url, "/tokens", {
          method: "POST",
          as: ANN,
          format: "json",
          body: JSON.stringify({ token: { name } }),
        });
        expect(made.status, made.text).toBe(201);
        return { authorization: `Bearer ${(JSON.parse(made.text) as { token: string }).token}` };
      }),
    );
    for (const headers of tokens) expect((await call(server.url, "/groups.json", { headers })).status).toBe(200);
    // Changed from another process: the running server's remembered login and the tokens stop working at once.
    expect(cli(["user", "passwd", ...flags, "--email", ANN[0]], "a-new-password\n")).toMatchObject({
      status: 0,
      stdout: "changed the password of ann@example.com and revoked its 2 tokens\n",
    });
    expect((await call(server.url, "/groups", { as: ANN, format: "json" })).status).toBe(401);
    for (const headers of tokens) expect((await call(server.url, "/groups.json", { headers })).status).toBe(401);
    expect((await call(server.url, "/groups", { as: [ANN[0], "a-new-password"], format: "json" })).status).toBe(200);
    expect(cli(["user", "remove", ...flags, "--email", ANN[0]])).toMatchObject({
      status: 0,
      stdout: "removed user 1 ann@example.com\n",
    });
    expect((await call(server.url, "/groups", { as: [ANN[0], "a-new-password"], format: "json" })).status).toBe(401);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it("creates a token whose secret is the last line, lists it and revokes it", { timeout: 180_000 }, async () => {
    cli(["user", "add", ...flags, "--email", ANN[0], "--first-name", "Ann"], ANN[1]);
    const created = cli(["token", "create", ...flags, "--email", ANN[0], "--name", "backup script"]);
    expect(created.status, created.stderr).toBe(0);
    const token = created.stdout.trimEnd().split("\n").at(-1) ?? "";
    expect(token).toMatch(/^coop_pat_[A-Za-z0-9_-]{43}$/);
    const listed = cli(["token", "list", ...flags, "--email", ANN[0]]);
    expect(listed.stdout).toMatch(/^1\tpersonal\tbackup script\tcreated \S+\tnever used\n$/);
    expect(listed.stdout).not.toContain(token);
    expect(cli(["token", "create", ...flags, "--email", "nobody@example.com", "--name", "x"]).status).toBe(1);
    expect(cli(["token", "create", ...flags, "--email", ANN[0]]).status).toBe(2);

    const server = await serve(flags);
    running.push(server.child);
    const headers = { authorization: `Bearer ${token}` };
    expect((await call(server.url, "/groups", { headers, format: "json" })).status).toBe(200);
    expect(cli(["token", "revoke", ...flags, "--id", "1"])).toMatchObject({
      status: 0,
      stdout: 'revoked token 1 "backup script"\n',
    });
    // Revoked from another process: the running server refuses it at once.
    expect((await call(server.url, "/groups", { headers, format: "json" })).status).toBe(401);
    expect(cli(["token", "revoke", ...flags, "--id", "1"]).status).toBe(1);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it(
    "keeps an acknowledged write through kill -9, and SIGTERM lets an in-flight request finish",
    { timeout: 180_000 },
    async () => {
      cli(["user", "add", ...flags, "--email", ANN[0], "--first-name", "Ann"], ANN[1]);
      let server = await serve(flags);
      running.push(server.child);
      const created = await call(server.url, "/groups", {
        method: "POST",
        as: ANN,
        format: "json",
        body: '{"group":{"name":"G","timezone":"UTC"}}',
      });
      expect(created.status).toBe(201);
      expect(
        (
          await call(server.url, "/groups/1/statuses", {
            method: "POST",
            as: ANN,
            format: "json",
            body: '{"status":"acknowledged"}',
          })
        ).status,
      ).toBe(201);
      server.child.kill("SIGKILL");
      await server.exited;
      server = await serve(flags);
      running.push(server.child);
      expect((await call(server.url, "/groups/1/statuses", { as: ANN, format: "json" })).text).toContain(
        "acknowledged",
      );

      // A request whose body is still arriving when SIGTERM comes is served, then the server exits 0.
      const port = Number(new URL(server.url).port);
      const body = '{"status":"in flight during shutdown"}';
      const answer = new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port,
            path: "/groups/1/statuses",
            method: "POST",
            headers: {
              authorization: `Basic ${Buffer.from(ANN.join(":")).toString("base64")}`,
              "content-type": "application/json",
              "content-length": String(body.length),
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.write(body.slice(0, 5));
        setTimeout(() => {
          server.child.kill("SIGTERM");
          setTimeout(() => req.end(body.slice(5)), 300);
        }, 200);
      });
      expect(await answer).toBe(201);
      expect(await server.exited).toBe(0);
    },
  );

  it.runIf(kind.name === "sqlite")(
    "backs up a consistent copy while the server runs (SQLite; PostgreSQL is backed up with pg_dump)",
    { timeout: 120_000 },
    async () => {
      cli(["user", "add", ...flags, "--email", ANN[0], "--first-name", "Ann"], ANN[1]);
      const server = await serve(flags);
      running.push(server.child);
      await call(server.url, "/groups", {
        method: "POST",
        as: ANN,
        format: "json",
        body: '{"group":{"name":"Backed up","timezone":"UTC"}}',
      });
      const file = join(db.options.dataDir, "backup.sqlite");
      expect(cli(["backup", file, ...flags])).toMatchObject({ status: 0 });
      const copy = new BetterSqlite3(file, { readonly: true });
      try {
        expect(copy.prepare("select name from groups").all()).toEqual([{ name: "Backed up" }]);
        expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      } finally {
        copy.close();
      }
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    },
  );
});

it("a bad flag is a usage error (exit 2) with a one-line reason", { timeout: 60_000 }, () => {
  const run = cli(["--bogus"]);
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/^coop-server: .*bogus.* \(see --help\)\n$/);
});
