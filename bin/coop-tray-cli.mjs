#!/usr/bin/env node
// The `coop-tray-cli` command: runs the TypeScript CLI through tsx's loader in a child Node so the
// exit code and output streams are the CLI's own.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../main/cli/index.ts", import.meta.url));
const run = spawnSync(process.execPath, ["--import", "tsx", entry, ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: fileURLToPath(new URL("..", import.meta.url)),
});
process.exit(run.status ?? 1);
