/**
 * The CLI's black-box tests run the bundle `npm run build` writes (dist/cli/). `npm test` builds
 * first; a targeted `npx vitest run test/cli` after an edit rebuilds the CLI here when the bundle is
 * older than its sources, using the same freshness rule as `npm run cli` (bin/cli-launch.mjs).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

function bundleFresh(): boolean {
  const check = "import { bundleFresh } from './bin/cli-launch.mjs'; process.exit(bundleFresh() ? 0 : 1);";
  return spawnSync(process.execPath, ["--input-type=module", "-e", check], { cwd: REPO_ROOT }).status === 0;
}

export function ensureCliBundle(): void {
  if (bundleFresh()) return;
  const built = spawnSync(process.execPath, ["scripts/build.mjs", "--cli-only"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the CLI failed:\n${built.stdout}${built.stderr}`);
  if (!bundleFresh()) throw new Error("the CLI bundle is still older than its sources after a build");
}
