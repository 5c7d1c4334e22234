/** The view the tabs (or the header) chose, given what it needs from the model. */
import type { JSX } from "preact";
import { ErrorNotice } from "../components/error-notice";
import { useModel } from "../model/context";
import { AgendasView, ClientsView, GroupsView, SettingsView, TimersView } from "./deferred-views";
import { FeedView } from "./feed";

export function CurrentView(): JSX.Element {
  const model = useModel();
  const view = model.view.value;
  const state = model.state.value;
  const groups = model.groups.value;
  const groupsError = model.groupsError.value;
  const selected = model.selected.value;
  const account = state?.account;
  if (!state || !account) return <div class="spinner" role="status" aria-label="Loading" />;

  if (groupsError && !groups && view !== "settings" && view !== "clients" && view !== "timers") {
    return (
      <div class="view-pad">
        <ErrorNotice
          error={groupsError}
          service="Co-op"
          onRetry={() => void model.loadGroups()}
          onSignIn={() => model.show("settings")}
        />
      </div>
    );
  }
  switch (view) {
    case "feed":
      return <FeedView account={account} connection={state.connection} />;
    case "agenda":
      return <AgendasView group={selected} online={state.connection.online} />;
    case "groups":
      return (
        <GroupsView
          groups={groups}
          account={account}
          online={state.connection.online}
          mutedGroupIds={state.settings.mutedGroupIds}
          onChanged={() => void model.loadGroups()}
          onOpen={(id) => {
            model.selectGroup(id);
            model.show("feed");
          }}
        />
      );
    case "clients":
      return (
        <ClientsView
          account={account}
          connection={state.connection}
          onLink={() => model.show("settings")}
          clientsApi={model.harvestV2.value?.clientsApi ?? null}
        />
      );
    case "timers": {
      const harvest = model.harvestV2.value;
      return harvest ? (
        <TimersView
          harvest={harvest}
          groupId={selected?.group.id ?? null}
          onHarvestChanged={() => void model.reloadHarvestV2()}
        />
      ) : (
        <div class="spinner" role="status" aria-label="Loading" />
      );
    }
    case "settings":
      return (
        <SettingsView state={state} unsentNotes={model.outbox.value.filter((item) => item.state !== "sent").length} />
      );
  }
}
