import { backgroundClock, type Clock } from "@coop-tray/protocol";

export type { Clock } from "@coop-tray/protocol";

/** The services' real clock: the protocol's background clock, so polls and retries never hold a process open. */
export const systemClock: Clock = backgroundClock;

/** One named timer that can be (re)armed and cancelled; arming replaces the previous one. */
export class Timer {
  private cancelArmed: (() => void) | null = null;

  constructor(private readonly clock: Clock) {}

  get armed(): boolean {
    return this.cancelArmed !== null;
  }

  arm(ms: number, fn: () => void): void {
    this.cancel();
    const cancel = this.clock.schedule(
      () => {
        if (this.cancelArmed === cancel) this.cancelArmed = null;
        fn();
      },
      Math.max(0, ms),
    );
    this.cancelArmed = cancel;
  }

  cancel(): void {
    this.cancelArmed?.();
    this.cancelArmed = null;
  }
}
