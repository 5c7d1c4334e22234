/**
 * `npm run preview -- --port <n>`: the real app in a browser. Starts the sandbox, the services and
 * the bridge, prints where to open it, and stops everything on Ctrl-C.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { planKeyring, runInKeyring } from "./bridge/keyring";
import { startStack } from "./bridge/stack";

function parsePort(argv: readonly string[]): number {
  const index = argv.indexOf("--port");
  const raw = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith("--port="))?.slice("--port=".length);
  if (raw === undefined) return 4020;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`preview: --port must be a number from 0 to 65535, got "${raw}"`);
    process.exit(2);
  }
  return port;
}

const keyring = planKeyring(process.env, process.platform, process.argv, process.execArgv, process.execPath);
if (keyring.kind === "reexec") process.exit(await runInKeyring(keyring));
if (keyring.kind === "missing") console.warn(keyring.message);

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stack = await startStack({ port: parsePort(process.argv.slice(2)), staticDir: join(root, "dist/preview"), sandbox: { recentSeed: true } });

console.log(`Co-op Tray preview: ${stack.bridge.url}`);
console.log(`  sandbox (Co-op server URL for sign-in): ${stack.sandbox.url}`);
console.log("  seed login: basil@fawltytowers.com / fawltytowers   (Harvest account \"fawlty\": basil@fawltytowers.com / barcelona)");
console.log("Press Ctrl-C to stop.");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void stack.close().then(() => process.exit(0));
  });
}
