/** The tabs under the header; arrow keys, Home and End move between them. */
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
          onClick={() => model.show(tab.view)}
        >
          {tab.label}
          {tab.view === "feed" && selected && selected.unread > 0 ? (
            <span class="tab-dot" aria-label={`${selected.unread} new`} />
          ) : null}
        </button>
      ))}
    </nav>
  );
}
