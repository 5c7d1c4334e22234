/**
 * The one app interface: what `createApp` builds and what the shell (and the dev bridge) drive. The
 * services answer the service calls; window calls are the shell's own and never reach here.
 */
import type { FirstFrame } from "../../shared/first-frame";
import type { EventName, Events, ServiceHandlers, Unsubscribe } from "../../shared/contract";
import type { RunningTimer } from "../../shared/harvest-v2-state";
import type { NewStatusesEvent, TrayState } from "../services/events";
import type { LiveState } from "@coop-tray/protocol/event-stream";

/** What the shell feeds from Electron's powerMonitor (main/shell/power-monitor.ts). */
export interface PowerSink {
  observeIdle(idleSeconds: number): void;
  suspended(): void;
  resumed(): void;
}

export interface CoopTrayApp {
  readonly handlers: ServiceHandlers;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
  /** Statuses by others that just arrived (never the user's own), for native notifications. */
  onNewStatuses(listener: (event: NewStatusesEvent) => void): Unsubscribe;
  /** What the popup's first frame shows (index.html is rendered with it), or null: see first-frame.ts. */
  firstFrame(): Promise<FirstFrame | null>;
  /** Calls `listener` whenever what `firstFrame()` answers may have changed (the store, the app's state). */
  onFirstFrameChange(listener: () => void): Unsubscribe;
  trayState(): TrayState;
  onTrayState(listener: (state: TrayState) => void): Unsubscribe;
  /** The window just opened: sync now. */
  windowShown(): void;
  /** Tray menu "Refresh". */
  refreshAll(): Promise<void>;
  /** Resumes the outbox and polling if signed in. */
  start(): Promise<void>;
  /** Timers off, listeners removed, connections closed; nothing lost. */
  stop(): Promise<void>;
  /** A one-off message for the user in `AppState.notices`. */
  addNotice(message: string): void;
  /** The running Harvest timer for the tray (also announced as the `runningTimer` event). */
  runningTimer(): RunningTimer | null;
  /** The live feed's subscription (`docs/coop-api.md §15`): "connected" while the server streams events. */
  liveState(): LiveState;
  /** Idle time and sleep, for the question about a running timer. */
  readonly power: PowerSink;
}
