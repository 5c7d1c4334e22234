import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runProcess, type Finished } from "../support/run-process";

const root = join(import.meta.dirname, "..", "..");
const script = join(root, "scripts", "demo.mjs");

function hasElectronBinary(): boolean {
  try {
    const path: unknown = createRequire(import.meta.url)("electron");
    return typeof path === "string" && existsSync(path);
  } catch {
    return false;
  }
}

function run(env: Record<string, string | undefined>): Promise<Finished> {
  return runProcess(process.execPath, [script], { cwd: root, env: { ...process.env, ...env } });
}

/**
 * A stand-in for the Electron binary (electron's own ELECTRON_OVERRIDE_DIST_PATH points the package
 * at it): it reports what the demo handed it and signs in to the sandbox over real HTTP, as the app would.
 */
const standIn = `#!/usr/bin/env node
const fs = require("node:fs");
const env = process.env;
(async () => {
  const response = await fetch(env.COOP_TRAY_SERVER_URL + "/groups", {
    headers: { Accept: "application/json", Authorization: "Basic " + Buffer.from(env.COOP_TRAY_DEMO_LOGIN).toString("base64") },
  });
  const groups = await response.json();
  console.log("STAND-IN " + JSON.stringify({
    args: process.argv.slice(2),
    demo: env.COOP_TRAY_DEMO,
    status: response.status,
    groups: Array.isArray(groups) ? groups.length : -1,
    serverUrl: env.COOP_TRAY_SERVER_URL,
    harvestUrlTemplate: env.COOP_TRAY_HARVEST_URL_TEMPLATE,
    userData: env.COOP_TRAY_USER_DATA,
    userDataExists: fs.existsSync(env.COOP_TRAY_USER_DATA),
    runAsNode: env.ELECTRON_RUN_AS_NODE ?? null,
  }));
  process.exit(3);
})().catch((error) => { console.error(error); process.exit(9); });
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm run demo", () => {
  it.skipIf(hasElectronBinary())(
    "says in one line that Electron cannot run and exits 1 (skipped where an Electron binary is installed: the demo would launch it)",
    async () => {
      const { code, stdout, stderr } = await run({ ELECTRON_OVERRIDE_DIST_PATH: undefined });
      expect(code).toBe(1);
      expect(stdout).toBe("");
      const lines = stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/Electron cannot run/);
      expect(lines[0]).toContain("npm run preview");
    },
  );

  it("starts the sandbox and launches the app against it in demo mode, then cleans up", async () => {
    const dist = mkdtempSync(join(tmpdir(), "coop-tray-electron-standin-"));
    dirs.push(dist);
    writeFileSync(join(dist, "electron"), standIn);
    chmodSync(join(dist, "electron"), 0o755);

    const { code, stdout, stderr } = await run({ ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_RUN_AS_NODE: "1" });
    const line = stdout.split("\n").find((candidate) => candidate.startsWith("STAND-IN "));
    if (!line) throw new Error(`the stand-in did not report: ${stdout}\n${stderr}`);
    const report = JSON.parse(line.slice("STAND-IN ".length)) as Record<string, unknown>;

    expect(report.args).toEqual([root]);
    expect(report.demo).toBe("1");
    expect(report.status).toBe(200);
    expect(report.groups).toBeGreaterThan(0);
    expect(report.serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(report.harvestUrlTemplate).toBe(`${String(report.serverUrl)}/harvest/{subdomain}`);
    expect(report.userDataExists).toBe(true);
    expect(report.runAsNode).toBeNull();
    // The app's exit code comes back; the profile and the sandbox are gone.
    expect(code).toBe(3);
    expect(existsSync(String(report.userData))).toBe(false);
    await expect(fetch(`${String(report.serverUrl)}/groups`)).rejects.toThrow();
    // The demo password is never printed.
    expect(stdout + stderr).not.toContain(":fawltytowers");
  });
});
