import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UsageError, parseArgs, parseFaultFlag } from "../../sandbox/cli-args";
import { BASIL, call, readRailsXml } from "./helpers";

const root = fileURLToPath(new URL("../../", import.meta.url));

function spawnCli(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--import", "tsx", "sandbox/cli.ts", ...args], { cwd: root, stdio: "pipe" });
}

/** The first stdout line, waited for as an event (no sleeps). */
async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  let buffer = "";
  child.stdout.setEncoding("utf8");
  for await (const chunk of child.stdout) {
    buffer += chunk as string;
    if (buffer.includes("\n")) return buffer;
  }
  return buffer;
}

async function collect(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

describe("sandbox command", () => {
  it("prints exactly its line, serves the seed groups as XML, and exits 0 on SIGTERM", async () => {
    const child = spawnCli(["--port", "0", "--fault", "status500@/groupsx1"]);
    try {
      const line = await firstLine(child);
      expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      const url = line.trim().replace("listening on ", "");
      // The --fault flag is armed for exactly one call.
      expect((await call(url, "/groups", { as: BASIL, format: "xml" })).status).toBe(500);
      const answer = await call(url, "/groups", { as: BASIL, format: "xml" });
      expect(answer.status).toBe(200);
      const groups = readRailsXml(answer.text);
      expect(groups.root).toBe("groups");
      expect((groups.value as Array<{ name: string }>).map((g) => g.name)).toEqual([
        "Fawlty Towers",
        "Fawlty Towers - Argentina",
      ]);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("a bad flag prints one usage line and exits 2", async () => {
    const result = await collect(spawnCli(["--port", "nope"]));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("--port");
  });

  it("--help prints the usage and exits 0", async () => {
    const result = await collect(spawnCli(["--help"]));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--harvest-limit");
  });
});

describe("flag parsing", () => {
  it("maps every flag to its option", () => {
    const config = parseArgs([
      "--port",
      "4010",
      "--harvest-limit",
      "40",
      "--harvest-window",
      "1.5",
      "--harvest-lockout",
      "3",
      "--coop-limit",
      "10",
      "--coop-window",
      "5",
      "--json-dates",
      "slash",
      "--latency",
      "25",
      "--data",
      "sandbox.json",
      "--fault",
      "reset",
      "--fault",
      "huge@/harvest/fawlty/clientsxinf",
    ]);
    expect(config.options).toEqual({
      port: 4010,
      harvestLimit: 40,
      harvestWindowSeconds: 1.5,
      harvestLockoutSeconds: 3,
      coopThrottle: { limit: 10, windowSeconds: 5 },
      jsonDates: "slash",
      latencyMs: 25,
      dataFile: "sandbox.json",
    });
    expect(config.faults).toEqual([
      { kind: "reset" },
      { kind: "huge", route: "/harvest/fawlty/clients", times: Infinity },
    ]);
  });

  it("parses fault routes and counts", () => {
    expect(parseFaultFlag("status503@/groups/25/statusesx3")).toEqual({
      kind: "status503",
      route: "/groups/25/statuses",
      times: 3,
    });
    expect(parseFaultFlag("malformed@/groups")).toEqual({ kind: "malformed", route: "/groups", times: 1 });
  });

  it("refuses unknown flags, kinds, bad values and half a Co-op throttle", () => {
    for (const argv of [
      ["--nope"],
      ["--fault", "explode"],
      ["--fault", "reset@groups"],
      ["--json-dates", "long"],
      ["--harvest-limit", "0"],
      ["--harvest-limit", "2.5"],
      ["--coop-limit", "3"],
      ["--port"],
      ["--port", "70000"],
    ]) {
      expect(() => parseArgs(argv), argv.join(" ")).toThrow(UsageError);
    }
  });
});
