/** Everything the services announce: the contract's events plus what only the shell consumes. */
import type { Events } from "../../shared/contract";
import type { Status } from "../../shared/models";

export type TrayState = "normal" | "unread" | "offline" | "throttled";

export interface NewStatusesEvent {
  readonly groupId: number;
  readonly groupName: string;
  readonly statuses: readonly Status[];
}

export type AppEvents = Events & {
  /** Statuses by others that arrived since the user last looked: for native notifications. */
  newStatuses: NewStatusesEvent;
  trayState: TrayState;
  /** Connection state changed (online, throttles, last sync). */
  connectionChanged: null;
};
