/**
 * The throttle governor for one server account (a Harvest account, or a Co-op server when asked).
 *
 * Pacing: a sliding window of at most `limit - margin` calls per window. A slot is taken when a
 * call is sent and stamped with the time its answer arrived: the server saw the request somewhere
 * between the two, so counting from the answer can only err on the safe side. In-flight calls
 * always count.
 *
 * Lockout: after a 503 nothing at all goes out until `Retry-After` has passed (Harvest extends the
 * penalty for every call made meanwhile).
 *
 * Order: interactive calls before background ones, first come first served within each.
 */
import type { ApiError, ApiResult } from "./errors";
import { systemClock, type Clock } from "./clock";
import type { GovernorState, Priority } from "./types";

/**
 * The longest lockout we accept from a server: 15 minutes. Harvest documents that a throttled
 * account is unlocked "in a few minutes" and its 503s say 16 s; Co-op documents none. A larger
 * `Retry-After` (9999999, an HTTP date in 2099) is a misconfigured or hostile server, and obeying
 * it would silence the app for months with no way out short of a restart. After 15 minutes we
 * try once; a server that is still locked answers 503 again and the lockout starts over, so a
 * real long pause costs one call per 15 minutes.
 */
export const MAX_LOCKOUT_MS = 15 * 60_000;

export interface GovernorLimits {
  /** Calls allowed per window (Harvest's `max_calls`); `Infinity` paces nothing. */
  readonly maxCalls: number;
  readonly windowMs: number;
}

/**
 * Calls in flight at once per account. Kept below the transport's sockets per origin so a call the
 * governor lets go is on the wire at once, never parked in a connection queue where a lockout
 * could no longer hold it back.
 */
const DEFAULT_MAX_CONCURRENT = 6;

export interface Ticket {
  /** Must be called exactly once, when the answer (or the failure) arrived. */
  release(): void;
}

interface Waiter {
  readonly resolve: (result: ApiResult<Ticket>) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

export interface AcquireOptions {
  readonly priority?: Priority;
  readonly noWait?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Calls kept in reserve below the server's limit (2 %), and a little time per window: answers are
 * stamped when they arrive, after the server counted them, so the slack only covers timer
 * granularity and a server that counts a call exactly one window old as still inside.
 */
function marginCalls(maxCalls: number): number {
  return maxCalls >= 10 ? Math.max(1, Math.round(maxCalls * 0.02)) : 0;
}
function slackMs(windowMs: number): number {
  return 5 + Math.round(windowMs * 0.002);
}

export class Governor {
  private limits: GovernorLimits;
  /** Answer times of calls still inside the window, oldest first. */
  private readonly recent: number[] = [];
  private inFlight = 0;
  private readonly interactive: Waiter[] = [];
  private readonly background: Waiter[] = [];
  private lockedUntil: number | null = null;
  private cancelTimer: (() => void) | null = null;
  private timerAt = Infinity;
  private readonly listeners = new Set<(state: GovernorState) => void>();
  private lastEmitted = "";
  /** Set once the real limits were read from the server (`rate_limit_status`). */
  learned = false;

  constructor(
    readonly key: string,
    limits: GovernorLimits,
    private readonly clock: Clock = systemClock,
    private readonly maxConcurrent = DEFAULT_MAX_CONCURRENT,
  ) {
    this.limits = limits;
  }

  get state(): GovernorState {
    const now = this.clock.now();
    return {
      key: this.key,
      queued: this.interactive.length + this.background.length,
      lockedUntil: this.lockedUntil !== null && this.lockedUntil > now ? this.lockedUntil : null,
    };
  }

  get currentLimits(): GovernorLimits {
    return this.limits;
  }

  onState(listener: (state: GovernorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Adopts the server's numbers. `count` calls already made in the current window (by anyone) are
   * counted as just answered, minus the ones this governor already knows about.
   */
  learn(limits: GovernorLimits, countInWindow = 0): void {
    this.limits = limits;
    this.learned = true;
    const known = this.recent.length + this.inFlight;
    const now = this.clock.now();
    for (let i = known; i < countInWindow; i++) this.recent.push(now);
    this.pump();
  }

  /**
   * Sends nothing until `until` (epoch ms, at most `MAX_LOCKOUT_MS` away). Never shortens a
   * lockout already in place.
   */
  lock(until: number): void {
    const bounded = Math.min(until, this.clock.now() + MAX_LOCKOUT_MS);
    if (this.lockedUntil === null || bounded > this.lockedUntil) this.lockedUntil = bounded;
    this.emit();
    // Wake at the end even with nobody waiting, so listeners hear that the lock is over.
    this.wakeAt(this.lockedUntil);
    this.pump();
  }

  private get capacity(): number {
    const { maxCalls } = this.limits;
    if (!Number.isFinite(maxCalls)) return Infinity;
    return Math.max(1, maxCalls - marginCalls(maxCalls));
  }

  private prune(now: number): void {
    const horizon = now - this.limits.windowMs - slackMs(this.limits.windowMs);
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]! <= horizon) drop++;
    if (drop > 0) this.recent.splice(0, drop);
  }

