/**
 * The CLI under a hostile server: `Retry-After: 9999999` waits at most 15 minutes (or, with
 * --no-wait, exits 5 at once saying how long), nothing floods stderr, and a server that drips its
 * answer one byte at a time gives exit 6 at the request deadline.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../../main/cli/run";
import { SEED } from "../../sandbox/index";
import { FakeClock } from "../api/fake-clock";
import { useSandbox } from "../api/helpers";
import { REPO_ROOT as root } from "./bundle";

const fixture = useSandbox();

const env = { COOP_PASSWORD: SEED.password };
const feedArgs = (): string[] => ["feed", "25", "--server", fixture.sandbox.url, "--email", SEED.users.basil.email];

function spawnCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const options = { cwd: root, env: { ...process.env, ...env } };
    const child = spawn(process.execPath, ["bin/coop-tray-cli.mjs", ...args], options);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

describe("the CLI and a huge Retry-After", () => {
  it("--no-wait exits 5 at once with the (bounded) wait stated, one line on stderr, no timer warning", async () => {
    fixture.sandbox.control.fault({ kind: "status503", times: Infinity, retryAfterSeconds: 9_999_999 });
    const result = await spawnCli([...feedArgs(), "--no-wait"]);
    expect(result.code).toBe(5);
    expect(result.stderr).not.toMatch(/TimeoutOverflowWarning/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/Throttled: .*900 s/);
    expect(result.ms).toBeLessThan(20_000);
  });

  it("without --no-wait it waits 15 minutes at most, says so once, then tries again", async () => {
    fixture.sandbox.control.fault({ kind: "status503", times: 1, retryAfterSeconds: 9_999_999 });
    const clock = new FakeClock();
    let stdout = "";
    let stderr = "";
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), env };
    const done = runCli([...feedArgs(), "--json"], io, { api: { clock } });
    let finished = false;
    void done.then(() => (finished = true));
    // Real HTTP runs on real time; the lockout runs on the fake clock.
    const deadline = Date.now() + 10_000;
    while (!/waiting/.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(stderr).toMatch(/^Throttled: waiting 900 s before trying again/);
    await clock.advance(899_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(finished).toBe(false);
    await clock.advance(1_100);
    const code = await done;
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as unknown[]).length).toBe(50);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a server that stays locked ends the wait after the bound with exit 5, not four lockouts later", async () => {
    fixture.sandbox.control.fault({ kind: "status503", times: Infinity, retryAfterSeconds: 9_999_999 });
    const clock = new FakeClock();
    let stderr = "";
    const io = { stdout: () => undefined, stderr: (t: string) => (stderr += t), env };
    const done = runCli(feedArgs(), io, { api: { clock } });
    const deadline = Date.now() + 10_000;
    while (!/waiting/.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await clock.advance(900_500);
    // The second 503 arrives over real HTTP: give it a moment, advancing nothing.
    const code = await Promise.race([done, new Promise<string>((r) => setTimeout(() => r("still waiting"), 5_000))]);
    expect(code).toBe(5);
    expect(stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
  });
});

describe("the CLI and a drip-feeding server", () => {
  it("exits 6 (offline: no complete answer) within the deadline, with one line on stderr", async () => {
    fixture.sandbox.control.fault({ kind: "drip", route: "/groups/25/statuses", times: Infinity, dripIntervalMs: 100 });
    let stderr = "";
    const io = { stdout: () => undefined, stderr: (t: string) => (stderr += t), env };
    const started = Date.now();
    const api = { transport: { requestDeadlineMs: 1_500 }, retry: { baseDelayMs: 5 } };
    const code = await runCli(feedArgs(), io, { api });
    const elapsed = Date.now() - started;
    expect(code).toBe(6);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^Offline: .* did not send a complete answer within 2 s/);
    expect(elapsed).toBeLessThan(4_000);
  });
});
