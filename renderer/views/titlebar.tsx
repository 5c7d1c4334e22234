/** The header: the group switch on group-scoped views (a title on the others), Refresh and Settings. */
import type { JSX } from "preact";
import { GearIcon, RefreshIcon } from "../components/icons";
import { useModel } from "../model/context";

const TITLES: Partial<Record<string, string>> = { settings: "Settings", groups: "Groups", timers: "Timers" };

function GroupSwitch(): JSX.Element {
  const model = useModel();
  const groups = model.groups.value;
  const groupId = model.groupId.value;
  // A muted group's news shows in its own list, not in the badge that calls the user elsewhere.
  const muted = new Set(model.state.value?.settings.mutedGroupIds ?? []);
  const otherUnread = (groups ?? [])
    .filter((g) => g.group.id !== groupId && !muted.has(g.group.id))
    .reduce((sum, g) => sum + g.unread, 0);
  return (
    <div class="group-switch">
      <label class="visually-hidden" for="group-select">
        Group
      </label>
      <select
        id="group-select"
        class="select select-title"
        value={groupId ?? ""}
        disabled={!groups || groups.length === 0}
        onChange={(e) => model.selectGroup(Number(e.currentTarget.value))}
      >
        {groups && groups.length > 0 ? (
          groups.map((g) => (
            <option key={g.group.id} value={g.group.id}>
              {g.group.name}
              {g.unread > 0 ? ` (${g.unread} new)` : ""}
            </option>
          ))
        ) : (
          <option value="">{groups ? "No groups" : "Loading…"}</option>
        )}
      </select>
      {otherUnread > 0 ? (
        <span class="badge" title={`${otherUnread} new in other groups`}>
          {otherUnread}
          <span class="visually-hidden"> new in other groups</span>
        </span>
      ) : null}
    </div>
  );
}

export function Titlebar(): JSX.Element {
  const model = useModel();
  const view = model.view.value;
  const refreshing = model.refreshing.value;
  return (
    <header class="titlebar">
      {view === "feed" || view === "agenda" ? <GroupSwitch /> : <h1 class="title">{TITLES[view] ?? "Clients"}</h1>}
      <div class="titlebar-actions">
        <button
          type="button"
          class={refreshing ? "icon-btn is-busy" : "icon-btn"}
          aria-label="Refresh"
          aria-busy={refreshing}
          title={refreshing ? "Refreshing…" : "Refresh"}
          onClick={() => model.refresh()}
        >
          <RefreshIcon />
        </button>
        <button
          type="button"
          class={view === "settings" ? "icon-btn is-active" : "icon-btn"}
          aria-label="Settings"
          title="Settings"
          aria-current={view === "settings" ? "page" : undefined}
          onClick={() => model.show("settings")}
        >
          <GearIcon />
        </button>
      </div>
    </header>
  );
}
