/**
 * The CLI's start-up: `coop-tray-cli --help` (the bin running the bundle `npm run build` wrote)
 * against a bare `node -e ''`, run in turns in the same loop so both see the same machine load;
 * medians, since a shared machine adds long outliers. The TypeScript sources through tsx (what the
 * bin ran before the bundle) are timed a few times for comparison.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BenchLine } from "./types";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RUNS = 21;
const SOURCE_RUNS = 3;

function timeRun(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${run.status}: ${run.stderr.trim()}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const ms = (value: number): number => Math.round(value * 10) / 10;

export async function benchCli(): Promise<BenchLine[]> {
  if (!existsSync(`${ROOT}dist/cli/index.mjs`)) throw new Error("dist/cli/index.mjs is missing: run npm run build");
  const bare: number[] = [];
  const cli: number[] = [];
  // One warm-up each, for the file system cache.
  timeRun(["-e", ""]);
  timeRun(["bin/coop-tray-cli.mjs", "--help"]);
  for (let i = 0; i < RUNS; i++) {
    bare.push(timeRun(["-e", ""]));
    cli.push(timeRun(["bin/coop-tray-cli.mjs", "--help"]));
  }
  const sources: number[] = [];
  for (let i = 0; i < SOURCE_RUNS; i++) sources.push(timeRun(["--import", "tsx", "main/cli/index.ts", "--help"]));
  const bareMs = median(bare);
  const cliMs = median(cli);
  return [
    {
      name: "coop-tray-cli --help ÷ node -e ''",
      value: Math.round((cliMs / bareMs) * 100) / 100,
      unit: "×",
      note: "aim ≤ 3×",
    },
    { name: "coop-tray-cli --help (bundle)", value: ms(cliMs), unit: "ms", note: `median of ${RUNS}` },
    { name: "node -e '' (baseline)", value: ms(bareMs), unit: "ms", note: `median of ${RUNS}, same loop` },
    {
      name: "sources through tsx --help",
      value: ms(median(sources)),
      unit: "ms",
      note: `median of ${SOURCE_RUNS}; the fallback where nothing is built`,
    },
  ];
}
