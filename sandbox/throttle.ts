/**
 * Harvest's throttles: a sliding window of `limit` served calls per `windowMs`. Two policies once over
 * the limit:
 * - v1 (`lockoutMs` a number): the call is refused and a lockout starts; each call made during the
 *   lockout is refused too and pushes it out again (503 + Retry-After in v1's routes). Refused calls
 *   are not served, but they are requests: the count `rate_limit_status` reports includes them, so it
 *   can exceed the limit (docs/harvest.md §5.1: over the limit ⇔ `count > max_calls`).
 * - v2 (`lockoutMs` null): refused until the oldest served call leaves the window, and Retry-After
 *   says when; v2's docs say nothing of calls during the pause extending it, so refusals change nothing.
 */
export type ThrottleDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterSeconds: number; readonly lockedUntil: number };

export class SlidingWindowThrottle {
  private served: number[] = [];
  private refused: number[] = [];
  private locked: number | null = null;
  private lastAccess: number | null = null;

  constructor(
    public limit: number,
    public windowMs: number,
    public lockoutMs: number | null,
  ) {}

  configure(limit: number, windowMs: number, lockoutMs: number | null): void {
    this.limit = limit;
    this.windowMs = windowMs;
    this.lockoutMs = lockoutMs;
  }

  private prune(now: number): void {
    const since = now - this.windowMs;
    const keep = (times: number[]): void => {
      let drop = 0;
      while (drop < times.length && (times[drop] ?? 0) <= since) drop += 1;
      if (drop > 0) times.splice(0, drop);
    };
    keep(this.served);
    keep(this.refused);
    if (this.locked !== null && now >= this.locked) this.locked = null;
  }

  /** When the window next has room for a call (`now` if it has room already). */
  private roomAt(now: number): number {
    if (this.served.length < this.limit) return now;
    return (this.served[this.served.length - this.limit] ?? now) + this.windowMs;
  }

  take(now: number): ThrottleDecision {
    this.prune(now);
    this.lastAccess = now;
    if (this.locked !== null || this.served.length >= this.limit) {
      if (this.lockoutMs === null) {
        const freeAt = this.roomAt(now);
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)), lockedUntil: freeAt };
      }
      this.locked = now + this.lockoutMs;
      this.refused.push(now);
      // A lockout shorter than the window would end while the window is still full: Retry-After
      // names the later of the two, so a client that waits it out is served.
      const accepted = Math.max(this.locked, this.roomAt(now));
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((accepted - now) / 1000)),
        lockedUntil: this.locked,
      };
    }
    this.served.push(now);
    return { ok: true };
  }

  /** Requests in the current window, served or refused. */
  count(now: number): number {
    this.prune(now);
    return this.served.length + this.refused.length;
  }

  lockedUntil(now: number): number | null {
    this.prune(now);
    return this.locked;
  }

  /**
   * A request that Harvest neither counts nor refuses (`rate_limit_status`, docs/harvest.md §7.2): it is
   * an access all the same, so `last_access_at` moves.
   */
  noteAccess(now: number): void {
    this.lastAccess = now;
  }

  lastAccessAt(): number | null {
    return this.lastAccess;
  }

  clear(): void {
    this.served = [];
    this.refused = [];
    this.locked = null;
    this.lastAccess = null;
  }
}
