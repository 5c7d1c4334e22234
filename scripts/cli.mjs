// `npm run cli -- <command>`: the bundled CLI when it is at least as new as every source it was
// built from, else the sources through tsx, so an edit shows up without a rebuild.
import { bundleFresh, runBundle, runSources } from "../bin/cli-launch.mjs";

if (bundleFresh()) await runBundle();
else runSources(process.argv.slice(2));
