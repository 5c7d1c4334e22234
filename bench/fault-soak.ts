/**
 * `npm run soak`: the fault soak. 200 notes posted from a real app process through a proxy that
 * fails 35 % of requests (resets, 500s, 503s before the server saw them; resets, 502s and slow
 * resets after it handled them), with the app killed by SIGKILL five times at random moments and
 * restarted on the same store. Then it drains and counts, on the server, every note the app said
 * it had accepted: lost (not there) and duplicated (there more than once); both must be 0. Last,
 * idle timer wake-ups per second after a `Retry-After: 9999999` (must be at most 1).
 *
 * Exit code 1 when a figure is out of bounds. Needs the OS keychain; on Linux without a session
 * bus it re-runs itself inside `dbus-run-session` with a throwaway gnome-keyring, as `npm test` does.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApiFactory } from "@coop-tray/protocol";
import { createApp } from "../main/app/create-app";
import { openNodeStore } from "../main/app/open-node-store";
import { probeKeytar } from "../main/services/vault";
import { SEED, start } from "../sandbox/index";
import { startFaultProxy } from "./soak/fault-proxy";
import { idleWakeUpsPerSecond } from "./soak/idle";
import { APP_USER_AGENT } from "../main/app/user-agent";

const NOTES = 200;
const FAULT_RATE = 0.35;
const KILLS = 5;
const EXTRA_GROUPS = 6;
const DRAIN_TIMEOUT_MS = 240_000;

const hasCommand = (name: string): boolean =>
  spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
const canWrap = hasCommand("dbus-run-session") && hasCommand("gnome-keyring-daemon");
if (process.platform === "linux" && !process.env.COOP_TRAY_KEYRING_READY && canWrap) {
  const data = mkdtempSync(join(tmpdir(), "coop-tray-keyring-"));
  const self = fileURLToPath(import.meta.url);
  const unlock = "echo -n coop-tray-soak | gnome-keyring-daemon --unlock --components=secrets >/dev/null";
  const inner = `${unlock} && exec "${process.execPath}" --import tsx "${self}"`;
  const env = { ...process.env, XDG_DATA_HOME: data, COOP_TRAY_KEYRING_READY: "1" };
  const run = spawnSync("dbus-run-session", ["--", "sh", "-c", inner], { stdio: "inherit", env });
  rmSync(data, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}

const { keychain, reason } = await probeKeytar({ timeoutMs: 10_000 });
if (!keychain) {
  console.error(`soak: no OS keychain (${reason})`);
  process.exit(1);
}

const CHILD = fileURLToPath(new URL("./soak/app-child.ts", import.meta.url));
const sandbox = await start({ port: 0 });
const proxy = await startFaultProxy(sandbox.url);
const storeDir = mkdtempSync(join(tmpdir(), "coop-tray-soak-"));

// Basil, signed in through the proxy (the account's server is the proxy), with more groups so
// the notes spread over several queues.
const basil = { email: SEED.users.basil.email, password: SEED.password };
const setup = createApiFactory({ userAgent: APP_USER_AGENT, harvestUrlTemplate: sandbox.harvestUrlTemplate });
const coop = setup.coop({ serverUrl: sandbox.url, ...basil }, "xml");
const groups = [SEED.groups.fawltyTowers.id, SEED.groups.argentina.id];
for (let i = 0; i < EXTRA_GROUPS; i++) {
  const created = await coop.createGroup({ name: `Soak ${i}`, timezone: "London", memberEmails: [] });
  if (!created.ok) throw new Error(`could not create a group: ${created.error.message}`);
  groups.push(created.value);
}
await setup.close();
const signer = await createApp({
  openStoreBackend: openNodeStore(storeDir),
  keychain,
  api: { harvestUrlTemplate: sandbox.harvestUrlTemplate },
});
await signer.start();
const signedIn = await signer.handlers.signIn({ serverUrl: proxy.url, ...basil });
if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error.message}`);
await signer.stop();

const accepted = new Set<number>();
const refused: string[] = [];

interface ChildEvent {
  readonly event: string;
  readonly index?: number;
  readonly message?: string;
  readonly unsent?: number;
  readonly failed?: number;
}

interface Life {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  last: { unsent: number; failed: number } | null;
  posted: boolean;
}

function life(indices: readonly number[]): Life {
  const args = ["--import", "tsx", CHILD, storeDir, groups.join(","), indices.join(",")];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const self: Life = { child, exited, last: null, posted: false };
  let buffer = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      const event = JSON.parse(line) as ChildEvent;
      if (event.event === "accepted") accepted.add(event.index as number);
      if (event.event === "refused") refused.push(`${event.index}: ${event.message}`);
      if (event.event === "posted") self.posted = true;
      if (event.event === "outbox") self.last = { unsent: event.unsent as number, failed: event.failed as number };
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => process.stderr.write(`[app] ${chunk}`));
  return self;
}

const pending = (): number[] => Array.from({ length: NOTES }, (_, i) => i).filter((i) => !accepted.has(i));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const started = Date.now();
proxy.rate = FAULT_RATE;
for (let kill = 0; kill < KILLS; kill++) {
  const current = life(pending());
  await sleep(700 + Math.random() * 1_800);
  current.child.kill("SIGKILL");
  await current.exited;
}
const final = life(pending());
const deadline = Date.now() + DRAIN_TIMEOUT_MS;
while (!(final.posted && final.last !== null && final.last.unsent === 0) && Date.now() < deadline) await sleep(250);
final.child.kill("SIGKILL");
await final.exited;
const seconds = (Date.now() - started) / 1000;

const onServer = new Map<string, number>();
for (const groupId of groups) {
  for (const status of sandbox.control.statuses(groupId)) {
    if (status.text.startsWith("Soak note ")) onServer.set(status.text, (onServer.get(status.text) ?? 0) + 1);
  }
}
const lost = [...accepted].filter((i) => !onServer.has(`Soak note ${i}`));
const duplicated = [...onServer.values()].filter((n) => n > 1).length;
const faultShare = proxy.counts.faulted / Math.max(1, proxy.counts.requests);
await proxy.close();
await sandbox.close();
rmSync(storeDir, { recursive: true, force: true });

const idle = await idleWakeUpsPerSecond(keychain);

const refusals = refused.length ? ` (${refused.length} refused: ${refused[0]})` : "";
const kinds = Object.entries(proxy.counts.byKind)
  .map(([kind, n]) => `${kind} ${n}`)
  .join(", ");
const idleFigure =
  `${idle.perSecond.toFixed(2)} (lockout ${idle.lockoutMinutes.toFixed(1)} min, ` +
  `CPU ${(idle.cpuShare * 100).toFixed(2)} %)`;
const rows: [string, string][] = [
  ["notes accepted by the app", `${accepted.size} of ${NOTES}${refusals}`],
  ["requests through the proxy", String(proxy.counts.requests)],
  ["faults injected", `${proxy.counts.faulted} (${(faultShare * 100).toFixed(1)} %: ${kinds})`],
  ["kill -9 restarts", String(KILLS)],
  ["notes lost", String(lost.length)],
  ["notes duplicated", String(duplicated)],
  ["unsent at the end", String(final.last?.unsent ?? "unknown")],
  ["soak time", `${seconds.toFixed(1)} s`],
  ["idle wake-ups per second after Retry-After: 9999999", idleFigure],
];
console.log("\nFault soak");
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
const delivered = lost.length === 0 && duplicated === 0 && accepted.size === NOTES && final.last?.unsent === 0;
const ok = delivered && faultShare >= 0.3 && idle.perSecond <= 1;
console.log(ok ? "  all within bounds" : "  OUT OF BOUNDS");
process.exit(ok ? 0 : 1);
