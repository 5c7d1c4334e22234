/**
 * `npm run preview -- --port <n> [--profile <dir>]`: the real app in a browser. Starts the sandbox,
 * the services and the bridge, prints where to open it, and stops everything on Ctrl-C. With
 * `--profile` the store lives in `<dir>` (created if missing) and is kept, so the same state can be
 * reopened after a crash or attached to a bug report; without it, a throwaway folder. The sandbox's
 * data and port are kept there too: the saved account points at that port, so reopening finds the
 * same server with the same statuses.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
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

function parseProfile(argv: readonly string[]): string | undefined {
  const index = argv.indexOf("--profile");
  const raw = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith("--profile="))?.slice("--profile=".length);
  if (index >= 0 && (raw === undefined || raw.startsWith("--") || raw === "")) {
    console.error("preview: --profile needs a folder");
    process.exit(2);
  }
  if (raw === undefined) return undefined;
  const dir = resolve(raw);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

const keyring = planKeyring(process.env, process.platform, process.argv, process.execArgv, process.execPath);
if (keyring.kind === "reexec") process.exit(await runInKeyring(keyring));
if (keyring.kind === "missing") console.warn(keyring.message);

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const profile = parseProfile(argv);
const sandboxFile = profile === undefined ? null : join(profile, "preview-sandbox.json");
const savedPort = ((): number => {
  try {
    const port = (JSON.parse(readFileSync(sandboxFile ?? "", "utf8")) as { port?: unknown }).port;
    return typeof port === "number" && Number.isInteger(port) ? port : 0;
  } catch {
    return 0;
  }
})();
const stack = await startStack({
  port: parsePort(argv),
  staticDir: join(root, "dist/preview"),
  sandbox: { recentSeed: true, ...(profile === undefined ? {} : { dataFile: join(profile, "sandbox-data.json") }) },
  sandboxPort: savedPort,
  storeDir: profile,
});
if (sandboxFile !== null) writeFileSync(sandboxFile, JSON.stringify({ port: Number(new URL(stack.sandbox.url).port) }));

console.log(`Co-op Tray preview: ${stack.bridge.url}`);
console.log(`  sandbox (Co-op server URL for sign-in): ${stack.sandbox.url}`);
console.log(
  '  seed login: basil@fawltytowers.com / fawltytowers   (Harvest account "fawlty": basil@fawltytowers.com / barcelona)',
);
console.log(`  profile: ${profile ?? "a throwaway folder (pass --profile <dir> to keep it)"}`);
console.log("Press Ctrl-C to stop.");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void stack.close().then(() => process.exit(0));
  });
}
