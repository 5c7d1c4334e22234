// `npm run demo` (after the build): starts the sandbox server in-process, then the Electron app
// pointed at it and signed in as Basil (demo mode), in a throwaway profile folder. Closing the app
// stops the sandbox. Where the electron package has no binary, says so in one line and exits 1.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const DEMO_EMAIL = "basil@fawltytowers.com";
const DEMO_PASSWORD = "fawltytowers";

/** The Electron binary's path, or null: the package's entry throws when its download never happened. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)("electron");
    return typeof path === "string" && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (electron === null) {
  console.error(
    "demo: Electron cannot run on this machine (the electron package has no binary); `npm run preview` runs the app in a browser instead.",
  );
  process.exit(1);
}

const { tsImport } = await import("tsx/esm/api");
const { start } = await tsImport("../sandbox/index.ts", import.meta.url);
// The seed moved to the last day, so the demo's feed looks alive (tests keep the original Co-op docs' 2008 dates).
const sandbox = await start({ port: 0, recentSeed: true });
const profile = mkdtempSync(join(tmpdir(), "coop-tray-demo-"));
console.log(
  `demo: sandbox at ${sandbox.url}; starting Co-op Tray signed in as ${DEMO_EMAIL} (quit it from the tray menu)`,
);

const env = {
  ...process.env,
  COOP_TRAY_DEMO: "1",
  COOP_TRAY_DEMO_LOGIN: `${DEMO_EMAIL}:${DEMO_PASSWORD}`,
  COOP_TRAY_SERVER_URL: sandbox.url,
  COOP_TRAY_HARVEST_URL_TEMPLATE: sandbox.harvestUrlTemplate,
  COOP_TRAY_HARVEST_API_URL: sandbox.harvestV2ApiUrl,
  COOP_TRAY_HARVEST_ID_URL: sandbox.harvestIdUrl,
  COOP_TRAY_USER_DATA: profile,
};
// Inherited from some shells and tools; it would make the binary run as plain Node.
delete env.ELECTRON_RUN_AS_NODE;

const app = spawn(electron, [root], { stdio: "inherit", env });

let finishing = false;
async function finish(code) {
  if (finishing) return;
  finishing = true;
  await sandbox.close().catch((error) => console.error(`demo: the sandbox did not close cleanly: ${error.message}`));
  rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}

app.on("error", (error) => {
  console.error(`demo: Electron did not start: ${error.message}`);
  void finish(1);
});
app.on("exit", (code, signal) => void finish(code ?? (signal ? 1 : 0)));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (app.exitCode === null && app.signalCode === null) app.kill(signal);
    else void finish(1);
  });
}
