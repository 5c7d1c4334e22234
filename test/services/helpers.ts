/**
 * Shared pieces of the service tests: a controllable clock, a temp store folder, the real keychain
 * (failing loudly when it is missing), the sandbox, and a condition waiter (no fixed sleeps).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../main/services/clock";
import { probeKeytar, type Keychain } from "../../main/services/vault";

/** Time that only moves when the test says so; timers fire in order as it passes them. */
export class FakeClock implements Clock {
  private current: number;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private sequence = 0;

  constructor(start: number = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(fn: () => void, ms: number): () => void {
    const id = ++this.sequence;
    this.timers.set(id, { at: this.current + Math.max(0, ms), fn });
    return () => this.timers.delete(id);
  }

  /** Moves time forward, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const entry of this.timers)
        if (entry[1].at <= target && (next === null || entry[1].at < next[1].at)) next = entry;
      if (next === null) break;
      this.timers.delete(next[0]);
      this.current = Math.max(this.current, next[1].at);
      next[1].fn();
    }
    this.current = target;
  }

  /** Epoch ms of the earliest pending timer, or null. */
  nextTimerAt(): number | null {
    let min: number | null = null;
    for (const { at } of this.timers.values()) if (min === null || at < min) min = at;
    return min;
  }
}

/** Waits until `check` holds (re-checked every few ms), or fails with `what` after the timeout. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function tempDir(prefix = "coop-tray-services-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Platforms keytar supports at all; anywhere else the vault tests skip with that reason. */
export const KEYCHAIN_PLATFORM = ["darwin", "win32", "linux"].includes(process.platform);

let keychainPromise: Promise<Keychain> | null = null;

/** The real OS keychain; throws with the reason when there is none (never a silent skip). */
export function realKeychain(): Promise<Keychain> {
  keychainPromise ??= probeKeytar({ timeoutMs: 10_000 }).then(({ keychain, reason }) => {
    if (!keychain) {
      throw new Error(
        `No usable keychain: ${reason}. On Linux run the tests inside a session bus with an unlocked keyring ` +
          "(npm test does this; or dbus-run-session + gnome-keyring-daemon --unlock).",
      );
    }
    return keychain;
  });
  return keychainPromise;
}

/** Every file under a folder, recursively, with its text. */
export function filesUnder(folder: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, text: readFileSync(path, "utf8") });
  }
  return out;
}
