/**
 * What the app as a whole looks like to the page (`AppState`) and to the tray (`TrayState`), and
 * the announcements when either changes. Both are derived from the store, the connection and the
 * feeds; announcing only on a real change keeps the page and the tray icon from flickering.
 */
import type { AppState, ServiceHandlers } from "../../shared/contract";
import { ok } from "../../shared/errors";
import type { Connection } from "../services/connection";
import type { Emitter } from "../services/emitter";
import type { AppEvents, TrayState } from "../services/events";
import type { FeedSync } from "../services/feeds";
import { summarize } from "../services/session";
import type { AppStore } from "../services/store";

export interface AppStatusDeps {
  readonly store: AppStore;
  readonly connection: Connection;
  readonly feeds: FeedSync;
  readonly events: Emitter<AppEvents>;
  /** Pre-filled in the sign-in form (the sandbox's URL in preview and demo). */
  readonly defaultServerUrl?: string;
}

export class AppStatus {
  private readonly notices: string[];
  private lastState = "";
  private lastTray: TrayState | null = null;
  private readonly unsubscribes: (() => void)[];

  constructor(private readonly deps: AppStatusDeps) {
    this.notices = [...deps.store.notices];
    this.unsubscribes = [
      deps.connection.on("changed", () => this.announce()),
      deps.events.on("groupsChanged", () => this.announceTray()),
    ];
  }

  state(): AppState {
    const { store, connection, defaultServerUrl } = this.deps;
    return {
      account: store.doc.account ? summarize(store.doc.account) : null,
      connection: connection.state(),
      settings: store.doc.settings,
      notices: [...this.notices],
      ...(defaultServerUrl ? { defaultServerUrl } : {}),
    };
  }

  trayState(): TrayState {
    const { store, connection, feeds } = this.deps;
    if (!store.doc.account) return "normal";
    if (!connection.isOnline) return "offline";
    if (connection.isThrottled()) return "throttled";
    return feeds.totalUnread() > 0 ? "unread" : "normal";
  }

  /** A notice for the popup's banner (bound: handed around as a callback). */
  readonly addNotice = (message: string): void => {
    this.notices.push(message);
    this.announceState();
  };

  /** Sends `stateChanged` and `trayState` for whichever of them changed. */
  announce(): void {
    this.announceState();
    this.announceTray();
  }

  announceState(): void {
    const next = this.state();
    const signature = JSON.stringify(next);
    if (signature === this.lastState) return;
    this.lastState = signature;
    this.deps.events.emit("stateChanged", next);
  }

  announceTray(): void {
    const next = this.trayState();
    if (next === this.lastTray) return;
    this.lastTray = next;
    this.deps.events.emit("trayState", next);
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }
}

/** The contract calls this module answers. */
export function appStatusCalls(status: AppStatus) {
  return {
    getState: async () => ok(status.state()),
  } satisfies Partial<ServiceHandlers>;
}
