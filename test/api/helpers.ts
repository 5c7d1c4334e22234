import { afterAll, beforeAll, beforeEach } from "vitest";
import { createApiFactory, type ApiFactoryInternals } from "@coop-tray/protocol";
import type { ApiFactory, ApiFactoryOptions } from "@coop-tray/protocol";
import { SEED, start, type Sandbox, type SandboxOptions } from "../../sandbox/index";
import type { ApiResult } from "../../shared/errors";
import { APP_USER_AGENT } from "../../main/app/user-agent";

export { SEED };

/** One sandbox per test file on a free port, reset before every test. */
export function useSandbox(options: SandboxOptions = {}): { readonly sandbox: Sandbox } {
  const holder: { sandbox: Sandbox } = { sandbox: undefined as unknown as Sandbox };
  beforeAll(async () => {
    holder.sandbox = await start({ port: 0, ...options });
  });
  afterAll(async () => {
    await holder.sandbox?.close();
  });
  beforeEach(() => {
    holder.sandbox.control.reset();
  });
  return holder;
}

/** A factory against the sandbox with retries compressed so tests stay fast. */
export function factoryFor(sandbox: Sandbox, extra: ApiFactoryOptions & ApiFactoryInternals = {}): ApiFactory {
  return createApiFactory({
    userAgent: APP_USER_AGENT,
    harvestUrlTemplate: sandbox.harvestUrlTemplate,
    retry: { baseDelayMs: 5 },
    ...extra,
  });
}

export function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

export const basil = { email: SEED.users.basil.email, password: SEED.password };
export const harvestAdmin = {
  subdomain: SEED.harvest.subdomain,
  email: SEED.harvest.admin.email,
  password: SEED.harvest.admin.password,
};
