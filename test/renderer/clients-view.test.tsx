/**
 * The Clients view in happy-dom over a fake main: the list loads whenever it becomes usable, also when
 * only the Harvest role changed (a member's token that was made a manager in Harvest).
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import { describe, expect, it, onTestFinished } from "vitest";
import { ApiContext } from "../../renderer/api-context";
import { createAppModel } from "../../renderer/model/app-model";
import { ModelContext } from "../../renderer/model/context";
import { ClientsView } from "../../renderer/views/clients";
import type { AccountSummary } from "../../shared/contract";
import type { HarvestV2State } from "../../shared/harvest-v2-state";
import { createFakeApi, harvestClient, ok, settle, signedIn } from "./fake-api";
import { testRoot } from "./test-root";

const linkedWithToken = (canManageClients: boolean): HarvestV2State => ({
  link: {
    accountId: 7,
    accountName: "Fawlty Towers",
    userName: "Polly Sherman",
    email: "polly@fawltytowers.com",
    canManageClients,
    wantsTimestampTimers: false,
    clock: null,
  },
  tokenPage: "https://id.getharvest.com/developers",
  clientsApi: "v2",
});

describe("the Clients view", () => {
  it("loads the list once the token's role may manage clients, without a Refresh", async () => {
    const fake = createFakeApi();
    const state = signedIn();
    fake.answer("getState", () => ok(state));
    fake.answer("listGroups", () => ok([]));
    fake.answer("listOutbox", () => ok([]));
    fake.answer("getHarvestV2", () => ok(linkedWithToken(false)));
    fake.answer("listClients", () => ok([harvestClient(1, "Sybil's Antiques")]));
    const model = createAppModel(fake.api, { storage: null });
    onTestFinished(model.start());
    const root = testRoot();
    await act(() => settle());
    await act(() => {
      render(
        <ModelContext.Provider value={model}>
          <ApiContext.Provider value={fake.api}>
            <ClientsView
              account={state.account as AccountSummary}
              connection={state.connection}
              onLink={() => undefined}
              clientsApi="v2"
            />
          </ApiContext.Provider>
        </ModelContext.Provider>,
        root,
      );
    });
    await act(() => settle());
    expect(root.textContent).toContain("Your Harvest role can’t manage clients");
    expect(fake.argsOf("listClients")).toEqual([]);

    await act(() => fake.emit("harvestV2Changed", linkedWithToken(true)));
    await act(() => settle());
    expect(fake.argsOf("listClients")).toEqual([{ refresh: false }]);
    expect(root.querySelector('[aria-label="Clients"]')?.textContent).toContain("Sybil's Antiques");
    expect(root.querySelector('[aria-label="Loading clients"]')).toBeNull();
  });
});
