/**
 * How many refreshes the header's Refresh started are still running, so the button can show it is
 * working. A tiny store rather than another counter threaded through the views' props.
 */
import { useEffect, useState } from "preact/hooks";

let running = 0;
const listeners = new Set<(busy: boolean) => void>();

function publish(): void {
  for (const listener of listeners) listener(running > 0);
}

/** Counts `work` as part of the current refresh until it settles. */
export function trackRefresh(work: Promise<unknown>): void {
  running++;
  publish();
  void work.finally(() => {
    running--;
    publish();
  });
}

export function useRefreshing(): boolean {
  const [busy, setBusy] = useState(running > 0);
  useEffect(() => {
    listeners.add(setBusy);
    return () => void listeners.delete(setBusy);
  }, []);
  return busy;
}
