/**
 * The root: loads the app state, follows main's events, and routes between the views. Everything
 * about the signed-in account lives here so that signing out drops it all in one place.
 */
import type { JSX } from "preact";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { AppState, CoopApi, Events, GroupSummary } from "../shared/contract";
import type { AppError } from "../shared/errors";
import type { OutboxItem } from "../shared/contract";
import type { FirstFrame } from "../shared/first-frame";
import { ApiContext } from "./api-context";
import { prefetchFeed } from "./boot";
import { arrowTab, isMacPlatform, isTyping, keyCommand, type KeyCommand } from "./keyboard";
import { trackRefresh, useRefreshing } from "./refresh-state";
import { ErrorNotice } from "./components/error-notice";
import { GearIcon, RefreshIcon } from "./components/icons";
import { useHarvestV2 } from "./harvest-v2-state";
import { ConnectionBanner } from "./views/connection-banner";
import { FeedView } from "./views/feed";
import { SignInView } from "./views/sign-in";
import { lazyView, loadDeferred, preloadViews } from "./lazy-view";

// Everything but the feed and sign-in is in one chunk (renderer/deferred.ts), loaded once the feed has painted.
const AgendasView = lazyView(() => loadDeferred().then((m) => m.AgendasView));
const ClientsView = lazyView(() => loadDeferred().then((m) => m.ClientsView));
const TimersView = lazyView(() => loadDeferred().then((m) => m.TimersView));
const GroupsView = lazyView(() => loadDeferred().then((m) => m.GroupsView));
const SettingsView = lazyView(() => loadDeferred().then((m) => m.SettingsView));
const ShortcutsSheet = lazyView(() => loadDeferred().then((m) => m.ShortcutsSheet));
const IdlePromptDialog = lazyView(() => loadDeferred().then((m) => m.IdlePromptDialog));
const DEFERRED_VIEWS = [
  AgendasView,
  ClientsView,
  TimersView,
  GroupsView,
  SettingsView,
  ShortcutsSheet,
  IdlePromptDialog,
];

type ViewName = "feed" | "agenda" | "groups" | "clients" | "timers" | "settings";

const TABS: readonly { readonly view: Exclude<ViewName, "settings">; readonly label: string }[] = [
  { view: "feed", label: "Feed" },
  { view: "agenda", label: "Agenda" },
  { view: "groups", label: "Groups" },
  { view: "clients", label: "Clients" },
  { view: "timers", label: "Timers" },
];

const LAST_GROUP_KEY = "coop-tray:last-group";

