/**
 * Capped exponential backoff with jitter: 2 s, 4 s, 8 s … up to 5 min, each spread by ±20 % so
 * many clients coming back online at once do not retry in lockstep.
 */
export interface BackoffOptions {
  readonly baseMs?: number;
  readonly maxMs?: number;
  /** Fraction of the delay to spread either way. */
  readonly jitter?: number;
  /** [0, 1); injectable so tests can pin the jitter. */
  readonly random?: () => number;
}

const DEFAULT_BACKOFF = { baseMs: 2_000, maxMs: 5 * 60_000, jitter: 0.2 } as const;

/** Delay before attempt number `failures + 1`, after `failures` consecutive failures (≥ 1). */
export function backoffDelay(failures: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const max = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const jitter = options.jitter ?? DEFAULT_BACKOFF.jitter;
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const raw = Math.min(base * 2 ** exponent, max);
  const spread = raw * jitter * (random() * 2 - 1);
  return Math.round(Math.min(max, Math.max(base * (1 - jitter), raw + spread)));
}
