// Package benchmark: packs the release config for Linux (`--dir`, stand-in Electron, as the
// packaging smoke test does) and reports app.asar against its budget. `npm run bench` builds dist/
// first, so the figures are for the current code.
import { readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAsar } from "../dev/packaging/asar";
import {
  ASAR_BUDGET_BYTES,
  RELEASE_CONFIG,
  ensureDistBuilt,
  makeStandInElectron,
  packLinuxDir,
} from "../dev/packaging/pack";
import type { BenchLine } from "./types";

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size;
  }
  return total;
}

export async function benchPackage(): Promise<BenchLine[]> {
  await ensureDistBuilt();
  const scratch = await mkdtemp(join(tmpdir(), "coop-tray-bench-pack-"));
  try {
    const electronDist = await makeStandInElectron(join(scratch, "electron"));
    const started = performance.now();
    const packed = await packLinuxDir({ config: RELEASE_CONFIG, outDir: join(scratch, "out"), electronDist });
    const packSeconds = (performance.now() - started) / 1000;
    const archive = readAsar(packed.asarPath);
    const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
    const dependencies = new Set([...archive.directories].filter((d) => /^node_modules\/(@[^/]+\/)?[^/@]+$/.test(d)));
    return [
      { name: "app.asar size", value: kib(archive.bytes), unit: "KiB", note: `budget ${kib(ASAR_BUDGET_BYTES)} KiB` },
      {
        name: "app.asar share of budget",
        value: Math.round((archive.bytes / ASAR_BUDGET_BYTES) * 1000) / 10,
        unit: "%",
      },
      { name: "app.asar files", value: archive.files.size, unit: "files" },
      { name: "packed node_modules packages", value: dependencies.size, unit: "packages" },
      {
        name: "unpacked native modules",
        value: kib(bytesUnder(packed.unpackedDir)),
        unit: "KiB",
        note: "app.asar.unpacked (keytar)",
      },
      {
        name: "electron-builder --dir time",
        value: Math.round(packSeconds * 10) / 10,
        unit: "s",
        note: "stand-in Electron, no rebuild",
      },
    ];
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
