// `npm run server -- …`: the Co-op server in this one Node process, so the signals a supervisor sends
// to npm's child (SIGTERM from systemd or `docker stop`) reach the server itself. In a development
// install the TypeScript sources run through tsx's loader (an edit shows without a rebuild); in a
// production install (`--omit=dev`, no tsx) the bundle from `npm run build:server` runs.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const sources = new URL("../server/cli.ts", import.meta.url);
const bundle = new URL("../dist/server/coop-server.mjs", import.meta.url);

function tsxInstalled() {
  try {
    createRequire(import.meta.url).resolve("tsx/esm/api");
    return true;
  } catch {
    return false;
  }
}

if (existsSync(sources) && tsxInstalled()) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(sources.href);
} else if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  console.error('coop-server is not built: run "npm run build:server" (it needs the development install).');
  process.exit(1);
}
