/**
 * The composition root: builds the store, vault, API factory and services (the Harvest account's timers
 * and idle watcher too) from what the caller hands in, and wires them onto one emitter. Wiring only: app
 * and tray state live in app-status.ts, settings in settings-editor.ts, the handler table in
 * service-handlers.ts. No Electron here; the shell and the dev bridge both wrap this.
 */
import type { EventName, Events } from "../../shared/contract";
import { createApiFactory } from "@coop-tray/protocol";
import { Accounts } from "../services/accounts";
import { Agendas } from "../services/agendas";
import { Clients } from "../services/clients";
import { systemClock } from "../services/clock";
import { Connection } from "../services/connection";
import { Emitter } from "../services/emitter";
import type { AppEvents } from "../services/events";
import { FeedSync } from "../services/feeds";
import { Groups } from "../services/groups";
import { Invitations } from "../services/invitations";
import { LiveFeed } from "../services/live-feed";
import { harvestState } from "../services/harvest-calls";
import { DEFAULT_HARVEST_API_URL, HarvestV2Links } from "../services/harvest-v2-link";
import { IdleWatcher } from "../services/idle";
import { Outbox } from "../services/outbox";
import { Session } from "../services/session";
import { AppStore } from "../services/store";
import { TimerPoll } from "../services/timer-poll";
import { Timers } from "../services/timers";
import { createVault } from "../services/vault";
import { accountLifecycle, wireTimers } from "./account-lifecycle";
import type { AppDeps } from "./app-deps";
import { AppStatus } from "./app-status";
import type { CoopTrayApp } from "./coop-tray-app";
import { appFirstFrame } from "./first-frame";
import { serviceHandlers } from "./service-handlers";
import { SettingsEditor } from "./settings-editor";
import { APP_USER_AGENT } from "./user-agent";

export type { CoopTrayApp } from "./coop-tray-app";
export type { AppDeps } from "./app-deps";

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
  const apiUrl = deps.api?.harvestApiUrl ?? DEFAULT_HARVEST_API_URL;
  const links = new HarvestV2Links({ store, vault, factory, clock, apiUrl });
  const session = new Session(store, vault, factory, links);
  const random = deps.random;
  const feeds = new FeedSync({ store, session, connection, clock, events, random });
  const outbox = new Outbox({ store, session, connection, clock, events, random, onSent: () => void feeds.syncNow() });
  const live = new LiveFeed({ store, vault, feeds, events, userAgent: APP_USER_AGENT.coop, ...deps.live });
  const groups = new Groups({ store, session, connection, feeds, clock });
  const invitations = new Invitations({ session, connection, feeds });
  const clients = new Clients({ store, session, connection, clock });
  const timers = new Timers({ account: () => session.harvestAccount(), store, clock, connection });
  const runningEntry = (): number | null => timers.running?.entryId ?? null;
  const runningSince = (): number | null => timers.runningSince;
  const idle = new IdleWatcher(clock, () => store.doc.settings, runningEntry, runningSince);
  const harvestChanged = (): void => events.emit("harvestV2Changed", harvestState(session, links));
  const poll = new TimerPoll({ clock, links, timers, refreshed: harvestChanged });
  const agendas = new Agendas(session, connection);
  const status = new AppStatus({ store, connection, feeds, events, defaultServerUrl: deps.defaultServerUrl });
  const settings = new SettingsEditor({ store, session, feeds, changed: () => status.announceState() });
  let running = false;
  const wiring = wireTimers({ timers, idle, events, feeds, session });

  const lifecycle = accountLifecycle({
    running: () => running,
    ...{ feeds, outbox, poll, timers, live, status },
    announce: () => {
      events.emit("outboxChanged", outbox.list());
      harvestChanged();
    },
  });
  const accounts = new Accounts({ store, session, vault, factory, connection, lifecycle, notify: status.addNotice });
  const harvest = { session, links, timers, idle, poll, clock, changed: harvestChanged };

  return {
    handlers: serviceHandlers({
      status,
      accounts,
      groups,
      invitations,
      feeds,
      outbox,
      agendas,
      clients,
      settings,
      harvest,
      share: { timers, feeds, outbox },
    }),
    on: <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => events.on(event, listener),
    // A muted group's new statuses stay unread but raise no notification.
    onNewStatuses: (listener) =>
      events.on("newStatuses", (event) => {
        if (!store.doc.settings.mutedGroupIds.includes(event.groupId)) listener(event);
      }),
    firstFrame: () => appFirstFrame({ status, feeds, outbox, clock }),
    // The store holds the cached data; the connection and notices reach the frame as stateChanged.
    onFirstFrameChange(listener) {
      const offs = [store.onChange(listener), events.on("stateChanged", () => listener())];
      return () => offs.forEach((off) => off());
    },
    trayState: () => status.trayState(),
    onTrayState: (listener) => events.on("trayState", listener),
    windowShown() {
      if (store.doc.account) void feeds.syncNow();
      poll.now();
    },
    runningTimer: () => timers.running,
    liveState: () => live.state,
    power: idle,
    async refreshAll() {
      if (!store.doc.account) return;
      await feeds.syncNow({ groups: true });
      outbox.kick();
    },
    async start() {
      running = true;
      poll.start();
      if (store.doc.account) {
        feeds.start();
        outbox.start();
        void live.start();
      }
      status.announce();
    },
    async stop() {
      running = false;
      poll.stop();
      live.stop();
      for (const off of wiring.splice(0)) off();
      await Promise.all([feeds.stop(), outbox.stop()]);
      // Listeners go with the services: nothing the services registered outlives stop().
      feeds.dispose();
      outbox.dispose();
      status.dispose();
      store.close();
      connection.detach();
      if (!deps.apiFactory) await factory.close();
    },
    addNotice: status.addNotice,
  };
}
