/**
 * Everything behind the dev bridge in one call: the sandbox server, the real services over a
 * fresh conf store and the real keychain, and the bridge serving the built renderer. Used by
 * `npm run preview` and by the end-to-end fixture, so both run exactly the same wiring.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { start as startSandbox } from "../../sandbox/index";
import { createApp } from "../../main/app/create-app";
import type { CoopTrayApp } from "../../main/app/coop-tray-app";
import { openNodeStore } from "../../main/app/open-node-store";
import { createDispatcher } from "../../main/ipc/dispatch";
import { loadKeytar } from "../../main/services/vault";
import { firstFramePage } from "./first-frame-page";
import { startBridge, type Bridge } from "./server";
import { browserWindowCalls } from "./window-calls";

export interface SandboxTuning {
  readonly harvestLimit?: number;
  readonly harvestWindowSeconds?: number;
  readonly harvestLockoutSeconds?: number;
  readonly latencyMs?: number;
  /** The seed moved to the last day (preview); the journeys keep the original Co-op docs' 2008 dates. */
  readonly recentSeed?: boolean;
  /** The sandbox's data kept in this file (loaded when present): `--profile` in the preview. */
  readonly dataFile?: string;
  /** false: no live event stream (`GET /events` answers 404), so the app polls. */
  readonly eventStream?: boolean;
}

export interface StackOptions {
  /** Bridge port; 0 picks a free one. */
  readonly port: number;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  readonly sandboxPort?: number;
  readonly sandbox?: SandboxTuning;
  /** Where the store lives; a fresh temp folder (removed on close) when not given. */
  readonly storeDir?: string;
}

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface Stack {
  readonly sandbox: Sandbox;
  readonly app: CoopTrayApp;
  readonly bridge: Bridge;
  readonly storeDir: string;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const sandbox = await startSandbox({ port: options.sandboxPort ?? 0, ...options.sandbox });
  const ownStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? (await mkdtemp(join(tmpdir(), "coop-tray-store-")));
  const cleanups: (() => Promise<void>)[] = [async () => sandbox.close()];
  if (ownStore) cleanups.unshift(() => rm(storeDir, { recursive: true, force: true }));
  try {
    const keychain = await loadKeytar();
    const app = await createApp({
      openStoreBackend: openNodeStore(storeDir),
      keychain,
      api: {
        harvestUrlTemplate: sandbox.harvestUrlTemplate,
        harvestApiUrl: sandbox.harvestV2ApiUrl,
        harvestIdUrl: sandbox.harvestIdUrl,
      },
      defaultServerUrl: sandbox.url,
    });
    cleanups.unshift(async () => app.stop());
    await app.start();
    const indexPage = firstFramePage(app, options.staticDir);
    cleanups.unshift(async () => indexPage.close());
    const bridge = await startBridge({
      port: options.port,
      dispatch: createDispatcher({ ...app.handlers, ...browserWindowCalls() }),
      subscribe: (event, listener) => app.on(event, listener),
      staticDir: options.staticDir,
      // A page opening is what the tray window showing is in Electron: sync right away.
      onConnect: () => void app.windowShown(),
      indexPage: () => indexPage.page(),
    });
    cleanups.unshift(() => bridge.close());
    let closing: Promise<void> | null = null;
    return {
      sandbox,
      app,
      bridge,
      storeDir,
      close: () => (closing ??= runAll(cleanups)),
    };
  } catch (error) {
    await runAll(cleanups);
    throw error;
  }
}

async function runAll(cleanups: readonly (() => Promise<void>)[]): Promise<void> {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch {
      // Closing continues: one part failing to stop must not leave the others running.
    }
  }
}
