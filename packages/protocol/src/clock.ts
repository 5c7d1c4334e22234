/** Time as the protocol sees it: given by the caller, so tests compress backoff and lockouts without sleeping. */
import { setLongTimeout } from "./long-timer";

export interface Clock {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    // Not unref'd: a call waiting out a throttle must keep a CLI process alive. Armed in steps
    // when longer than Node's timer limit (it would fire after 1 ms).
    const timer = setLongTimeout(fn, ms);
    return () => timer.cancel();
  },
};
