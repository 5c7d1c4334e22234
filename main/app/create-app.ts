/**
 * The composition root: builds the store, vault, API factory and services from what the caller
 * hands in (Electron's or Node's) and wires them together. Wiring only: app and tray state live in
 * app-status.ts, settings in settings-editor.ts, the handler table in service-handlers.ts. Nothing
 * here imports Electron; the shell and the dev bridge both wrap this.
 */
import type { EventName, Events } from "../../shared/contract";
import { createApiFactory } from "@coop-tray/protocol";
import type { ApiFactory, ApiFactoryOptions } from "@coop-tray/protocol";
import { Accounts } from "../services/accounts";
import { Agendas } from "../services/agendas";
import { Clients } from "../services/clients";
import { systemClock, type Clock } from "../services/clock";
import { Connection } from "../services/connection";
import { Emitter } from "../services/emitter";
import type { AppEvents } from "../services/events";
import { FeedSync } from "../services/feeds";
import { collectFirstFrame } from "./first-frame";
import { Groups } from "../services/groups";
import { Outbox } from "../services/outbox";
import { Session } from "../services/session";
import { AppStore, type StoreBackendFactory } from "../services/store";
import { createVault, type Keychain } from "../services/vault";
import { AppStatus } from "./app-status";
import { DEFAULT_HARVEST_API_URL, HarvestV2Feature } from "./harvest-v2-feature";
import type { CoopTrayApp } from "./coop-tray-app";
import { serviceHandlers } from "./service-handlers";
import { SettingsEditor } from "./settings-editor";
import { APP_USER_AGENT } from "./user-agent";

export type { CoopTrayApp } from "./coop-tray-app";

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

export async function createApp(deps: AppDeps): Promise<CoopTrayApp> {
  const clock = deps.clock ?? systemClock;
  const store = AppStore.open(deps.openStoreBackend, { name: deps.storeName, now: () => clock.now() });
  const vault = createVault(deps.keychain);
  const factory =
    deps.apiFactory ??
    createApiFactory({ userAgent: APP_USER_AGENT, ...deps.api, now: deps.api?.now ?? (() => clock.now()) });
  const events = new Emitter<AppEvents>();
  const connection = new Connection(clock);
  connection.attach(factory);
  const session = new Session(store, vault, factory);
  const random = deps.random;
  const feeds = new FeedSync({ store, session, connection, clock, events, random });
  const outbox = new Outbox({ store, session, connection, clock, events, random, onSent: () => void feeds.syncNow() });
  const groups = new Groups({ store, session, connection, feeds, clock });
  const harvestV2: HarvestV2Feature = new HarvestV2Feature({
    store,
    vault,
    factory,
    clock,
    connection,
    apiUrl: deps.api?.harvestApiUrl ?? DEFAULT_HARVEST_API_URL,
    clientsApi: (): "v2" | "v1" | null => clients.kind(),
    postNote: (groupId, text) => outbox.post(groupId, text),
  });
  const clients: Clients = new Clients({ store, session, connection, clock, harvestV2: harvestV2.links });
  const forwarding = (["harvestV2Changed", "timersChanged", "runningTimer", "idlePrompt"] as const).map((name) =>
    harvestV2.on(name, (payload: unknown) => events.emit(name, payload as never)),
  );
  // Co-op shows members' timers as time entries: one started or stopped here belongs in the feed now,
  // not at the next poll.
  forwarding.push(harvestV2.on("runningTimer", () => void feeds.syncNow()));
  const agendas = new Agendas(session, connection);
  const status = new AppStatus({ store, connection, feeds, events, defaultServerUrl: deps.defaultServerUrl });
  const settings = new SettingsEditor({ store, session, feeds, changed: () => status.announceState() });
  let running = false;

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
        status.announceState();
        feeds.emitGroupsIfChanged(true);
        events.emit("outboxChanged", outbox.list());
        status.announceTray();
      },
    },
  });

  return {
    handlers: serviceHandlers({ status, accounts, groups, feeds, outbox, agendas, clients, settings, harvestV2 }),
    on: <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => events.on(event, listener),
    // A muted group's new statuses stay unread but raise no notification.
    onNewStatuses: (listener) =>
      events.on("newStatuses", (event) => {
        if (!store.doc.settings.mutedGroupIds.includes(event.groupId)) listener(event);
      }),
    firstFrame: () =>
      collectFirstFrame({
        state: () => status.state(),
        groups: () => feeds.summaries(),
        outbox: () => outbox.list(),
        cachedLatest: (groupId) => feeds.cachedLatest(groupId),
        shownGroupId: () => feeds.shownGroupId(),
        now: () => clock.now(),
      }),
    trayState: () => status.trayState(),
    onTrayState: (listener) => events.on("trayState", listener),
    windowShown() {
      if (store.doc.account) void feeds.syncNow();
      harvestV2.windowShown();
    },
    runningTimer: () => harvestV2.runningTimer,
    power: harvestV2.idle,
    async refreshAll() {
      if (!store.doc.account) return;
      await feeds.syncNow({ groups: true });
      outbox.kick();
    },
    async start() {
      running = true;
      harvestV2.start();
      if (store.doc.account) {
        feeds.start();
        outbox.start();
      }
      status.announce();
    },
    async stop() {
      running = false;
      harvestV2.dispose();
      for (const off of forwarding.splice(0)) off();
      await Promise.all([feeds.stop(), outbox.stop()]);
      // Listeners go with the services: nothing the services registered outlives stop().
      feeds.dispose();
      outbox.dispose();
      status.dispose();
      store.close();
      connection.detach();
      if (!deps.apiFactory) await factory.close();
    },
    addNotice: (message) => status.addNotice(message),
  };
}
