import { setLongTimeout, type LongTimeout } from "@coop-tray/protocol";

/**
 * Time as the services see it. Injected so tests can compress backoff, polling and lockouts
 * without sleeping; the app passes the real clock.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // A pending poll or retry must never keep a CLI or test process alive on its own (unref). Long
  // delays are armed in steps: Node would run them after 1 ms.
  setTimeout: (fn, ms) => setLongTimeout(fn, ms, { unref: true }),
  clearTimeout: (handle) => (handle as LongTimeout).cancel(),
};

/** One named timer that can be (re)armed and cancelled; arming replaces the previous one. */
export class Timer {
  private handle: unknown = null;

  constructor(private readonly clock: Clock) {}

  get armed(): boolean {
    return this.handle !== null;
  }

  arm(ms: number, fn: () => void): void {
    this.cancel();
    const handle = this.clock.setTimeout(
      () => {
        if (this.handle === handle) this.handle = null;
        fn();
      },
      Math.max(0, ms),
    );
    this.handle = handle;
  }

  cancel(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }
}
