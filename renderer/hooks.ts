/** Small hooks shared by the views. */
import { useEffect, useRef, useState } from "preact/hooks";

/** The current time, refreshed every `intervalMs` (for relative times and countdowns). */
export function useNow(intervalMs: number, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, enabled]);
  return now;
}

/** False once the component is gone, so late async results are dropped instead of set. */
export function useMounted(): { readonly current: boolean } {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

/** Stable unique ids for label/field pairs. */
let counter = 0;
export function useId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${++counter}`);
  return id;
}
