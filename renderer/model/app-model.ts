/**
 * The renderer's state as one model: signals fed by main's events (subscribed once, in `start`), and
 * actions the views call. Views read the signals and call the actions; nothing about the account,
 * the groups or the selection is passed down as props or held in a component. Commands (Refresh,
 * open the composer) are actions, not counters: Refresh calls what the mounted views registered
 * with `onRefresh`; the composer takes a pending focus request once.
 *
 * Electron-free and DOM-free but for the optional storage, so tests build it over a fake `CoopApi`.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from "@preact/signals";
import type { Invitation } from "@coop-tray/protocol/models";
import type { AppState, CoopApi, Events, FeedQuery, FeedView, GroupSummary, OutboxItem } from "../../shared/contract";
import type { AppError, Result } from "../../shared/errors";
import type { FirstFrame } from "../../shared/first-frame";
import type { HarvestV2State, IdlePrompt } from "../../shared/harvest-v2-state";

export type ViewName = "feed" | "agenda" | "groups" | "clients" | "timers" | "settings";

/** What a view does on Refresh: a promise keeps the header's Refresh busy until it settles. */
export type RefreshWork = () => void | Promise<unknown>;

/** Where the last shown group is remembered between starts (localStorage in the page). */
export type GroupMemory = Pick<Storage, "getItem" | "setItem">;

export interface AppModelOptions {
  /** What main rendered the first frame from: the model starts from it (see shared/first-frame.ts). */
  readonly firstFrame?: FirstFrame | null;
  readonly storage?: GroupMemory | null;
}

export interface AppModel {
  readonly api: CoopApi;
  /** null until main's state is first read. */
  readonly state: ReadonlySignal<AppState | null>;
  /** Why the state could not be read (only before it ever was). */
  readonly bootError: ReadonlySignal<AppError | null>;
  /** null until read, and again after a change of account. */
  readonly groups: ReadonlySignal<readonly GroupSummary[] | null>;
  readonly groupsError: ReadonlySignal<AppError | null>;
  readonly outbox: ReadonlySignal<readonly OutboxItem[]>;
  readonly view: ReadonlySignal<ViewName>;
  /** The selected group's id: always one of `groups` once they are known. */
  readonly groupId: ReadonlySignal<number | null>;
  readonly selected: ReadonlySignal<GroupSummary | null>;
  /** The latest background sync that changed a feed (it carries the new view). */
  readonly feedUpdate: ReadonlySignal<Events["feedUpdated"] | null>;
  readonly harvestV2: ReadonlySignal<HarvestV2State | null>;
  readonly idlePrompt: ReadonlySignal<IdlePrompt | null>;
  readonly helpOpen: ReadonlySignal<boolean>;
  /** Work started by Refresh is still running. */
  readonly refreshing: ReadonlySignal<boolean>;
  /** The composer should take focus (the shortcut, the tray menu, Ctrl/⌘+N) and has not yet. */
  readonly composeRequested: ReadonlySignal<boolean>;
  /** The composer's unposted text per group id, kept by main across tabs and restarts. */
  readonly drafts: ReadonlySignal<ReadonlyMap<number, string>>;
  /** Invitations waiting for the signed-in user's answer (docs/coop-api.md §8.4); empty until read. */
  readonly invitations: ReadonlySignal<readonly Invitation[]>;

  /** Subscribes to main's events and reads what the start needs; returns the unsubscribe. */
  start(): () => void;
  loadState(): Promise<void>;
  /** The cached list, or (`fromServer`) Co-op's. */
  loadGroups(fromServer?: boolean): Promise<void>;
  reloadHarvestV2(): Promise<void>;
  /** Re-reads the pending invitations (read once per account and on Refresh; the Groups tab reads too). */
  loadInvitations(): Promise<void>;
  /** Answers one invitation, then re-reads the list whatever the answer was. */
  answerInvitation(invitationId: number, accept: boolean): Promise<Result<null>>;
  /** The header's Refresh: what the mounted views registered, every group, and the state on Settings. */
  refresh(): void;
  /** Registers what a mounted view re-reads on Refresh; returns the unregister. */
  onRefresh(work: RefreshWork): () => void;
  openComposer(): void;
  /** True once per request: the composer focuses itself when it takes one. */
  takeComposeRequest(): boolean;
  selectGroup(groupId: number): void;
  /** Sets a group's draft at once here; main keeps it shortly after typing pauses. */
  setDraft(groupId: number, text: string): void;
  /** Hands main every draft typed since the last save now (a group switch, the composer closing). */
  flushDrafts(): void;
  show(view: ViewName): void;
  /** Forgets everything that belonged to the account (on sign-out or a change of account). */
  reset(): void;
  setHelpOpen(open: boolean): void;
  dismissIdlePrompt(): void;
  /** The first frame's feed, for the feed view's first mount only; null afterwards. */
  takeFirstFeed(groupId: number | null): FeedView | null;
  /** The cached feed asked for at the start, for exactly this query, once; null otherwise. */
  takePrefetchedFeed(query: FeedQuery): Promise<Result<FeedView>> | null;
}

