/**
 * Keeps the running timer fresh in the background (it may be started or stopped on the web or in
 * Harvest's own apps), only while the app runs and the signed-in user has Harvest connected.
 */
import { Timer, type Clock } from "./clock";
import type { HarvestV2Links } from "./harvest-v2-link";
import type { Timers } from "./timers";

/** The running timer is re-read this often in the background. */
export const TIMER_POLL_MS = 2 * 60_000;

export interface TimerPollDeps {
  readonly clock: Clock;
  readonly links: HarvestV2Links;
  readonly timers: Timers;
  /** The link's facts were read again (the company's timer mode, the user's roles). */
  readonly refreshed: () => void;
}

export class TimerPoll {
  private readonly timer: Timer;
  private running = false;

  constructor(private readonly deps: TimerPollDeps) {
    this.timer = new Timer(deps.clock);
  }

  /** Polling on; reads the running timer at once when linked, and the company's timer mode and roles again. */
  start(): void {
    this.running = true;
    this.now();
    if (this.deps.links.link !== null) {
      void this.deps.links.refresh().then((result) => {
        if (result.ok) this.deps.refreshed();
      });
    }
  }

  stop(): void {
    this.running = false;
    this.timer.cancel();
  }

  /** Reads today's timers now (the window opened, a link was made), then on the usual beat. */
  now(): void {
    this.schedule(0);
  }

  /** Nothing to read (disconnected, signed out) until `now` or `start`. */
  pause(): void {
    this.timer.cancel();
  }

  private schedule(ms: number): void {
    if (!this.running || this.deps.links.link === null) return;
    this.timer.arm(ms, () => {
      void this.deps.timers.today().finally(() => this.schedule(TIMER_POLL_MS));
    });
  }
}
