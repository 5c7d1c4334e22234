// `npm run bench`: every benchmark, printed as one table. Ratios are against baselines measured in
// the same run (see each module), so figures compare across machines.
import { benchApi } from "./api";
import { benchCli } from "./cli";
import { benchEvents } from "./events";
import { benchHarvestV2 } from "./harvest-v2";
import { benchPackage } from "./package";
import { benchRenderer } from "./renderer";
import { benchServer } from "./server";
import type { BenchLine } from "./types";

const suites: ReadonlyArray<readonly [string, () => Promise<BenchLine[]>]> = [
  ["API layer", benchApi],
  ["CLI start-up", benchCli],
  ["Harvest v2", benchHarvestV2],
  ["Renderer", benchRenderer],
  ["Package", benchPackage],
  ["Co-op server", benchServer],
  ["Live event stream", benchEvents],
];

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 3 : 1 });
}

// `npm run bench -- server`: only the suites whose title contains one of the words (CI runs the server's).
const wanted = process.argv.slice(2).map((word) => word.toLowerCase());
const chosen = suites.filter(([title]) => wanted.length === 0 || wanted.some((w) => title.toLowerCase().includes(w)));

let failed = false;
for (const [title, run] of chosen) {
  console.log(`\n${title}`);
  try {
    const lines = await run();
    const width = Math.max(...lines.map((line) => line.name.length));
    for (const line of lines) {
      console.log(
        `  ${line.name.padEnd(width)}  ${format(line.value).padStart(12)} ${line.unit}${line.note ? `  (${line.note})` : ""}`,
      );
    }
  } catch (error) {
    failed = true;
    console.error(`  failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
