/**
 * What the app knows about reaching its servers: online or not (from the outcome of every call),
 * the throttle lockouts (from the API layer's governors and from `throttled` errors), and when a
 * feed last synced. Services report results here; the feed sync and the outbox listen for "back
 * online" to resume at once instead of waiting out their backoff.
 */
import type { ConnectionState, ThrottleState } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import type { ApiFactory, GovernorState } from "@coop-tray/protocol";
import { Timer, type Clock } from "./clock";
import { Emitter } from "./emitter";

type Service = "coop" | "harvest";

interface ConnectionEvents {
  changed: ConnectionState;
  online: null;
}

export class Connection {
  private online = true;
  private lastSyncedAt: number | null = null;
  /**
   * The last state of every governor, by key. One service can have several (a Harvest v1 account,
   * a v2 account, Harvest ID): its calls waiting are their sum and its lockout the latest of them.
   */
  private readonly governors = new Map<string, GovernorState & { readonly service: Service }>();
  /** Lockouts learnt from `throttled` errors, in case the governor did not report them. */
  private readonly observed: Record<Service, number | null> = { coop: null, harvest: null };
  private readonly emitter = new Emitter<ConnectionEvents>();
  private readonly expiry: Timer;
  private unsubscribeGovernor: (() => void) | null = null;

  constructor(private readonly clock: Clock) {
    this.expiry = new Timer(clock);
  }

  attach(factory: ApiFactory): void {
    this.unsubscribeGovernor?.();
    this.governors.clear();
    this.unsubscribeGovernor = factory.onGovernorState((state: GovernorState & { readonly service: Service }) => {
      if (state.queued === 0 && state.lockedUntil === null) this.governors.delete(state.key);
      else this.governors.set(state.key, state);
      this.changed();
    });
  }

  detach(): void {
    this.unsubscribeGovernor?.();
    this.unsubscribeGovernor = null;
    this.governors.clear();
    this.expiry.cancel();
  }

  on<K extends keyof ConnectionEvents>(event: K, listener: (payload: ConnectionEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  get isOnline(): boolean {
    return this.online;
  }

  /** Records the outcome of a call: any answer from a server means we are online. */
  report(service: Service, error: AppError | null): void {
    if (error === null) {
      this.setOnline(true);
      return;
    }
    switch (error.kind) {
      case "offline":
        this.setOnline(false);
        return;
      case "throttled":
        this.observed[service] = Math.max(this.observed[service] ?? 0, error.until);
        this.setOnline(true);
        this.changed();
        return;
      case "auth":
      case "notFound":
      case "validation":
      case "server":
      case "malformed":
        this.setOnline(true);
        return;
      default:
        // Local errors (keychain, input) say nothing about the network.
        return;
    }
  }

  synced(at: number): void {
    this.lastSyncedAt = at;
    this.changed();
  }

  /** Epoch ms until which the service is locked out, or null. */
  lockedUntil(service: Service): number | null {
    const now = this.clock.now();
    let until = this.observed[service] ?? 0;
    for (const state of this.governors.values())
      if (state.service === service) until = Math.max(until, state.lockedUntil ?? 0);
    return until > now ? until : null;
  }

  isThrottled(): boolean {
    return this.lockedUntil("coop") !== null || this.lockedUntil("harvest") !== null;
  }

  state(): ConnectionState {
    return {
      online: this.online,
      coopThrottle: this.throttle("coop"),
      harvestThrottle: this.throttle("harvest"),
      lastSyncedAt: this.lastSyncedAt,
    };
  }

  reset(): void {
    this.online = true;
    this.lastSyncedAt = null;
    this.observed.coop = null;
    this.observed.harvest = null;
    this.changed();
  }

  private throttle(service: Service): ThrottleState {
    let queued = 0;
    for (const state of this.governors.values()) if (state.service === service) queued += state.queued;
    return { lockedUntil: this.lockedUntil(service), queued };
  }

  private setOnline(value: boolean): void {
    if (this.online === value) return;
    this.online = value;
    this.changed();
    if (value) this.emitter.emit("online", null);
  }

  private changed(): void {
    // Wake up when the nearest lockout ends so the tray and the UI see it lift.
    const ends = [this.lockedUntil("coop"), this.lockedUntil("harvest")].filter((v): v is number => v !== null);
    if (ends.length > 0) this.expiry.arm(Math.min(...ends) - this.clock.now() + 1, () => this.changed());
    else this.expiry.cancel();
    this.emitter.emit("changed", this.state());
  }
}
