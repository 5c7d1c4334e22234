#!/usr/bin/env node
// The `coop-tray-cli` command: the bundled CLI (dist/cli/index.mjs, from `npm run build`) in plain
// Node; only a checkout that has not been built falls back to the TypeScript sources through tsx.
import { bundleBuilt, runBundle, runSources } from "./cli-launch.mjs";

if (bundleBuilt()) await runBundle();
else runSources(process.argv.slice(2));
