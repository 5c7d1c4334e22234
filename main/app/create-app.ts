/**
 * The composition root: builds the store, vault, API factory and services from what the caller
 * hands in (Electron's or Node's), and exposes the contract's handlers plus what the tray needs.
 * Nothing here imports Electron; the shell and the browser bridge both wrap this.
 */
import type { AppState, CallHandlers, EventName, Events, Settings } from "../../shared/contract";
import { err, ok, type AppError, type Result } from "../../shared/errors";
import { createApiFactory } from "../api/index";
import type { ApiFactory, ApiFactoryOptions } from "../api/types";
import { Accounts } from "../services/accounts";
import { Agendas } from "../services/agendas";
import { Clients } from "../services/clients";
import { systemClock, type Clock } from "../services/clock";
import { Connection } from "../services/connection";
import { Emitter } from "../services/emitter";
import type { AppEvents, NewStatusesEvent, TrayState } from "../services/events";
import { FeedSync } from "../services/feeds";
import { Groups } from "../services/groups";
import { Outbox } from "../services/outbox";
import { Session, summarize } from "../services/session";
import { AppStore, StoreWriteError, writeFailureMessage, type StoreBackendFactory } from "../services/store";
import { settingsSchema } from "../services/store-schema";
import { createVault, type Keychain } from "../services/vault";

export type { Clock } from "../services/clock";
export type { TrayState } from "../services/events";

export interface AppDeps {
  /** The store file (`openNodeStore(<folder>)`: the user-data folder in the shell). */
  openStoreBackend: StoreBackendFactory;
  /** keytar, or null when unavailable: then every password operation fails with `keychain`. */
  keychain: Keychain | null;
  /** e.g. `{ harvestUrlTemplate }` pointing at the sandbox. */
  api?: ApiFactoryOptions;
  /** A ready factory instead of one built from `api` (tests wrap one to observe calls). */
  apiFactory?: ApiFactory;
  clock?: Clock;
  /** Pre-filled in the sign-in form (the sandbox's URL in preview and demo). */
  defaultServerUrl?: string;
  /** The store file's name (without extension). */
  storeName?: string;
  /** For backoff jitter; tests pin it. */
  random?: () => number;
}

