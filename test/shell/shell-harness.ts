/**
 * Starts the real shell (runShell) against the fake `electron` and a small services object, in a
 * temporary app folder with the page and the tray icons it loads. Test files that use it must
 * `vi.mock("electron", …)` themselves (vi.mock is hoisted per file).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createShellLog } from "../../main/shell/log";
import type { ShellDependencies } from "../../main/shell/run-shell";
import { runShell } from "../../main/shell/run-shell";
import { TRAY_STATES } from "../../main/shell/tray";
import { FakeBrowserWindow, FakeTray, fake, resetFake } from "./fake-electron";
import type { TestApp } from "./test-app";
import { createTestApp } from "./test-app";

/** A throwaway app folder: dist/renderer/index.html and every tray icon. Returns its remover. */
export function makeAppFolder(): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "coop-tray-shell-"));
  mkdirSync(join(path, "dist", "renderer"), { recursive: true });
  writeFileSync(join(path, "dist", "renderer", "index.html"), "<!doctype html><title>Co-op Tray</title>");
  mkdirSync(join(path, "build", "tray"), { recursive: true });
  for (const state of TRAY_STATES) {
    for (const name of [`${state}Template.png`, `${state}.png`, `${state}-linux.png`, `${state}.ico`])
      writeFileSync(join(path, "build", "tray", name), "icon");
  }
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface StartedShell {
  readonly running: NonNullable<Awaited<ReturnType<typeof runShell>>>;
  readonly app: TestApp;
  readonly lines: string[];
  readonly window: FakeBrowserWindow;
  readonly tray: FakeTray;
}

export interface StartOptions {
  readonly appPath: string;
  readonly app?: TestApp;
  readonly env?: Record<string, string>;
  readonly platform?: NodeJS.Platform;
  readonly isPackaged?: boolean;
  readonly argv?: readonly string[];
  /** Runs on the fresh fake before the shell starts (set paths, flags). */
  readonly prepare?: () => void;
  readonly extra?: Partial<ShellDependencies>;
}

export async function startShell(options: StartOptions): Promise<StartedShell> {
  resetFake();
  fake.app.appPath = options.appPath;
  fake.app.isPackaged = options.isPackaged ?? false;
  options.prepare?.();
  const app = options.app ?? createTestApp();
  const lines: string[] = [];
  const deps: ShellDependencies = {
    createApp: async () => app,
    env: options.env ?? {},
    platform: options.platform ?? "darwin",
    log: createShellLog((line) => lines.push(line)),
    ...(options.argv ? { argv: options.argv } : {}),
    ...options.extra,
  };
  const running = await runShell(deps);
  if (running === null) throw new Error("shell did not start");
  const window = FakeBrowserWindow.instances[0];
  const tray = FakeTray.instances[0];
  if (!window || !tray) throw new Error("no window or tray");
  return { running, app, lines, window, tray };
}

export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The events of one name the page was sent, in order. */
export function sentEvents(window: FakeBrowserWindow, name: string): unknown[] {
  return window.webContents.sent.filter(([channel]) => channel === `coop-event:${name}`).map(([, payload]) => payload);
}
