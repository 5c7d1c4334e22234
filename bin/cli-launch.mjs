// How `coop-tray-cli` and `npm run cli` start the command-line client: the esbuild bundle that
// `npm run build` writes (dist/cli/index.mjs) when it is there, imported into this same Node so
// start-up costs one process; otherwise the TypeScript sources through tsx in a child Node, whose
// exit code and output streams are the CLI's own.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = new URL("../dist/cli/index.mjs", import.meta.url);
const inputs = new URL("../dist/cli/inputs.json", import.meta.url);

export function bundleBuilt() {
  return existsSync(bundle);
}

/**
 * The bundle is fresh when no source it was built from (listed by the build in inputs.json), nor
 * the lock file that pins what it inlined, is newer than it. A source that is gone counts as newer.
 */
export function bundleFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    const sources = [...JSON.parse(readFileSync(inputs, "utf8")), "package-lock.json"];
    return sources.every((path) => {
      const file = new URL(path, new URL("..", import.meta.url));
      return existsSync(file) && statSync(file).mtimeMs <= built;
    });
  } catch {
    return false;
  }
}

/** Runs the bundle in this process: it reads process.argv and sets process.exitCode itself. */
export async function runBundle() {
  await import(bundle.href);
}

/** Runs main/cli/index.ts through tsx in a child Node and exits with its code. */
export function runSources(argv) {
  const entry = fileURLToPath(new URL("../main/cli/index.ts", import.meta.url));
  if (!existsSync(entry)) {
    console.error('coop-tray-cli is not built and its sources are missing: run "npm run build".');
    process.exit(1);
  }
  const run = spawnSync(process.execPath, ["--import", "tsx", entry, ...argv], { stdio: "inherit", cwd: root });
  process.exit(run.status ?? 1);
}
