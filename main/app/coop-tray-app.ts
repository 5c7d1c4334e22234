/**
 * The one app interface: what `createApp` builds and what the shell (and the dev bridge) drive. The
 * services answer the service calls; window calls are the shell's own and never reach here.
 */
import type { EventName, Events, ServiceHandlers, Unsubscribe } from "../../shared/contract";
import type { NewStatusesEvent, TrayState } from "../services/events";

export interface CoopTrayApp {
  readonly handlers: ServiceHandlers;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
  /** Statuses by others that just arrived (never the user's own), for native notifications. */
  onNewStatuses(listener: (event: NewStatusesEvent) => void): Unsubscribe;
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
}
