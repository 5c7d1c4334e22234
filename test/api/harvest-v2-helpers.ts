/** Harvest v2 clients against the sandbox, with the seed's tokens and account ids. */
import { afterEach } from "vitest";
import type { ApiFactoryInternals } from "@coop-tray/protocol";
import type { ApiFactory, ApiFactoryOptions, HarvestIdClient, HarvestV2Client } from "@coop-tray/protocol";
import { HARVEST_V2_SEED, type Sandbox } from "../../sandbox/index";
import { factoryFor } from "./helpers";

export const V2 = HARVEST_V2_SEED;
export const FAWLTY = V2.accounts.fawlty.id;
export const ARGENTINA = V2.accounts.argentina.id;

/** Builds factories pointed at the sandbox's v2 and ID services, closed after each test. */
export function v2Factories(env: { readonly sandbox: Sandbox }) {
  let factories: ApiFactory[] = [];
  afterEach(async () => {
    await Promise.all(factories.map((factory) => factory.close()));
    factories = [];
  });
  const factory = (extra: ApiFactoryOptions & ApiFactoryInternals = {}): ApiFactory => {
    const made = factoryFor(env.sandbox, {
      harvestApiUrl: env.sandbox.harvestV2ApiUrl,
      harvestIdUrl: env.sandbox.harvestIdUrl,
      ...extra,
    });
    factories.push(made);
    return made;
  };
  return {
    factory,
    v2: (
      token: string = V2.tokens.basil,
      accountId: number = FAWLTY,
      extra: ApiFactoryOptions & ApiFactoryInternals = {},
    ): HarvestV2Client => factory(extra).harvestV2({ token, accountId }),
    id: (token: string = V2.tokens.basil): HarvestIdClient => factory().harvestId(token),
  };
}
