/** Seconds left until an instant, ticking each second; calls `onDone` once when it reaches zero. */
import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { formatCountdown, secondsUntil } from "../format";
import { useNow } from "../hooks";

export function Countdown({ until, onDone }: { readonly until: number; readonly onDone?: () => void }): JSX.Element {
  const now = useNow(250);
  const left = secondsUntil(until, now);
  useEffect(() => {
    if (left === 0) onDone?.();
  }, [left === 0]);
  return (
    <span class="countdown" role="timer" aria-live="off">
      {formatCountdown(left)}
    </span>
  );
}
