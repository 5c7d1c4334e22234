/**
 * A Secret Service for the preview on Linux machines that have none running (a server, a container,
 * a fresh VM without a desktop session): the keychain then says "No keychain" and sign-in stops.
 * Like `npm test`, the preview then re-runs itself inside `dbus-run-session` with a throwaway,
 * unlocked GNOME Keyring in a temporary folder (passwords last as long as the preview). A desktop
 * session (a session bus is already there) keeps its own keyring untouched.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const KEYRING_READY_ENV = "COOP_TRAY_KEYRING_READY";

export type KeyringPlan =
  | { readonly kind: "ready" }
  | {
      readonly kind: "reexec";
      readonly command: string;
      readonly args: readonly string[];
      readonly env: NodeJS.ProcessEnv;
    }
  | { readonly kind: "missing"; readonly message: string };

const hasCommand = (name: string, env: NodeJS.ProcessEnv): boolean =>
  spawnSync("/bin/sh", ["-c", `command -v ${name}`], { stdio: "ignore", env }).status === 0;

/** What to do before starting: go ahead, run again inside a throwaway keyring, or say what to install. */
export function planKeyring(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  argv: readonly string[],
  execArgv: readonly string[],
  execPath: string,
): KeyringPlan {
  if (platform !== "linux" || env[KEYRING_READY_ENV] || env["DBUS_SESSION_BUS_ADDRESS"]) return { kind: "ready" };
  if (!hasCommand("dbus-run-session", env) || !hasCommand("gnome-keyring-daemon", env)) {
    return {
      kind: "missing",
      message: "preview: no Secret Service is running; install one to sign in: sudo apt-get install gnome-keyring dbus",
    };
  }
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const self = [execPath, ...execArgv, ...argv.slice(1)].map(quote).join(" ");
  const inner = `echo -n coop-tray-preview | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec ${self}`;
  return {
    kind: "reexec",
    command: "dbus-run-session",
    args: ["--", "sh", "-c", inner],
    env: { ...env, XDG_DATA_HOME: mkdtempSync(join(tmpdir(), "coop-tray-preview-keyring-")), [KEYRING_READY_ENV]: "1" },
  };
}

/** Runs the plan's child with this terminal, passing Ctrl-C on; resolves with its exit code. */
export function runInKeyring(plan: Extract<KeyringPlan, { kind: "reexec" }>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(plan.command, [...plan.args], { stdio: "inherit", env: plan.env });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
    child.on("exit", (code) => resolve(code ?? 1));
  });
}
