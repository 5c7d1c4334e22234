/**
 * One instance's side of the event stream (`docs/coop-api.md §15`): it reads new rows from the events
 * table when woken and hands them to every open stream, which filters them by its user's groups. Woken
 * in-process after a write here, by PostgreSQL's NOTIFY (one dedicated listening connection per
 * instance) after a write anywhere, and by a slow safety poll in case a notification was lost while
 * that connection was down. Old events are pruned to the replay bound (journal.ts `REPLAY`).
 */
import pg from "pg";
import type { Logger } from "../log";
import type { Store } from "../store/store";
import type { StoredEvent } from "./journal";

export interface Subscriber {
  /** Events in id order, as the hub reads them; the subscriber filters and keeps its own cursor. */
  offer(events: readonly StoredEvent[]): void;
  heartbeat(): void;
  end(): void;
}

export interface HubOptions {
  /** The safety poll (default 5 s). */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  readonly pruneEveryMs?: number;
}

export const CHANNEL = "coop_events";

export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private head = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private timers: NodeJS.Timeout[] = [];
  private listener: pg.Client | null = null;
  private relisten: NodeJS.Timeout | undefined;
  private readonly stopWake: () => void;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly options: HubOptions = {},
  ) {
    this.stopWake = store.events.onWrite(() => this.wake());
  }

  async start(): Promise<void> {
    this.head = (await this.store.events.bounds()).newest;
    const every = (ms: number, work: () => void): void => {
      const timer = setInterval(work, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.pollMs ?? 5000, () => this.wake());
    every(this.options.heartbeatMs ?? 25_000, () => this.subscribers.forEach((s) => s.heartbeat()));
    every(this.options.pruneEveryMs ?? 60_000, () => {
      this.store.events.prune().catch((error: unknown) => this.log.log("warn", "pruning events failed", { error }));
    });
    if (this.store.dialect === "postgres") await this.listen(0);
  }

  /** Open streams on this instance (the metrics gauge reads it). */
  get count(): number {
    return this.subscribers.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  add(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Reads whatever is new; a wake during a read reads again after it. */
  wake(): void {
    if (this.closed) return;
    if (this.reading !== null) {
      this.again = true;
      return;
    }
    this.reading = this.read()
      .catch((error: unknown) => this.log.log("warn", "reading events failed", { error }))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async read(): Promise<void> {
    for (;;) {
      const events = await this.store.events.after(this.head);
      if (events.length === 0) return;
      this.head = events[events.length - 1]?.id ?? this.head;
      for (const subscriber of this.subscribers) subscriber.offer(events);
    }
  }

  /** The dedicated LISTEN connection; on loss it comes back with backoff and reads what it missed. */
  private async listen(failures: number): Promise<void> {
    const pool = this.store.handle.pool;
    if (pool === null || this.closed) return;
    const client = new pg.Client(pool.options);
    const retry = (): void => {
      if (this.closed || this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
      this.relisten = setTimeout(() => void this.listen(failures + 1), delay);
      this.relisten.unref();
    };
    this.listener = client;
    client.on("error", retry);
    client.on("end", retry);
    client.on("notification", () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      failures = 0;
      this.wake();
    } catch (error) {
      this.log.log("warn", "listening for events failed", { error });
      retry();
    }
  }

  /** Ends every stream (clients reconnect elsewhere with Last-Event-ID) and stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWake();
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.relisten);
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.reading;
  }
}
