/**
 * The connection state the banner shows, fed by every throttle governor of the API factory. A
 * Harvest user can have several at once (the v1 account, a v2 account, Harvest ID); the calls
 * waiting and the lockout are the sum and the latest of them all, not whatever governor spoke last.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiFactory } from "@coop-tray/protocol";
import type { ApiFactory } from "@coop-tray/protocol";
import { systemClock } from "../../main/services/clock";
import { Connection } from "../../main/services/connection";
import { SEED, start as startSandbox } from "../../sandbox/index";
import { waitFor } from "./helpers";
import { APP_USER_AGENT } from "../../main/app/user-agent";

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe("calls waiting on Harvest's throttle", () => {
  let sandbox: Sandbox;
  let factory: ApiFactory;
  const connection = new Connection(systemClock);

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    // One call a minute per account: the second call to an account waits in its governor.
    factory = createApiFactory({
      userAgent: APP_USER_AGENT,
      harvestUrlTemplate: sandbox.harvestUrlTemplate,
      harvestLimits: { maxCalls: 1, windowMs: 60_000 },
      learnHarvestLimits: false,
    });
    connection.attach(factory);
  });

  afterAll(async () => {
    connection.detach();
    await factory?.close();
    await sandbox?.close();
  });

  it("stay counted while another Harvest account's calls come and go", async () => {
    const login = {
      subdomain: SEED.harvest.subdomain,
      email: SEED.harvest.admin.email,
      password: SEED.harvest.admin.password,
    };
    const linked = factory.harvest(login, "json");
    expect((await linked.whoAmI()).ok).toBe(true);
    const waiting = [linked.listClients(), linked.listClients()];
    await waitFor(() => connection.state().harvestThrottle.queued === 2, "two calls waiting");

    // Another account (here one the sandbox does not know) answers at once; its governor reports
    // nothing waiting, which must not hide the two calls still waiting for the first account.
    const other = factory.harvest({ ...login, subdomain: "elsewhere" }, "json");
    const answered = await other.whoAmI();
    expect(answered.ok).toBe(false);
    expect(connection.state().harvestThrottle.queued).toBe(2);

    // Closing the factory fails the waiting calls; then nothing is waiting anywhere.
    await factory.close();
    for (const result of await Promise.all(waiting)) expect(result.ok).toBe(false);
    expect(connection.state().harvestThrottle.queued).toBe(0);
  });
});
