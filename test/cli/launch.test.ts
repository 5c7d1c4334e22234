/**
 * How the CLI starts: `coop-tray-cli` runs the bundle, and runs the TypeScript sources only where
 * nothing is built; `npm run cli` runs the bundle only while no source is newer. The bundle must
 * behave as the sources do: same output, same exit codes.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, start, type Sandbox } from "../../sandbox/index";
import { runProcess, type Finished } from "../support/run-process";
import { REPO_ROOT, ensureCliBundle } from "./bundle";

let sandbox: Sandbox;
let scratch: string;
beforeAll(async () => {
  ensureCliBundle();
  sandbox = await start({ port: 0 });
  scratch = mkdtempSync(join(tmpdir(), "coop-tray-cli-launch-"));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
});

const env = { ...process.env, COOP_PASSWORD: SEED.password };

function node(args: string[], cwd: string = REPO_ROOT): Promise<Finished> {
  return runProcess(process.execPath, args, { cwd, env });
}

const bundle = (argv: string[]) => node(["dist/cli/index.mjs", ...argv]);
const sources = (argv: string[]) => node(["--import", "tsx", "main/cli/index.ts", ...argv]);

/** A folder laid out like the repository, holding only the given paths (copied or linked). */
function layout(name: string, copies: string[], links: string[] = []): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const path of copies) cpSync(join(REPO_ROOT, path), join(dir, path), { recursive: true });
  for (const path of links) symlinkSync(join(REPO_ROOT, path), join(dir, path));
  return dir;
}

describe("the bundle and the sources", () => {
  it("print the same help, the same data and the same errors, with the same exit codes", async () => {
    const coop = ["--server", sandbox.url, "--email", SEED.users.basil.email];
    for (const argv of [
      ["--help"],
      ["groups", ...coop, "--json"],
      ["feed", "25", ...coop, "--date", "20081119"],
      ["frobnicate"],
      ["feed", "x", ...coop],
    ]) {
      const [fromBundle, fromSources] = await Promise.all([bundle(argv), sources(argv)]);
      expect(fromBundle, argv.join(" ")).toEqual(fromSources);
    }
    expect((await bundle(["--help"])).stdout).toContain("Usage: coop-tray-cli");
  });
});

describe("coop-tray-cli (bin/coop-tray-cli.mjs)", () => {
  it("runs the bundle on its own: no sources, no tsx, no node_modules beside it", async () => {
    const dir = layout("installed", ["bin", "dist/cli"]);
    const help = await node(["bin/coop-tray-cli.mjs", "--help"], dir);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("Usage: coop-tray-cli");
    const groups = await node(
      ["bin/coop-tray-cli.mjs", "groups", "--server", sandbox.url, "--email", SEED.users.basil.email],
      dir,
    );
    expect(groups.code).toBe(0);
    expect(groups.stdout).toMatch(/25 {2}Fawlty Towers \(London\)/);
    const usage = await node(["bin/coop-tray-cli.mjs", "frobnicate"], dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("falls back to the TypeScript sources in a checkout that has not been built", async () => {
    const dir = layout("unbuilt", ["bin"], ["main", "shared", "node_modules"]);
    const help = await node(["bin/coop-tray-cli.mjs", "--help"], dir);
    expect(help).toMatchObject({ code: 0, stdout: (await bundle(["--help"])).stdout });
    expect((await node(["bin/coop-tray-cli.mjs", "frobnicate"], dir)).code).toBe(2);
  });
});

describe("npm run cli (scripts/cli.mjs)", () => {
  it("runs the bundle while it is fresh, and the sources once one of them is newer or gone", async () => {
    const dir = layout("checkout", ["bin", "scripts/cli.mjs", "package-lock.json"], ["main", "shared", "node_modules"]);
    // A stand-in bundle that says who answered, built from one real source file.
    mkdirSync(join(dir, "dist", "cli"), { recursive: true });
    const stub = join(dir, "dist", "cli", "index.mjs");
    writeFileSync(stub, 'process.stdout.write("from the bundle\\n");\n');
    writeFileSync(join(dir, "dist", "cli", "inputs.json"), JSON.stringify(["main/cli/index.ts"]));
    const old = new Date("2001-01-01T00:00:00Z");
    utimesSync(join(dir, "package-lock.json"), old, old);

    const future = new Date(Date.now() + 3_600_000);
    utimesSync(stub, future, future);
    expect(await node(["scripts/cli.mjs", "--help"], dir)).toMatchObject({ code: 0, stdout: "from the bundle\n" });

    // main/cli/index.ts (the real file) is newer than a bundle from 2001: the sources answer.
    utimesSync(stub, old, old);
    const stale = await node(["scripts/cli.mjs", "--help"], dir);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toContain("Usage: coop-tray-cli");

    // A source the bundle was built from is gone: not fresh either.
    utimesSync(stub, future, future);
    writeFileSync(join(dir, "dist", "cli", "inputs.json"), JSON.stringify(["main/cli/index.ts", "main/cli/gone.ts"]));
    expect((await node(["scripts/cli.mjs", "--help"], dir)).stdout).toContain("Usage: coop-tray-cli");
  });
});
