// Deploying the server as an admin would: `npm run server` under a supervisor that stops it with
// SIGTERM, configuration by environment alone (a container or unit file), and the built bundle
// under plain Node (what a production install runs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { call } from "../sandbox/helpers";
import { POSTGRES } from "./databases";
import type { Ran } from "./processes";
import { BUNDLE, ROOT, buildBundle, groupAlive, killStarted, runBundle, startListening, until } from "./processes";

const ANN = ["ann@example.com", "ann-password-1"] as const;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "coop-deploy-test-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  killStarted();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `npm run -s server -- args` to completion, with `env` added to this process's environment. */
function npmServer(args: readonly string[], env: NodeJS.ProcessEnv, stdin = ""): Ran {
  const run = spawnSync("npm", ["run", "-s", "server", "--", ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: "utf8",
    timeout: 90_000,
    env: { ...process.env, ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("npm run server", () => {
  it(
    "stops the server itself on SIGTERM to npm, as systemd and docker stop send it",
    { timeout: 120_000 },
    async () => {
      const data = tempDir();
      const npm = await startListening("npm", ["run", "-s", "server", "--", "--data", data, "--port", "0"]);
      expect((await call(npm.url, "/healthz")).status).toBe(200);
      npm.child.kill("SIGTERM");
      expect(await npm.exited).toBe(0);
      // Nothing npm started may outlive it: no orphaned server still holding the port.
      expect(await until(() => !groupAlive(npm.child.pid ?? 0), 10_000)).toBe(true);
      expect(await refusesConnections(npm.url)).toBe(true);
      expect(npm.stderr()).toContain('"msg":"stopped"');
    },
  );

  it(
    "starts from the environment alone (no flags), makes the data folder, logs at the chosen level, and links invitations at the configured address",
    { timeout: 240_000 },
    async () => {
      const data = join(tempDir(), "made", "by", "the", "server");
      const env = { COOP_DATA: data, COOP_PORT: "0", COOP_LOG_LEVEL: "warn" };
      expect(npmServer(["user", "add", "--email", ANN[0], "--first-name", "Ann"], env, `${ANN[1]}\n`)).toMatchObject({
        status: 0,
      });
      const server = await startListening("npm", ["run", "-s", "server"], env);
      expect((await call(server.url, "/healthz")).status).toBe(200);
      const created = await call(server.url, "/groups", {
        method: "POST",
        as: ANN,
        format: "json",
        body: JSON.stringify({ group: { name: "Env", timezone: "UTC", member_emails: "bo@example.com" } }),
      });
      expect(created.status).toBe(201);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      // At "warn", neither the start nor the requests wrote a line.
      expect(server.stderr()).not.toContain('"level":"info"');

      const onPort = npmServer(["invitations", "list"], { COOP_DATA: data, COOP_PORT: "4321" });
      expect(onPort.stdout).toMatch(/^bo@example\.com\tEnv\thttp:\/\/127\.0\.0\.1:4321\/invitations\/\S+\n$/);
      const published = npmServer(["invitations", "list"], {
        COOP_DATA: data,
        COOP_PUBLIC_URL: "https://coop.example.org/",
      });
      expect(published.stdout).toMatch(/\thttps:\/\/coop\.example\.org\/invitations\/\S+\n$/);
    },
  );

  it("says which variable is wrong, as a usage error", { timeout: 60_000 }, () => {
    const data = tempDir();
    const badPort = npmServer([], { COOP_DATA: data, COOP_PORT: "http" });
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain("COOP_PORT");
    const both = npmServer(["user", "list"], {
      COOP_DATA: data,
      COOP_DATABASE_URL: "postgres://x@localhost/coop",
      COOP_DATABASE_URL_FILE: join(data, "absent"),
    });
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("COOP_DATABASE_URL or COOP_DATABASE_URL_FILE, not both");
  });
});

describe("the built server (npm run build:server)", () => {
  beforeAll(() => buildBundle(), 120_000);

  it("prints its usage under plain Node", () => {
    const help = runBundle(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("restore <file>");
    expect(help.stdout).toContain("COOP_DATABASE_URL_FILE");
  });

  it.runIf(POSTGRES !== null)(
    "on PostgreSQL needs no data folder: the URL and the key come from files",
    { timeout: 120_000 },
    async () => {
      const db = await (POSTGRES ?? { fresh: () => Promise.reject(new Error("no PostgreSQL")) }).fresh();
      try {
        const secrets = tempDir();
        writeFileSync(join(secrets, "database_url"), `${db.options.databaseUrl ?? ""}\n`, { mode: 0o600 });
        writeFileSync(join(secrets, "server_key"), `${Buffer.alloc(32, 9).toString("hex")}\n`, { mode: 0o600 });
        const env = {
          COOP_DATABASE_URL_FILE: join(secrets, "database_url"),
          COOP_SERVER_KEY_FILE: join(secrets, "server_key"),
          COOP_LOG_LEVEL: "error",
        };
        expect(runBundle(["user", "add", "--email", ANN[0], "--first-name", "Ann"], env, `${ANN[1]}\n`)).toMatchObject({
          status: 0,
        });
        const server = await startListening(process.execPath, [BUNDLE, "--port", "0"], env);
        expect((await call(server.url, "/groups", { as: ANN, format: "json" })).status).toBe(200);
        server.child.kill("SIGTERM");
        expect(await server.exited).toBe(0);
      } finally {
        await db.dispose();
      }
    },
  );

  it("serves with its key from a file and stops on SIGTERM", { timeout: 120_000 }, async () => {
    const data = tempDir();
    const keyFile = join(data, "key");
    writeFileSync(keyFile, `${Buffer.alloc(32, 7).toString("base64")}\n`, { mode: 0o600 });
    const env = { COOP_DATA: data, COOP_SERVER_KEY_FILE: keyFile, COOP_LOG_LEVEL: "error" };
    expect(runBundle(["user", "add", "--email", ANN[0], "--first-name", "Ann"], env, `${ANN[1]}\n`)).toMatchObject({
      status: 0,
      stdout: "added user 1 ann@example.com\n",
    });
    const server = await startListening(process.execPath, [BUNDLE, "--port", "0"], env);
    expect((await call(server.url, "/healthz")).status).toBe(200);
    expect((await call(server.url, "/groups", { as: ANN, format: "json" })).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  it(
    "bounds the shutdown drain: an upload that never finishes holds SIGTERM for 25 s, not 120",
    { timeout: 90_000 },
    async () => {
      const data = tempDir();
      const env = { COOP_DATA: data, COOP_LOG_LEVEL: "error" };
      expect(runBundle(["user", "add", "--email", ANN[0], "--first-name", "Ann"], env, `${ANN[1]}\n`).status).toBe(0);
      const server = await startListening(process.execPath, [BUNDLE, "--port", "0"], env);
      const stalled = request(`${server.url}/groups`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(ANN.join(":")).toString("base64")}`,
          "content-type": "application/json",
          "content-length": "1000",
        },
      });
      stalled.on("error", () => undefined);
      stalled.write("{");
      await new Promise((resolve) => setTimeout(resolve, 500));
      const signalled = Date.now();
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      const took = Date.now() - signalled;
      expect(took).toBeGreaterThanOrEqual(20_000);
      expect(took).toBeLessThan(40_000);
      stalled.destroy();
    },
  );
});