  /** Ms until a call could go out now (0 = at once), ignoring the queue. */
  private waitMs(now: number): number {
    const wait = this.throttleWaitMs(now);
    if (wait > 0) return wait;
    return this.inFlight >= this.maxConcurrent ? Infinity : 0; // a release will pump
  }

  /** Ms the throttle (lockout or window) holds calls back, ignoring the concurrency cap. */
  private throttleWaitMs(now: number): number {
    if (this.lockedUntil !== null && now < this.lockedUntil) return this.lockedUntil - now;
    if (this.lockedUntil !== null) {
      this.lockedUntil = null;
      this.emit();
    }
    this.prune(now);
    if (this.recent.length + this.inFlight < this.capacity) return 0;
    // Full: the oldest answered call leaves the window next; if all are in flight, a release will pump.
    const oldest = this.recent[0];
    return oldest === undefined ? Infinity : oldest + this.limits.windowMs + slackMs(this.limits.windowMs) - now + 1;
  }

  private ticket(): Ticket {
    this.inFlight++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.recent.push(this.clock.now());
        this.pump();
      },
    };
  }

  acquire(options: AcquireOptions = {}): Promise<ApiResult<Ticket>> {
    const now = this.clock.now();
    const queued = this.interactive.length + this.background.length;
    const wait = this.waitMs(now);
    if (queued === 0 && wait === 0) return Promise.resolve({ ok: true, value: this.ticket() });
    // noWait refuses to wait out a throttle, not a moment's queue behind our own calls.
    const throttleWait = this.throttleWaitMs(now);
    if (options.noWait && throttleWait > 0)
      return Promise.resolve({ ok: false, error: this.throttled(now, throttleWait) });
    if (options.signal?.aborted)
      return Promise.resolve({
        ok: false,
        error: { kind: "offline", cause: "other", message: "The request was cancelled." },
      });
    return new Promise((resolve) => {
      const queue = options.priority === "background" ? this.background : this.interactive;
      const waiter: Waiter = {
        resolve,
        signal: options.signal,
        onAbort: () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          this.emit();
          resolve({ ok: false, error: { kind: "offline", cause: "other", message: "The request was cancelled." } });
        },
      };
      options.signal?.addEventListener("abort", waiter.onAbort, { once: true });
      queue.push(waiter);
      this.emit();
      this.pump();
    });
  }

  private throttled(now: number, wait: number): ApiError {
    const ms = Number.isFinite(wait) ? Math.max(wait, 0) : Math.min(this.limits.windowMs, 1000);
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    const locked = this.lockedUntil !== null && now < this.lockedUntil;
    return {
      kind: "throttled",
      message: locked
        ? `The server asked us to pause; try again in ${seconds} s.`
        : `Too many requests right now; try again in ${seconds} s.`,
      retryAfterSeconds: seconds,
      until: now + ms,
    };
  }

  private pump(): void {
    for (;;) {
      const next = this.interactive[0] ?? this.background[0];
      if (next === undefined) break;
      const now = this.clock.now();
      const wait = this.waitMs(now);
      if (wait > 0) {
        if (Number.isFinite(wait)) this.wakeAt(now + wait);
        break;
      }
      (this.interactive.length > 0 ? this.interactive : this.background).shift();
      next.signal?.removeEventListener("abort", next.onAbort);
      next.resolve({ ok: true, value: this.ticket() });
    }
    this.emit();
  }

  private wakeAt(at: number): void {
    if (this.cancelTimer !== null && this.timerAt <= at) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.clock.schedule(() => {
      this.cancelTimer = null;
      this.timerAt = Infinity;
      this.pump();
    }, at - this.clock.now());
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const state = this.state;
    const signature = `${state.queued}|${state.lockedUntil}`;
    if (signature === this.lastEmitted) return;
    this.lastEmitted = signature;
    for (const listener of this.listeners) listener(state);
  }

  /** Cancels the wake-up timer; queued calls fail as offline. */
  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const waiter of [...this.interactive.splice(0), ...this.background.splice(0)]) {
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve({ ok: false, error: { kind: "offline", cause: "other", message: "The connection was closed." } });
    }
    this.emit();
  }
}