export interface CoopTrayApp {
  readonly handlers: CallHandlers;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Statuses by others that just arrived (never the user's own), for native notifications. */
  onNewStatuses(listener: (e: NewStatusesEvent) => void): () => void;
  trayState(): TrayState;
  onTrayState(listener: (state: TrayState) => void): () => void;
  /** The window just opened: sync now. */
  windowShown(): void;
  /** Tray menu "Refresh". */
  refreshAll(): Promise<void>;
  /** Resumes the outbox and polling if signed in. */
  start(): Promise<void>;
  /** Timers off, connections closed; nothing lost. */
  stop(): Promise<void>;
  /** A one-off message for the user in `AppState.notices`. */
  addNotice(message: string): void;
}

export async function createApp(deps: AppDeps): Promise<CoopTrayApp> {
  const clock = deps.clock ?? systemClock;
  const store = AppStore.open(deps.openStoreBackend, { name: deps.storeName, now: () => clock.now() });
  const vault = createVault(deps.keychain);
  const factory = deps.apiFactory ?? createApiFactory({ ...deps.api, now: deps.api?.now ?? (() => clock.now()) });
  const events = new Emitter<AppEvents>();
  const connection = new Connection(clock);
  connection.attach(factory);
  const session = new Session(store, vault, factory);
  const feeds = new FeedSync({ store, session, connection, clock, events, random: deps.random });
  const outbox = new Outbox({ store, session, connection, clock, events, random: deps.random, onSent: () => void feeds.syncNow() });
  const groups = new Groups({ store, session, connection, feeds, clock });
  const clients = new Clients({ store, session, connection, clock });
  const agendas = new Agendas(session, connection);
  const notices: string[] = [...store.notices];
  let running = false;

  const state = (): AppState => ({
    account: store.doc.account ? summarize(store.doc.account) : null,
    connection: connection.state(),
    settings: store.doc.settings,
    notices: [...notices],
    ...(deps.defaultServerUrl ? { defaultServerUrl: deps.defaultServerUrl } : {}),
  });

  let lastState = "";
  const emitState = (): void => {
    const next = state();
    const signature = JSON.stringify(next);
    if (signature === lastState) return;
    lastState = signature;
    events.emit("stateChanged", next);
  };

  let lastTray: TrayState | null = null;
  const trayState = (): TrayState => {
    if (!store.doc.account) return "normal";
    if (!connection.isOnline) return "offline";
    if (connection.isThrottled()) return "throttled";
    return feeds.totalUnread() > 0 ? "unread" : "normal";
  };
  const emitTray = (): void => {
    const next = trayState();
    if (next === lastTray) return;
    lastTray = next;
    events.emit("trayState", next);
  };

  connection.on("changed", () => {
    emitState();
    emitTray();
  });
  events.on("groupsChanged", () => emitTray());

  const accounts = new Accounts({
    store,
    session,
    vault,
    factory,
    connection,
    lifecycle: {
      async stopAccount() {
        await Promise.all([feeds.stop(), outbox.stop()]);
      },
      startAccount() {
        if (!running) return;
        feeds.start();
        outbox.start();
      },
      accountChanged() {
        emitState();
        feeds.emitGroupsIfChanged(true);
        events.emit("outboxChanged", outbox.list());
        emitTray();
      },
    },
  });

  const updateSettings = (patch: Partial<Settings>): Result<Settings> => {
    const merged = settingsSchema.safeParse({ ...store.doc.settings, ...definedOnly(patch) });
    if (!merged.success) {
      const issues = merged.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message}`);
      return err({ kind: "invalidInput", message: "Some settings are not valid.", issues });
    }
    const before = store.doc.settings;
    store.commit((doc) => ({ ...doc, settings: merged.data }));
    if (before.format !== merged.data.format) session.invalidate();
    if (before.pollIntervalSeconds !== merged.data.pollIntervalSeconds) feeds.intervalChanged();
    emitState();
    return ok(merged.data);
  };

  const signedIn = (): Result<null> => (store.doc.account ? ok(null) : err({ kind: "signedOut", message: "Sign in to a Co-op server first." }));

  const handlers: CallHandlers = guard({
    getState: async () => ok(state()),
    signIn: (input) => accounts.signIn(input),
    signOut: () => accounts.signOut(),

    getHarvestCredential: () => accounts.getHarvestCredential(),
    linkHarvest: (login) => accounts.linkHarvest(login),
    updateHarvest: (login) => accounts.updateHarvest(login),
    unlinkHarvest: () => accounts.unlinkHarvest(),
    verifyHarvest: () => accounts.verifyHarvest(),

    listGroups: () => groups.list(),
    refreshGroups: () => groups.list({ force: true }),
    createGroup: (input) => groups.create(input),
    updateGroup: (input) => groups.update(input),
    changeGroupOwner: ({ groupId, newOwnerId }) => groups.changeOwner(groupId, newOwnerId),
    deleteGroup: ({ groupId }) => groups.remove(groupId),
    listMembers: ({ groupId }) => groups.members(groupId),

    getFeed: (query) => feeds.getFeed(query),
    refreshFeed: (query) => feeds.refreshFeed(query),
    markSeen: async ({ groupId }) => {
      const check = signedIn();
      if (!check.ok) return check;
      feeds.markSeen(groupId);
      return ok(null);
    },

    postNote: async ({ groupId, text }) => outbox.post(groupId, text),
    listOutbox: async () => {
      const check = signedIn();
      return check.ok ? ok(outbox.list()) : check;
    },
    retryNote: async ({ id }) => outbox.retry(id),
    editNote: async ({ id, text }) => outbox.edit(id, text),
    discardNote: async ({ id }) => outbox.discard(id),

    getAgendas: ({ groupId }) => agendas.get(groupId),
    updateGroupAgenda: ({ groupId, agenda }) => agendas.updateGroup(groupId, agenda),
    updateMyAgenda: ({ groupId, agenda }) => agendas.updateMine(groupId, agenda),

    listClients: ({ refresh }) => clients.list(refresh),
    createClient: (fields) => clients.create(fields),
    updateClient: ({ id, ...fields }) => clients.update(id, fields),
    toggleClient: ({ id }) => clients.toggle(id),
    deleteClient: ({ id }) => clients.remove(id),
    listContacts: ({ clientId }) => clients.contacts(clientId),

    getSettings: async () => ok(store.doc.settings),
    updateSettings: async (patch) => updateSettings(patch),

    // The shell replaces these three; in Node they only check their input (there is no global shortcut to pause).
    openExternal: async ({ url }) => (isHttpUrl(url) ? ok(null) : err(invalidInput("Only http and https links can be opened."))),
    hideWindow: async () => ok(null),
    pauseGlobalShortcut: async () => ok(null),
  });

  return {
    handlers,
    on: (event, listener) => events.on(event, listener as (payload: AppEvents[typeof event]) => void),
    onNewStatuses: (listener) => events.on("newStatuses", listener),
    trayState,
    onTrayState: (listener) => events.on("trayState", listener),
    windowShown() {
      if (store.doc.account) void feeds.syncNow();
    },
    async refreshAll() {
      if (!store.doc.account) return;
      await feeds.syncNow({ groups: true });
      outbox.kick();
    },
    async start() {
      running = true;
      if (store.doc.account) {
        feeds.start();
        outbox.start();
      }
      emitState();
      emitTray();
    },
    async stop() {
      running = false;
      await Promise.all([feeds.stop(), outbox.stop()]);
      store.close();
      connection.detach();
      if (!deps.apiFactory) await factory.close();
    },
    addNotice(message: string) {
      notices.push(message);
      emitState();
    },
  };
}

/** Every handler resolves to a Result: an exception (a bug) becomes `internal`, never a throw. */
function guard(handlers: CallHandlers): CallHandlers {
  const wrapped: Record<string, (args: never) => Promise<Result<unknown>>> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (args: never) => Promise<Result<unknown>>][]) {
    wrapped[name] = async (args: never) => {
      try {
        return await handler(args);
      } catch (error) {
        if (error instanceof StoreWriteError) return err({ kind: "internal", message: writeFailureMessage(error, "the change") });
        console.error(`handler ${name} failed:`, error instanceof Error ? error.name : typeof error);
        return err({ kind: "internal", message: `Something went wrong while handling "${name}". Please try again.` });
      }
    };
  }
  return wrapped as unknown as CallHandlers;
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function invalidInput(message: string): AppError {
  return { kind: "invalidInput", message, issues: [message] };
}
