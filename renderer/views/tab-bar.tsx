/**
 * The tabs under the header; arrow keys, Home and End move between them. Groups counts the invitations
 * waiting for an answer, so one is seen from any tab (nobody joins without accepting: docs/coop-api.md §8.4).
 */
import type { JSX } from "preact";
import { arrowTab, isMacPlatform, type TabView } from "../keyboard";
import { useModel } from "../model/context";

const TABS: readonly { readonly view: TabView; readonly label: string }[] = [
  { view: "feed", label: "Feed" },
  { view: "agenda", label: "Agenda" },
  { view: "groups", label: "Groups" },
  { view: "clients", label: "Clients" },
  { view: "timers", label: "Timers" },
];

export function TabBar(): JSX.Element {
  const model = useModel();
  const view = model.view.value;
  const selected = model.selected.value;
  const invited = model.invitations.value.length;
  return (
    <nav
      class="tabs"
      aria-label="Views"
      onKeyDown={(event) => {
        const from = TABS.find((t) => t.view === (event.target as HTMLElement).dataset["view"])?.view;
        const to = from ? arrowTab(event.key, from) : null;
        if (!to) return;
        event.preventDefault();
        model.show(to);
        (event.currentTarget.querySelector(`[data-view="${to}"]`) as HTMLElement | null)?.focus();
      }}
    >
      {TABS.map((tab, index) => (
        <button
          key={tab.view}
          type="button"
          data-view={tab.view}
          class={view === tab.view ? "tab is-active" : "tab"}
          aria-current={view === tab.view ? "page" : undefined}
          aria-keyshortcuts={`${isMacPlatform() ? "Meta" : "Control"}+${index + 1}`}
          // The badge's number alone would read as "Groups 2": the name says what it counts.
          aria-label={tab.view === "groups" && invited > 0 ? invitationsLabel(tab.label, invited) : undefined}
          onClick={() => model.show(tab.view)}
        >
          {tab.label}
          {tab.view === "feed" && selected && selected.unread > 0 ? (
            <span class="tab-dot" aria-label={`${selected.unread} new`} />
          ) : null}
          {tab.view === "groups" && invited > 0 ? (
            // The space keeps the visible text "Groups 2" a part of the name (WCAG 2.5.3, label in name).
            <>
              {" "}
              <span class="badge tab-badge" aria-hidden="true">
                {invited}
              </span>
            </>
          ) : null}
        </button>
      ))}
    </nav>
  );
}

const invitationsLabel = (label: string, count: number): string =>
  `${label}, ${count} ${count === 1 ? "invitation" : "invitations"}`;
