/**
 * Harvest ID (`https://id.getharvest.com`): which accounts a token reaches (docs/harvest.md §3.2). No account
 * id is sent.
 */
import { fetchModel, type Endpoint } from "./exchange";
import { decodeIdentity } from "./harvest-v2-decode";
import type { HarvestIdClient } from "./types";

export function createHarvestIdClient(endpoint: Endpoint): HarvestIdClient {
  return {
    accounts: (options) =>
      fetchModel(
        endpoint,
        {
          path: "/api/v2/accounts",
          what: "your Harvest accounts",
          options,
        },
        decodeIdentity,
      ),
  };
}
