/**
 * Harvest v2's limit: 100 requests per 15 seconds, budgeted per token and account (§4.4 leaves the
 * scope open; this is the working assumption). Over it, 429 with `Retry-After` = whole seconds until
 * the oldest served call leaves the window, i.e. until a call would be served again. Unlike v1's 503
 * lockout, v2's docs say nothing of calls during the pause extending it, so refused calls change nothing.
 */
export type V2Decision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export class V2Throttle {
  private served: number[] = [];

  constructor(
    private limit: number,
    private windowMs: number,
  ) {}

  configure(limit: number, windowMs: number): void {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  private prune(now: number): void {
    const since = now - this.windowMs;
    let drop = 0;
    while (drop < this.served.length && (this.served[drop] ?? 0) <= since) drop += 1;
    if (drop > 0) this.served.splice(0, drop);
  }

  take(now: number): V2Decision {
    this.prune(now);
    if (this.served.length >= this.limit) {
      const oldest = this.served[0] ?? now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
    }
    this.served.push(now);
    return { ok: true };
  }

  count(now: number): number {
    this.prune(now);
    return this.served.length;
  }
}
