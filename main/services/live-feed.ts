/**
 * The live team feed: while the Co-op server offers `GET /events` (`docs/coop-api.md §15`), one
 * subscription tells the feed sync which group changed, and that group's latest statuses are read at
 * once (so feeds, unread counts and notifications follow within a second), while the periodic poll
 * becomes a slow safety net. Every (re)connection polls once to close any gap the stream cannot
 * replay; a dropped stream reconnects with backoff and `Last-Event-ID`; a server without the stream
 * (404), or a refused password, leaves the ordinary polling as it was.
 */
import { subscribeEvents } from "@coop-tray/protocol/event-stream";
import type { LiveState, ServerEvent, SubscribeOptions, Subscription } from "@coop-tray/protocol/event-stream";
import type { Emitter } from "./emitter";
import type { AppEvents } from "./events";
import type { FeedSync } from "./feeds";
import type { AppStore } from "./store";
import type { Vault } from "./vault";

/** The poll while subscribed: only for what a stream could miss. */
export const SAFETY_POLL_MS = 15 * 60_000;

export interface LiveFeedDeps {
  readonly store: AppStore;
  readonly vault: Vault;
  readonly feeds: Pick<FeedSync, "syncNow" | "syncGroup" | "setSafetyInterval">;
  /** Tells the page when an invitation to the user arrives, so its Groups badge follows at once. */
  readonly events: Pick<Emitter<AppEvents>, "emit">;
  readonly userAgent?: string;
  /** Tests shorten the reconnection backoff. */
  readonly backoffMs?: number;
  readonly subscribe?: (options: SubscribeOptions) => Subscription;
}

export class LiveFeed {
  private subscription: Subscription | null = null;
  private generation = 0;
  private current: LiveState = "stopped";
  /** Groups with a read in flight, and whether another event came for them meanwhile. */
  private readonly reading = new Map<number, boolean>();

  constructor(private readonly deps: LiveFeedDeps) {}

  get state(): LiveState {
    return this.current;
  }

  async start(): Promise<void> {
    this.stop();
    const generation = this.generation;
    const account = this.deps.store.doc.account;
    if (account === null) return;
    const authorization = await this.authorization(account.serverUrl, account.email);
    if (generation !== this.generation || authorization === null) return;
    const subscribe = this.deps.subscribe ?? subscribeEvents;
    this.subscription = subscribe({
      baseUrl: account.serverUrl,
      authorization,
      ...(this.deps.userAgent === undefined ? {} : { userAgent: this.deps.userAgent }),
      ...(this.deps.backoffMs === undefined ? {} : { backoffMs: this.deps.backoffMs }),
      onEvent: (event) => this.heard(event),
      onState: (state) => this.changed(state),
    });
  }

  /** The stream signs in as every other call does: the device token (Bearer), or the password on servers without tokens. */
  private async authorization(serverUrl: string, email: string): Promise<string | null> {
    const token = await this.deps.vault.getCoopToken(serverUrl, email);
    if (token.ok && token.value !== null) return `Bearer ${token.value}`;
    const password = await this.deps.vault.getCoopPassword(serverUrl, email);
    if (!password.ok || password.value === null) return null;
    return `Basic ${Buffer.from(`${email}:${password.value}`).toString("base64")}`;
  }

  stop(): void {
    this.generation += 1;
    this.subscription?.close();
    this.subscription = null;
    this.current = "stopped";
    this.deps.feeds.setSafetyInterval(null);
  }

  private changed(state: LiveState): void {
    this.current = state;
    if (state === "connected") {
      this.deps.feeds.setSafetyInterval(SAFETY_POLL_MS);
      void this.deps.feeds.syncNow();
    } else this.deps.feeds.setSafetyInterval(null);
  }

  private heard(event: ServerEvent): void {
    if (event.event !== "status") {
      // reset, membership, group and invitation changes: the group list and every feed.
      void this.deps.feeds.syncNow({ groups: true });
      if (event.event === "invitation" || event.event === "reset") this.deps.events.emit("invitationsChanged", null);
      return;
    }
    let groupId: unknown;
    try {
      groupId = (JSON.parse(event.data) as { group_id?: unknown }).group_id;
    } catch {
      return;
    }
    if (typeof groupId === "number" && Number.isSafeInteger(groupId)) this.readGroup(groupId);
  }

  /** One read per group at a time; events during it cause one more read after it. */
  private readGroup(groupId: number): void {
    if (this.reading.has(groupId)) {
      this.reading.set(groupId, true);
      return;
    }
    this.reading.set(groupId, false);
    void this.deps.feeds.syncGroup(groupId).finally(() => {
      const again = this.reading.get(groupId) === true;
      this.reading.delete(groupId);
      if (again) this.readGroup(groupId);
    });
  }
}
