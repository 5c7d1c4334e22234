// Runs electron-builder the way the packaging smoke test and `npm run bench` need it here: for
// Linux, `--dir` (no installer), with a stand-in for the Electron binary, which cannot be
// downloaded on these machines. The stand-in carries a real fuse wire (sentinel, version, length,
// one byte per fuse), so electron-builder's @electron/fuses step flips it as it would flip Electron.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const RELEASE_CONFIG = join(REPO_ROOT, "electron-builder.yml");
export const TEST_PROFILE_CONFIG = join(REPO_ROOT, "electron-builder.test.yml");

/** The most app.asar may weigh. Today's archive is a few MB; a bundled dependency shipped twice
 * (zod alone is 8 MB in node_modules) or a stray folder would blow through it. */
export const ASAR_BUDGET_BYTES = 8 * 1024 * 1024;

/** The executable name electron-builder gives the Linux build (`linux.executableName`). */
const LINUX_EXECUTABLE = "coop-tray";

const FUSE_SENTINEL = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";
/** Electron's own defaults, in wire order: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect,
 * AsarIntegrity, OnlyLoadAppFromAsar, BrowserV8Snapshot, GrantFileProtocolExtraPrivileges, WasmTrapHandlers. */
const DEFAULT_FUSE_WIRE = "101100011";

/** Writes an unpacked-Electron look-alike into `dir` and returns it, for `-c.electronDist`. */
export async function makeStandInElectron(dir: string): Promise<string> {
  await mkdir(join(dir, "resources"), { recursive: true });
  const binary = Buffer.concat([
    Buffer.from("#!/bin/sh\necho 'stand-in for the Electron binary'\nexit 1\n"),
    Buffer.from(FUSE_SENTINEL, "latin1"),
    Buffer.from([1, DEFAULT_FUSE_WIRE.length]),
    Buffer.from(DEFAULT_FUSE_WIRE, "latin1"),
  ]);
  await writeFile(join(dir, "electron"), binary, { mode: 0o755 });
  await writeFile(join(dir, "version"), "stand-in");
  return dir;
}

/** The built app electron-builder packs. `npm test` builds it before the suites; alone, build here. */
export async function ensureDistBuilt(): Promise<void> {
  const entries = ["dist/main/index.mjs", "dist/preload/index.cjs", "dist/renderer/index.html"];
  if (entries.every((entry) => existsSync(join(REPO_ROOT, entry)))) return;
  await run(process.execPath, [join(REPO_ROOT, "scripts/build.mjs")], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
}

export interface Packed {
  readonly appOutDir: string;
  readonly asarPath: string;
  readonly unpackedDir: string;
  readonly executable: string;
  /** electron-builder's console output, for failure messages. */
  readonly log: string;
}

export class BuilderFailed extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

function builderCli(): string {
  return createRequire(import.meta.url).resolve("electron-builder/cli.js");
}

/** Signing material must never reach a smoke-test build, even when the caller's shell has it. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: "false" };
  for (const key of Object.keys(env)) {
    if (/^(CSC_|WIN_CSC_|APPLE_|GH_TOKEN|GITHUB_TOKEN)/.test(key)) delete env[key];
  }
  return env;
}

/** Runs the electron-builder CLI with `args`; resolves with its output, rejects with BuilderFailed. */
export async function runBuilder(args: readonly string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(process.execPath, [builderCli(), "--projectDir", REPO_ROOT, ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
    throw new BuilderFailed(`electron-builder failed: ${e.message.split("\n")[0]}`, output);
  }
}

/** Packs the app for Linux into `outDir` with the given config, as an unpacked directory. */
export async function packLinuxDir(options: { config: string; outDir: string; electronDist: string }): Promise<Packed> {
  const log = await runBuilder([
    "--config",
    options.config,
    "--linux",
    "dir",
    `-c.electronDist=${options.electronDist}`,
    // Native modules are built for Node here; rebuilding them for Electron needs Electron's headers.
    "-c.npmRebuild=false",
    `-c.directories.output=${options.outDir}`,
  ]);
  const appOutDir = join(options.outDir, "linux-unpacked");
  const asarPath = join(appOutDir, "resources", "app.asar");
  if (!existsSync(asarPath)) throw new BuilderFailed(`electron-builder wrote no ${asarPath}`, log);
  return {
    appOutDir,
    asarPath,
    unpackedDir: `${asarPath}.unpacked`,
    executable: join(appOutDir, LINUX_EXECUTABLE),
    log,
  };
}
