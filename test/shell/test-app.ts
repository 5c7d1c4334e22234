/**
 * A small services object for the shell tests: handlers the test controls (recording their
 * arguments), and the events a real app emits. The shell under test wraps these in the real
 * dispatcher; what is asserted is the shell's wiring, not these answers.
 */
import { DEFAULT_SETTINGS, SERVICE_CALL_NAMES } from "../../shared/contract";
import type { FirstFrame } from "../../shared/first-frame";
import type {
  AppState,
  EventName,
  Events,
  ServiceCallName,
  ServiceHandlers,
  Settings,
  Unsubscribe,
} from "../../shared/contract";
import { ok } from "../../shared/errors";
import type { Result } from "../../shared/errors";
import type { CoopTrayApp } from "../../main/app/coop-tray-app";
import type { NewStatusesEvent, TrayState } from "../../main/services/events";
import type { RunningTimer } from "../../shared/harvest-v2-state";

type Handler = (args: unknown) => Promise<Result<unknown>>;

export interface TestApp extends CoopTrayApp {
  readonly received: Array<{ readonly name: ServiceCallName; readonly args: unknown }>;
  readonly notices: string[];
  readonly counts: { windowShown: number; refreshAll: number; start: number; stop: number };
  /** What the shell forwarded from powerMonitor, in order. */
  readonly powerEvents: string[];
  running: RunningTimer | null;
  /** What `firstFrame()` answers. */
  firstFrameData: FirstFrame | null;
  /** What the store's change would announce: the first frame may differ. */
  firstFrameChanged(): void;
  state: AppState;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  emitNewStatuses(batch: NewStatusesEvent): void;
  setTrayState(state: TrayState): void;
  listenerCount(): number;
}

export function appState(settings: Partial<Settings> = {}, userId: number | null = 21): AppState {
  return {
    account: {
      serverUrl: "http://127.0.0.1:1",
      email: "basil@fawltytowers.com",
      userId,
      signedInWith: "token",
      name: "Basil Fawlty",
      harvest: null,
    },
    connection: {
      online: true,
      coopThrottle: { lockedUntil: null, queued: 0 },
      harvestThrottle: { lockedUntil: null, queued: 0 },
      lastSyncedAt: null,
    },
    settings: { ...DEFAULT_SETTINGS, ...settings },
    notices: [],
  };
}

export function createTestApp(
  options: { state?: AppState; overrides?: Partial<Record<ServiceCallName, Handler>> } = {},
): TestApp {
  const received: TestApp["received"] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const listen = (key: string, listener: (payload: unknown) => void): Unsubscribe => {
    const set = listeners.get(key) ?? new Set();
    listeners.set(key, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  const fire = (key: string, payload: unknown): void => {
    for (const listener of [...(listeners.get(key) ?? [])]) listener(payload);
  };
  let trayState: TrayState = "normal";
  const notices: string[] = [];
  const counts = { windowShown: 0, refreshAll: 0, start: 0, stop: 0 };
  const powerEvents: string[] = [];

  const handlers: Record<string, Handler> = {};
  const app: TestApp = {
    handlers: handlers as unknown as ServiceHandlers,
    received,
    notices,
    counts,
    state: options.state ?? appState(),
    on: (event, listener) => listen(`event:${event}`, listener as (payload: unknown) => void),
    onNewStatuses: (listener) => listen("newStatuses", listener as (payload: unknown) => void),
    firstFrame: async () => app.firstFrameData,
    firstFrameData: null,
    onFirstFrameChange: (listener) => listen("firstFrameChange", listener),
    firstFrameChanged: () => fire("firstFrameChange", null),
    trayState: () => trayState,
    onTrayState: (listener) => listen("trayState", listener as (payload: unknown) => void),
    windowShown: () => void (counts.windowShown += 1),
    refreshAll: async () => void (counts.refreshAll += 1),
    start: async () => void (counts.start += 1),
    stop: async () => void (counts.stop += 1),
    addNotice: (message: string) => void notices.push(message),
    powerEvents,
    running: null,
    runningTimer: () => app.running,
    liveState: () => "stopped",
    power: {
      observeIdle: (seconds) => void powerEvents.push(`idle ${seconds}`),
      suspended: () => void powerEvents.push("suspend"),
      resumed: () => void powerEvents.push("resume"),
    },
    emit: (event, payload) => fire(`event:${event}`, payload),
    emitNewStatuses: (batch) => fire("newStatuses", batch),
    setTrayState: (state) => {
      trayState = state;
      fire("trayState", state);
    },
    listenerCount: () => [...listeners.values()].reduce((total, set) => total + set.size, 0),
  };
  for (const name of SERVICE_CALL_NAMES) {
    handlers[name] = async (args) => {
      received.push({ name, args });
      const override = options.overrides?.[name];
      if (override) return override(args);
      if (name === "getState") return ok(app.state);
      if (name === "getSettings") return ok(app.state.settings);
      return ok(null);
    };
  }
  return app;
}