function rememberedGroup(): number | null {
  try {
    const value = Number(localStorage.getItem(LAST_GROUP_KEY));
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

export interface AppProps {
  readonly api: CoopApi;
  /**
   * What main rendered the first frame from (shared/first-frame.ts): the first render starts from
   * it, so it matches the markup already on screen; the usual calls then bring it up to date.
   */
  readonly firstFrame?: FirstFrame | null;
}

export function App({ api, firstFrame = null }: AppProps): JSX.Element {
  const [state, setState] = useState<AppState | null>(firstFrame?.state ?? null);
  const [bootError, setBootError] = useState<AppError | null>(null);
  const [groups, setGroups] = useState<readonly GroupSummary[] | null>(firstFrame?.groups ?? null);
  const [groupsError, setGroupsError] = useState<AppError | null>(null);
  const [outbox, setOutbox] = useState<readonly OutboxItem[]>(firstFrame?.outbox ?? []);
  const [view, setView] = useState<ViewName>("feed");
  const harvestV2 = useHarvestV2(api);
  const [groupId, setGroupId] = useState<number | null>(() => {
    // The first frame shows the group main last showed; its cached feed is in hand already.
    if (firstFrame !== null) return firstFrame.groupId;
    const remembered = rememberedGroup();
    // Sent before the first render returns, beside getState and listGroups below.
    prefetchFeed(api, remembered);
    return remembered;
  });
  // The first frame's feed is for the feed view's first mount only: mounted again later (after
  // another tab), it must not start from data older than what the page has since been told.
  const firstFeed = useRef(firstFrame?.feed ?? null);
  useEffect(() => {
    firstFeed.current = null;
  }, []);
  const [feedUpdate, setFeedUpdate] = useState<Events["feedUpdated"] | null>(null);
  const [refreshTick, setRefreshTick] = useState(0);
  const [composerFocus, setComposerFocus] = useState(0);
  const accountKey = state?.account ? `${state.account.serverUrl}|${state.account.email}` : null;

  const loadState = useCallback(async () => {
    const result = await api.getState();
    if (result.ok) {
      setState(result.value);
      setBootError(null);
    } else setBootError(result.error);
  }, [api]);

  const loadGroups = useCallback(
    async (fromServer = false) => {
      const result = fromServer ? await api.refreshGroups() : await api.listGroups();
      if (result.ok) {
        setGroups(result.value);
        setGroupsError(null);
      } else setGroupsError(result.error);
    },
    [api],
  );

  // Preact runs effects after the first paint: the deferred views load while the user reads.
  useEffect(() => preloadViews(DEFERRED_VIEWS), []);

  useEffect(() => {
    // Ask for everything at once: a signed-in start needs no extra round trip before the feed.
    void loadState();
    void api.listGroups().then((result) => {
      if (!result.ok) return;
      // A first start has no remembered group: the first one's feed is the one to fetch now.
      if (rememberedGroup() === null) prefetchFeed(api, result.value[0]?.group.id ?? null);
      setGroups(result.value);
    });
    const offs = [
      api.on.stateChanged((next) => setState(next)),
      api.on.groupsChanged((next) => setGroups(next)),
      api.on.outboxChanged((next) => setOutbox(next)),
      api.on.feedUpdated((update) => setFeedUpdate(update)),
      api.on.openComposer(() => {
        setView("feed");
        setComposerFocus((n) => n + 1);
      }),
      api.on.navigate(({ view: target }) => setView(target)),
    ];
    return () => offs.forEach((off) => off());
  }, [api, loadState]);

  // A new account (or none): forget everything that belonged to the previous one.
  const previousAccount = useRef<string | null | undefined>(undefined);
  useLayoutEffect(() => {
    if (state === null) return;
    const first = previousAccount.current === undefined;
    previousAccount.current = accountKey;
    setGroupsError(null);
    if (!first) {
      setGroups(null);
      setOutbox([]);
    }
    if (accountKey === null) {
      setGroups(null);
      setView("feed");
      return;
    }
    if (!first) void loadGroups();
    void api.listOutbox().then((result) => result.ok && setOutbox(result.value));
  }, [accountKey, state === null, api, loadGroups]);

  // Keep the selection on a group that exists.
  useLayoutEffect(() => {
    if (!groups || groups.length === 0) return;
    if (groupId === null || !groups.some((g) => g.group.id === groupId)) setGroupId(groups[0]?.group.id ?? null);
  }, [groups, groupId]);

  useEffect(() => {
    if (groupId === null) return;
    try {
      localStorage.setItem(LAST_GROUP_KEY, String(groupId));
    } catch {
      // Storage can be unavailable; remembering the group is only a convenience.
    }
  }, [groupId]);

  const [helpOpen, setHelpOpen] = useState(false);
  // The keyboard commands (see keyboard.ts); the latest handlers, without re-subscribing each render.
  const commands = useRef<(command: KeyCommand) => void>(() => undefined);
  commands.current = (command) => {
    if (command.kind === "tab") setView(command.view);
    else if (command.kind === "refresh") refresh();
    else if (command.kind === "compose") {
      setView("feed");
      setComposerFocus((n) => n + 1);
    } else setHelpOpen(true);
  };
  const signedIn = state?.account != null;
  useEffect(() => {
    const mac = isMacPlatform();
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return;
      // Escape closes an open dialog first (the dialog's own cancel), then hides the tray window.
      if (event.key === "Escape") {
        if (!document.querySelector("dialog[open]")) void api.hideWindow();
        return;
      }
      if (!signedIn || document.querySelector("dialog[open]")) return;
      const command = keyCommand(event, mac, isTyping(event.target));
      if (command === null) return;
      // Ctrl/⌘+R would reload the page and Ctrl/⌘+N open a window: they are ours here.
      event.preventDefault();
      commands.current(command);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [api, signedIn]);

  const closeHelp = useCallback(() => setHelpOpen(false), []);
  const selected = useMemo(() => groups?.find((g) => g.group.id === groupId) ?? null, [groups, groupId]);

  /**
   * The header's Refresh, on every view: the views re-read what they show when the tick moves (the
   * feed, the agendas, the clients, the Harvest link); the state and the group list live here.
   */
  const refresh = (): void => {
    setRefreshTick((t) => t + 1);
    if (view === "settings") trackRefresh(loadState());
    // The groups themselves, or what a group-scoped view is waiting for (none loaded, a failed load).
    if (view === "groups" || groups === null || groups.length === 0 || groupsError !== null)
      trackRefresh(loadGroups(true));
  };
  const refreshing = useRefreshing();

  if (state === null) {
    return (
      <ApiContext.Provider value={api}>
        <main class="app app-center" aria-busy={bootError === null}>
          {bootError ? (
            <ErrorNotice error={bootError} onRetry={() => void loadState()} />
          ) : (
            <div class="spinner" role="status" aria-label="Loading" />
          )}
        </main>
      </ApiContext.Provider>
    );
  }

  if (state.account === null) {
    return (
      <ApiContext.Provider value={api}>
        <SignInView notices={state.notices} defaultServerUrl={state.defaultServerUrl ?? null} />
      </ApiContext.Provider>
    );
  }

  const groupScoped = view === "feed" || view === "agenda";
  const otherUnread = (groups ?? []).filter((g) => g.group.id !== groupId).reduce((sum, g) => sum + g.unread, 0);

  return (
    <ApiContext.Provider value={api}>
      <div class="app">
        <header class="titlebar">
          {groupScoped ? (
            <div class="group-switch">
              <label class="visually-hidden" for="group-select">
                Group
              </label>
              <select
                id="group-select"
                class="select select-title"
                value={groupId ?? ""}
                disabled={!groups || groups.length === 0}
                onChange={(e) => setGroupId(Number(e.currentTarget.value))}
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
          ) : (
            <h1 class="title">
              {{ settings: "Settings", groups: "Groups", timers: "Timers" }[view as string] ?? "Clients"}
            </h1>
          )}
          <div class="titlebar-actions">
            <button
              type="button"
              class={refreshing ? "icon-btn is-busy" : "icon-btn"}
              aria-label="Refresh"
              aria-busy={refreshing}
              title={refreshing ? "Refreshing…" : "Refresh"}
              onClick={refresh}
            >
              <RefreshIcon />
            </button>
            <button
              type="button"
              class={view === "settings" ? "icon-btn is-active" : "icon-btn"}
              aria-label="Settings"
              title="Settings"
              aria-current={view === "settings" ? "page" : undefined}
              onClick={() => setView("settings")}
            >
              <GearIcon />
            </button>
          </div>
        </header>
        <nav
          class="tabs"
          aria-label="Views"
          onKeyDown={(event) => {
            const from = TABS.find((t) => t.view === (event.target as HTMLElement).dataset["view"])?.view;
            const to = from ? arrowTab(event.key, from) : null;
            if (!to) return;
            event.preventDefault();
            setView(to);
            (event.currentTarget.querySelector(`[data-view="${to}"]`) as HTMLElement | null)?.focus();
          }}
        >
          {TABS.map((tab) => (
            <button
              key={tab.view}
              type="button"
              data-view={tab.view}
              class={view === tab.view ? "tab is-active" : "tab"}
              aria-current={view === tab.view ? "page" : undefined}
              aria-keyshortcuts={`${isMacPlatform() ? "Meta" : "Control"}+${TABS.indexOf(tab) + 1}`}
              onClick={() => setView(tab.view)}
            >
              {tab.label}
              {tab.view === "feed" && selected && selected.unread > 0 ? (
                <span class="tab-dot" aria-label={`${selected.unread} new`} />
              ) : null}
            </button>
          ))}
        </nav>
        <ConnectionBanner connection={state.connection} />
        {state.notices.length > 0 ? (
          <div class="banner banner-info" role="status">
            {state.notices.join(" ")}
          </div>
        ) : null}
        <main class="view" id="main">
          {groupsError && !groups && view !== "settings" && view !== "clients" && view !== "timers" ? (
            <div class="view-pad">
              <ErrorNotice
                error={groupsError}
                service="Co-op"
                onRetry={() => void loadGroups()}
                onSignIn={() => setView("settings")}
              />
            </div>
          ) : view === "feed" ? (
            <FeedView
              group={selected}
              groupsLoaded={groups !== null}
              outbox={outbox}
              feedUpdate={feedUpdate}
              refreshTick={refreshTick}
              composerFocus={composerFocus}
              connection={state.connection}
              account={state.account}
              onGoToGroups={() => setView("groups")}
              initialFeed={firstFeed.current}
            />
          ) : view === "agenda" ? (
            <AgendasView group={selected} refreshTick={refreshTick} online={state.connection.online} />
          ) : view === "groups" ? (
            <GroupsView
              groups={groups}
              account={state.account}
              online={state.connection.online}
              mutedGroupIds={state.settings.mutedGroupIds}
              onChanged={() => void loadGroups()}
              onOpen={(id) => {
                setGroupId(id);
                setView("feed");
              }}
            />
          ) : view === "clients" ? (
            <ClientsView
              account={state.account}
              connection={state.connection}
              refreshTick={refreshTick}
              onLink={() => setView("settings")}
              clientsApi={harvestV2.state?.clientsApi ?? null}
            />
          ) : view === "timers" ? (
            harvestV2.state ? (
              <TimersView
                harvest={harvestV2.state}
                refreshTick={refreshTick}
                groupId={selected?.group.id ?? null}
                groupName={selected?.group.name ?? null}
                onHarvestChanged={harvestV2.reload}
              />
            ) : (
              <div class="spinner" role="status" aria-label="Loading" />
            )
          ) : (
            <SettingsView
              state={state}
              refreshTick={refreshTick}
              unsentNotes={outbox.filter((item) => item.state !== "sent").length}
            />
          )}
        </main>
        {helpOpen ? <ShortcutsSheet onClose={closeHelp} /> : null}
        {harvestV2.prompt ? <IdlePromptDialog prompt={harvestV2.prompt} onClose={harvestV2.dismissPrompt} /> : null}
      </div>
    </ApiContext.Provider>
  );
}
