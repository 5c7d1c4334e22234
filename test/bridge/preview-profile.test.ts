/**
 * `npm run preview -- --profile <dir>`: the store (and the sandbox's data and port) live in `<dir>`,
 * created if missing, and survive a kill -9: the second run reopens the same state on the same
 * sandbox URL. The preview runs as a real child process (tsx), killed with SIGKILL.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../services/helpers";

const root = fileURLToPath(new URL("../..", import.meta.url));
const parent = tempDir("coop-tray-profile-");
const profile = join(parent.path, "nested", "profile");

afterAll(() => parent.remove());

/** Starts the preview and resolves with its printed lines once it is up; the caller kills it. */
function preview(): Promise<{ lines: string[]; kill: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const args = ["--import", "tsx", "dev/preview.ts", "--port", "0", "--profile", profile];
    const child = spawn(process.execPath, args, { cwd: root, env: process.env });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`preview did not start: ${err.slice(0, 500)}`)), 20_000);
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes("Press Ctrl-C")) return;
      clearTimeout(timer);
      const exited = new Promise<void>((done) => child.on("exit", () => done()));
      resolve({ lines: out.split("\n"), kill: () => (child.kill("SIGKILL"), exited) });
    });
    child.on("error", reject);
  });
}

describe("the preview's --profile", () => {
  it("keeps the store in the folder (created if missing) and reopens it after kill -9, same sandbox", async () => {
    const first = await preview();
    const sandboxLine = first.lines.find((l) => l.includes("sandbox (Co-op server URL"));
    expect(first.lines.some((l) => l.includes(`profile: ${profile}`))).toBe(true);
    await first.kill();
    const store = join(profile, "coop-tray.json");
    expect(existsSync(store)).toBe(true);
    const written = JSON.parse(readFileSync(store, "utf8")) as { version: number };
    expect(written.version).toBe(1);

    const second = await preview();
    await second.kill();
    expect(second.lines.find((l) => l.includes("sandbox (Co-op server URL"))).toBe(sandboxLine);
    expect(existsSync(join(profile, "sandbox-data.json"))).toBe(true);
  });
});
