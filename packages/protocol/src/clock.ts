/**
 * Time as the protocol and the app's services see it: one interface, given by the caller, so tests
 * compress backoff, polling and lockouts without sleeping.
 */
import { setLongTimeout } from "./long-timer";

export interface Clock {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

/**
 * The wall clock whose timers keep the process alive: a call waiting out a throttle must keep a
 * CLI process running. Armed in steps when longer than Node's timer limit (it would fire after 1 ms).
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setLongTimeout(fn, ms);
    return () => timer.cancel();
  },
};

/** The wall clock for background work: a pending poll or retry never keeps a process alive on its own (unref). */
export const backgroundClock: Clock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setLongTimeout(fn, ms, { unref: true });
    return () => timer.cancel();
  },
};
