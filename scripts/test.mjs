// `npm test`: every suite in order, stopping at the first failure.
// On Linux the keychain tests need a Secret Service: when no session bus is present this re-runs
// itself inside `dbus-run-session` with a throwaway, unlocked gnome-keyring.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const hasCommand = (name) => spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;

if (process.platform === "linux" && !process.env.COOP_TRAY_KEYRING_READY) {
  if (hasCommand("dbus-run-session") && hasCommand("gnome-keyring-daemon")) {
    const data = mkdtempSync(join(tmpdir(), "coop-tray-keyring-"));
    const inner = `echo -n coop-tray-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec node scripts/test.mjs ${process.argv.slice(2).join(" ")}`;
    const run = spawnSync("dbus-run-session", ["--", "sh", "-c", inner], {
      stdio: "inherit",
      env: { ...process.env, XDG_DATA_HOME: data, COOP_TRAY_KEYRING_READY: "1" },
    });
    process.exit(run.status ?? 1);
  }
  console.warn(
    "test: no dbus-run-session/gnome-keyring-daemon; keychain tests will report that no keychain is available",
  );
}

const steps = [
  ["lint", "npx", ["eslint", "."]],
  ["format (prettier --check)", "npx", ["prettier", "--check", "."]],
  ["typecheck", "npx", ["tsc", "-b"]],
  ["build", "node", ["scripts/build.mjs"]],
  ["unit + integration (vitest)", "npx", ["vitest", "run"]],
  ["end-to-end (playwright)", "npx", ["playwright", "test"]],
];

for (const [name, command, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(command, args, { stdio: "inherit", env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds}s`);
    process.exit(run.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds}s)`);
}
console.log("\nall suites passed");
