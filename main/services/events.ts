/** Everything the services announce: the contract's events plus what only the shell consumes. */
import type { Events } from "../../shared/contract";
import type { Status } from "@coop-tray/protocol/models";

export const TRAY_STATES = ["normal", "unread", "offline", "throttled", "running"] as const;
export type TrayState = (typeof TRAY_STATES)[number];

/** Statuses by others that arrived since the user last looked: for native notifications. */
export interface NewStatusesEvent {
  readonly groupId: number;
  readonly groupName: string;
  readonly statuses: readonly Status[];
}

export type AppEvents = Events & {
  newStatuses: NewStatusesEvent;
  trayState: TrayState;
};
