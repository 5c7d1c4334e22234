// `--trust-proxy` on the command line: a list of proxies, the bare flag for a proxy on this host,
// and a clear usage error (exit 2) for an entry that is neither an address nor a CIDR.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { call } from "../sandbox/helpers";

const ROOT = join(import.meta.dirname, "..", "..");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "coop-trust-proxy-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: readonly string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "server/cli.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: run.status, stderr: run.stderr };
}

it("refuses an entry that is neither an address nor a CIDR, naming it", () => {
  const bad = cli(["--data", dir, "--port", "0", "--trust-proxy", "10.0.0.0/8,proxy.example"]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/"proxy\.example" is not an IP address or a CIDR/);
});

it("takes the bare flag as loopback: a local proxy's X-Forwarded-For is believed, right-most first", async () => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "server/cli.ts", "--data", dir, "--trust-proxy", "--port", "0"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  try {
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.on("exit", () => reject(new Error(`exited: ${out}${err}`)));
    });
    await call(url, "/groups", { format: "json", headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.40" } });
    // The request's log line may trail its answer on the pipe.
    const deadline = Date.now() + 10_000;
    while (!err.includes('"remote"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(err).toContain('"remote":"203.0.113.40"');
  } finally {
    child.kill("SIGTERM");
  }
});
