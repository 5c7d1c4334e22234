/** Seconds left until an instant, ticking each second; calls `onDone` once when it reaches zero. */
import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { formatCountdown, secondsUntil } from "../format";
import { useLatest, useNow } from "../hooks";

export function Countdown({ until, onDone }: { readonly until: number; readonly onDone?: () => void }): JSX.Element {
  const now = useNow(250);
  const left = secondsUntil(until, now);
  const done = left === 0;
  // The latest onDone, once per reaching zero: a parent passing a new function is not another end.
  const latestOnDone = useLatest(onDone);
  useEffect(() => {
    if (done) latestOnDone.current?.();
  }, [done, latestOnDone]);
  return (
    <span class="countdown" role="timer" aria-live="off">
      {formatCountdown(left)}
    </span>
  );
}
