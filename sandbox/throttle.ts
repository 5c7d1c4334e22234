/**
 * Harvest's throttles: a sliding window of `limit` served calls per `windowMs`; refused calls are not
 * counted as served. Two policies once over the limit:
 * - v1 (`lockoutMs` a number): the call is refused and a lockout starts; each call made during the
 *   lockout is refused too and pushes it out again (503 + Retry-After in v1's routes).
 * - v2 (`lockoutMs` null): refused until the oldest served call leaves the window, and Retry-After
 *   says when; v2's docs say nothing of calls during the pause extending it, so refusals change nothing.
 */
export type ThrottleDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterSeconds: number; readonly lockedUntil: number };

export class SlidingWindowThrottle {
  private served: number[] = [];
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
    let drop = 0;
    while (drop < this.served.length && (this.served[drop] ?? 0) <= since) drop += 1;
    if (drop > 0) this.served.splice(0, drop);
    if (this.locked !== null && now >= this.locked) this.locked = null;
  }

  take(now: number): ThrottleDecision {
    this.prune(now);
    this.lastAccess = now;
    if (this.locked !== null || this.served.length >= this.limit) {
      if (this.lockoutMs === null) {
        const freeAt = (this.served[0] ?? now) + this.windowMs;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)), lockedUntil: freeAt };
      }
      this.locked = now + this.lockoutMs;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(this.lockoutMs / 1000)), lockedUntil: this.locked };
    }
    this.served.push(now);
    return { ok: true };
  }

  count(now: number): number {
    this.prune(now);
    return this.served.length;
  }

  lockedUntil(now: number): number | null {
    this.prune(now);
    return this.locked;
  }

  lastAccessAt(): number | null {
    return this.lastAccess;
  }

  clear(): void {
    this.served = [];
    this.locked = null;
    this.lastAccess = null;
  }
}
