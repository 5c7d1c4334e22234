/**
 * `setTimeout` for any delay. Node runs a timer longer than 2^31 − 1 ms (about 24.8 days) after
 * 1 ms instead (with a TimeoutOverflowWarning), so a far Retry-After or lockout made every
 * scheduler re-arm itself in a hot loop. Long delays are armed in steps of at most that limit;
 * a delay that is not a number waits one step rather than firing at once (never a spin).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimeout {
  cancel(): void;
}

export function setLongTimeout(fn: () => void, ms: number, options: { readonly unref?: boolean } = {}): LongTimeout {
  let handle: ReturnType<typeof setTimeout> | null = null;
  let cancelled = false;
  const arm = (remaining: number): void => {
    const step = Math.min(remaining, MAX_TIMER_MS);
    handle = setTimeout(() => {
      handle = null;
      if (cancelled) return;
      const left = remaining - step;
      if (left > 0) arm(left);
      else fn();
    }, step);
    if (options.unref) handle.unref?.();
  };
  arm(Number.isNaN(ms) ? MAX_TIMER_MS : Math.max(0, ms));
  return {
    cancel() {
      cancelled = true;
      if (handle !== null) clearTimeout(handle);
      handle = null;
    },
  };
}
