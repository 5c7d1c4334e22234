/**
 * What the shell needs from the services (`createApp` in main/app): the contract's handlers plus
 * the few things only a tray app uses. Declared here so the shell depends on this surface only and
 * its tests can hand in an app built from the real dispatcher and handlers of their own.
 */
import type { CallHandlers, EventName, Events, Unsubscribe } from "../../shared/contract";
import type { NewStatuses } from "./notifications";
import type { TrayState } from "./tray";

export interface ShellApp {
  readonly handlers: CallHandlers;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
  /** Statuses by others that just arrived, for native notifications. */
  onNewStatuses(listener: (batch: NewStatuses) => void): Unsubscribe;
  trayState(): TrayState;
  onTrayState(listener: (state: TrayState) => void): Unsubscribe;
  /** The popup was shown: refresh what is stale. */
  windowShown(): void;
  refreshAll(): unknown;
  start(): unknown;
  stop(): unknown;
  /** Adds a one-off message to `AppState.notices`, when the app supports it. */
  addNotice?(message: string): void;
}
