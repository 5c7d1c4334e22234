/**
 * One app under test: the sandbox on a fake clock, the real keychain, a conf store in a temp dir,
 * and every handler result recorded so a suite can check none of them carries a password.
 */
import { afterAll, beforeAll } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import type { CoopClient } from "@coop-tray/protocol";
import { SEED, start as startSandbox } from "../../sandbox/index";
import type { SandboxOptions } from "../../sandbox/types";
import { createApp, type AppDeps, type CoopTrayApp } from "../../main/app/create-app";
import { openNodeStore } from "../../main/app/open-node-store";
import type { CallArgs, CallResult, ServiceCallName } from "../../shared/contract";
import { FakeClock, realKeychain, tempDir } from "./helpers";
import { APP_USER_AGENT } from "../../main/app/user-agent";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface Harness {
  readonly clock: FakeClock;
  readonly sandbox: Sandbox;
  readonly dir: ReturnType<typeof tempDir>;
  app: CoopTrayApp;
  /** Every handler result so far, JSON-serialised. */
  readonly results: string[];
  call<K extends ServiceCallName>(
    name: K,
    ...args: CallArgs<K> extends void ? [] : [CallArgs<K>]
  ): Promise<CallResult<K>>;
  /** Signs the app in as a seed user (Basil by default) with the seed password. */
  signIn(email?: string): Promise<CallResult<"signIn">>;
  /** A Co-op client of the sandbox as another seed user (Polly by default), to post as someone else. */
  coopAs(email?: string): CoopClient;
  /** A new app on the same store (a restart). */
  restart(extra?: Partial<AppDeps>): Promise<CoopTrayApp>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { sandbox?: SandboxOptions; deps?: Partial<AppDeps>; dir?: ReturnType<typeof tempDir> } = {},
): Promise<Harness> {
  const clock = new FakeClock();
  const sandbox = await startSandbox({ port: 0, now: () => clock.now(), ...options.sandbox });
  const dir = options.dir ?? tempDir();
  const keychain = await realKeychain();
  const results: string[] = [];
  const build = (extra: Partial<AppDeps> = {}): Promise<CoopTrayApp> =>
    createApp({
      openStoreBackend: openNodeStore(dir.path),
      keychain,
      api: {
        harvestUrlTemplate: sandbox.harvestUrlTemplate,
        harvestApiUrl: sandbox.harvestV2ApiUrl,
        harvestIdUrl: sandbox.harvestIdUrl,
      },
      clock,
      defaultServerUrl: sandbox.url,
      random: () => 0.5,
      ...options.deps,
      ...extra,
    });
  const harness: Harness = {
    clock,
    sandbox,
    dir,
    app: await build(),
    results,
    signIn: (email = SEED.users.basil.email) =>
      harness.call("signIn", { serverUrl: sandbox.url, email, password: SEED.password }),
    coopAs: (email = SEED.users.polly.email) =>
      createApiFactory({ userAgent: APP_USER_AGENT, harvestUrlTemplate: sandbox.harvestUrlTemplate }).coop(
        { serverUrl: sandbox.url, email, password: SEED.password },
        "json",
      ),
    async call(name, ...args) {
      const handler = harness.app.handlers[name] as (a: unknown) => Promise<CallResult<typeof name>>;
      const result = await handler(args[0]);
      results.push(JSON.stringify(result));
      return result;
    },
    async restart(extra) {
      await harness.app.stop();
      harness.app = await build(extra);
      return harness.app;
    },
    async close() {
      await harness.app.stop();
      await sandbox.close();
    },
  };
  return harness;
}

/**
 * One harness for the describe block it is called in: started and signed in as Basil before its tests
 * (his groups read first when `refreshed`), closed and removed after them. `use` receives it before its
 * app starts, so a suite can keep it and subscribe to the app's events.
 */
export function basilForSuite(use: (h: Harness) => void, options: { refreshed?: boolean } = {}): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
    use(h);
    await h.app.start();
    expectValue(await h.signIn());
    if (options.refreshed === true) await h.app.refreshAll();
  });
  afterAll(async () => {
    await h?.close();
    h?.dir.remove();
  });
}

/** The seed's Co-op password is also part of every seed email's domain: match it only on its own. */
export const COOP_PASSWORD_ALONE = /(^|[^@.\w])fawltytowers([^.\w]|$)/;

export function expectValue<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}
