/**
 * The server as operators run it, as separate processes: through `npm run server`, or the built
 * bundle under plain Node. Each child leads its own process group, so a test can check that a signal
 * stopped the whole tree and clean up whatever a failing test left behind.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const BUNDLE = join(ROOT, "dist", "server", "coop-server.mjs");

export function buildBundle(): void {
  const run = spawnSync(process.execPath, ["scripts/build.mjs", "--server-only"], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm run build:server failed: ${run.stderr}`);
}

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** One command through the bundle, to completion. */
export function runBundle(args: readonly string[], env: NodeJS.ProcessEnv = {}, stdin = ""): Ran {
  const run = spawnSync(process.execPath, [BUNDLE, ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

const started: ChildProcess[] = [];

/** Starts `command args` in a new process group and waits for its listening line. */
export async function startListening(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Running> {
  const child = spawn(command, [...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
    detached: true,
  });
  started.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no listening line: ${out} ${stderr}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^coop-server listening on (http:\/\/[^\s]+)$/m.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before listening: ${out} ${stderr}`));
    });
  });
  return { child, url, exited, stderr: () => stderr };
}

/** True while some process in the group `leader` started still lives. */
export function groupAlive(leader: number): boolean {
  try {
    process.kill(-leader, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills what the tests started and left running (their own process groups only). */
export function killStarted(): void {
  for (const child of started.splice(0)) {
    if (child.pid !== undefined && groupAlive(child.pid)) process.kill(-child.pid, "SIGKILL");
  }
}

export async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}
