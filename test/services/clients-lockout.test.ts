/**
 * A client created just before Harvest asks for a pause is shown as created at once: the read-back
 * of the new client must not wait out the pause (the user would retry and hear "Name has already
 * been taken").
 */
import { expect, it } from "vitest";
import { HARVEST_V2_SEED, SEED } from "../../sandbox/index";
import { expectValue } from "./app-harness";
import { harvestV2Harness, signInAndConnect } from "./harvest-v2-harness";

const start = harvestV2Harness();

it(
  "shows a client created during a lockout as created, without waiting for the pause to end",
  { timeout: 10_000 },
  async () => {
    const app = await start();
    await app.app.start();
    const outcome = await signInAndConnect(app, SEED.users.polly.email, HARVEST_V2_SEED.tokens.basil);
    if (outcome.kind === "chooseAccount")
      expectValue(await app.call("chooseHarvestAccount", { accountId: HARVEST_V2_SEED.accounts.fawlty.id }));
    // The create goes through; every read after it is told to wait 36 s.
    app.sandbox.control.fault({
      kind: "status503",
      route: /\/clients\/\d+/,
      method: "GET",
      times: Infinity,
      retryAfterSeconds: 36,
    });
    const created = expectValue(
      await app.call("createClient", { name: "Torbay Catering", details: null, currency: null, currencySymbol: null }),
    );
    expect(created).toMatchObject({ name: "Torbay Catering", active: true });
    expect(app.sandbox.control.clients("fawlty").filter((c) => c.name === "Torbay Catering")).toHaveLength(1);
    // And the list shows it (from the cache) while Harvest's pause lasts.
    const listed = await app.call("listClients", { refresh: false });
    if (listed.ok) expect(listed.value.some((c) => c.id === created.id)).toBe(true);
  },
);