const LAST_GROUP_KEY = "coop-tray:last-group";
/** A draft goes to main once typing pauses this long: not a call per keystroke. */
export const DRAFT_SAVE_DELAY_MS = 400;

function pageStorage(): GroupMemory | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

const accountKeyOf = (state: AppState): string | null =>
  state.account ? `${state.account.serverUrl}|${state.account.email}` : null;

export function createAppModel(api: CoopApi, options: AppModelOptions = {}): AppModel {
  const firstFrame = options.firstFrame ?? null;
  const storage = options.storage === undefined ? pageStorage() : options.storage;

  const rememberedGroup = (): number | null => {
    try {
      const value = Number(storage?.getItem(LAST_GROUP_KEY));
      return Number.isSafeInteger(value) && value > 0 ? value : null;
    } catch {
      return null;
    }
  };

  const state = signal<AppState | null>(firstFrame?.state ?? null);
  const bootError = signal<AppError | null>(null);
  const groups = signal<readonly GroupSummary[] | null>(firstFrame?.groups ?? null);
  const groupsError = signal<AppError | null>(null);
  const outbox = signal<readonly OutboxItem[]>(firstFrame?.outbox ?? []);
  const view = signal<ViewName>("feed");
  // The first frame shows the group main last showed; otherwise the one this page showed last.
  const groupId = signal<number | null>(firstFrame !== null ? firstFrame.groupId : rememberedGroup());
  const selected = computed(() => groups.value?.find((g) => g.group.id === groupId.value) ?? null);
  const feedUpdate = signal<Events["feedUpdated"] | null>(null);
  const harvestV2 = signal<HarvestV2State | null>(null);
  const idlePrompt = signal<IdlePrompt | null>(null);
  const helpOpen = signal(false);
  const running = signal(0);
  const refreshing = computed(() => running.value > 0);
  const composeRequested = signal(false);
  const drafts = signal<ReadonlyMap<number, string>>(new Map());
  const invitations = signal<readonly Invitation[]>([]);
  const unsavedDrafts = new Set<number>();
  let draftTimer: ReturnType<typeof setTimeout> | null = null;
  const refreshers = new Set<RefreshWork>();
  let firstFeed = firstFrame?.feed ?? null;
  // Before, the feed was asked for only after the state and the groups had arrived and rendered (two
  // round trips in series); asked for at the start, the cached feed is usually in hand at mount.
  let prefetched: { readonly query: FeedQuery; readonly result: Promise<Result<FeedView>> } | null = null;
  const prefetchFeed = (id: number | null): void => {
    if (id === null) return;
    const query: FeedQuery = { groupId: id, date: null, userId: null };
    prefetched = { query, result: api.getFeed(query) };
  };
  // undefined: no state seen yet; then the account the state was last about (null: signed out).
  let accountKey: string | null | undefined = undefined;

  /** Keeps the selection on a group that exists. */
  function keepSelection(): void {
    const list = groups.peek();
    if (!list || list.length === 0) return;
    const id = groupId.peek();
    if (id === null || !list.some((g) => g.group.id === id)) groupId.value = list[0]?.group.id ?? null;
  }

  function setGroups(list: readonly GroupSummary[] | null): void {
    batch(() => {
      groups.value = list;
      keepSelection();
    });
  }

  function reset(): void {
    batch(() => {
      groups.value = null;
      groupsError.value = null;
      outbox.value = [];
      feedUpdate.value = null;
      idlePrompt.value = null;
      helpOpen.value = false;
      composeRequested.value = false;
      drafts.value = new Map();
      invitations.value = [];
    });
    unsavedDrafts.clear();
    if (draftTimer !== null) clearTimeout(draftTimer);
    draftTimer = null;
  }

  function flushDrafts(): void {
    if (draftTimer !== null) clearTimeout(draftTimer);
    draftTimer = null;
    const current = drafts.peek();
    for (const id of unsavedDrafts) void api.saveDraft({ groupId: id, text: current.get(id) ?? "" });
    unsavedDrafts.clear();
  }

  function setDraft(id: number, text: string): void {
    const next = new Map(drafts.peek());
    if (text === "") next.delete(id);
    else next.set(id, text);
    drafts.value = next;
    unsavedDrafts.add(id);
    if (draftTimer !== null) clearTimeout(draftTimer);
    draftTimer = setTimeout(flushDrafts, DRAFT_SAVE_DELAY_MS);
  }

  /** A new state: a new account (or none) drops everything that belonged to the previous one. */
  function applyState(next: AppState): void {
    const key = accountKeyOf(next);
    const first = accountKey === undefined;
    const changed = !first && key !== accountKey;
    accountKey = key;
    batch(() => {
      state.value = next;
      if (first) groupsError.value = null;
      if (changed) reset();
      if (key === null) {
        groups.value = null;
        invitations.value = [];
        view.value = "feed";
      }
    });
    if (key === null || !(first || changed)) return;
    if (changed) void loadGroups();
    void loadInvitations();
    void api.listOutbox().then((result) => {
      if (result.ok && accountKey === key) outbox.value = result.value;
    });
    void api.listDrafts().then((result) => {
      if (!result.ok || accountKey !== key) return;
      // What was typed while the answer travelled wins over what main had kept.
      const typed = drafts.peek();
      drafts.value = new Map([...result.value.map((d) => [d.groupId, d.text] as const), ...typed]);
    });
  }

  async function loadState(): Promise<void> {
    const result = await api.getState();
    if (result.ok) {
      bootError.value = null;
      applyState(result.value);
    } else bootError.value = result.error;
  }

  async function loadGroups(fromServer = false): Promise<void> {
    const key = accountKey;
    const result = fromServer ? await api.refreshGroups() : await api.listGroups();
    // An answer about the account signed out meanwhile is not about this one.
    if (accountKey !== key) return;
    if (result.ok) {
      batch(() => {
        setGroups(result.value);
        groupsError.value = null;
      });
    } else groupsError.value = result.error;
  }

  async function loadInvitations(): Promise<void> {
    const key = accountKey;
    const result = await api.listInvitations();
    // A failed read keeps what was known: the badge does not flicker away while offline.
    if (result.ok && key && accountKey === key) invitations.value = result.value;
  }

  async function answerInvitation(invitationId: number, accept: boolean): Promise<Result<null>> {
    const result = await api.answerInvitation({ invitationId, accept });
    await loadInvitations();
    return result;
  }

  async function reloadHarvestV2(): Promise<void> {
    const result = await api.getHarvestV2();
    if (result.ok) harvestV2.value = result.value;
  }

  function track(work: Promise<unknown>): void {
    running.value++;
    void work.finally(() => running.value--);
  }

  function show(next: ViewName): void {
    view.value = next;
  }

  function openComposer(): void {
    batch(() => {
      view.value = "feed";
      composeRequested.value = true;
    });
  }

  function start(): () => void {
    if (firstFrame === null) prefetchFeed(groupId.peek());
    // Ask for everything at once: a signed-in start needs no extra round trip before the feed.
    // Started from the first frame, the state is in hand already: its account's outbox is read now.
    const initial = state.peek();
    if (initial !== null) applyState(initial);
    void loadState();
    void api.listGroups().then((result) => {
      if (!result.ok) return;
      // A first start has no remembered group: the first one's feed is the one to fetch now.
      if (rememberedGroup() === null) prefetchFeed(result.value[0]?.group.id ?? null);
      setGroups(result.value);
    });
    void reloadHarvestV2();
    const offs = [
      api.on.stateChanged(applyState),
      api.on.groupsChanged(setGroups),
      api.on.outboxChanged((next) => (outbox.value = next)),
      api.on.invitationsChanged(() => void loadInvitations()),
      api.on.feedUpdated((update) => (feedUpdate.value = update)),
      api.on.openComposer(openComposer),
      api.on.navigate(({ view: target }) => show(target)),
      api.on.harvestV2Changed((next) => (harvestV2.value = next)),
      api.on.idlePrompt((next) => (idlePrompt.value = next)),
      effect(() => {
        const id = groupId.value;
        if (id === null) return;
        try {
          storage?.setItem(LAST_GROUP_KEY, String(id));
        } catch {
          // Storage can be unavailable; remembering the group is only a convenience.
        }
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  return {
    api,
    state,
    bootError,
    groups,
    groupsError,
    outbox,
    view,
    groupId,
    selected,
    feedUpdate,
    harvestV2,
    idlePrompt,
    helpOpen,
    refreshing,
    composeRequested,
    drafts,
    invitations,
    start,
    loadState,
    loadGroups,
    reloadHarvestV2,
    loadInvitations,
    answerInvitation,
    refresh() {
      const current = view.peek();
      const work = [...refreshers].map((run) => run());
      if (current === "settings") work.push(loadState());
      // Everything, not only what is open: the group list and every group's feed (main syncs them all).
      if (state.peek()?.account) work.push(loadGroups(true), loadInvitations());
      for (const item of work) if (item instanceof Promise) track(item);
    },
    onRefresh(work) {
      refreshers.add(work);
      return () => void refreshers.delete(work);
    },
    openComposer,
    takeComposeRequest() {
      if (!composeRequested.peek()) return false;
      composeRequested.value = false;
      return true;
    },
    selectGroup(id) {
      batch(() => {
        groupId.value = id;
        keepSelection();
      });
    },
    setDraft,
    flushDrafts,
    show,
    reset,
    setHelpOpen(open) {
      helpOpen.value = open;
    },
    dismissIdlePrompt() {
      idlePrompt.value = null;
    },
    takeFirstFeed(id) {
      const feed = firstFeed;
      firstFeed = null;
      return feed !== null && feed.query.groupId === id ? feed : null;
    },
    takePrefetchedFeed(query) {
      const held = prefetched;
      prefetched = null;
      if (held === null) return null;
      const q = held.query;
      return q.groupId === query.groupId && q.date === query.date && q.userId === query.userId ? held.result : null;
    },
  };
}
