/**
 * Windowing for long feeds, by growing the rendered part as the user scrolls: the first screenful
 * (and a margin) is rendered at once, and more rows follow when the end of the rendered part comes
 * within a screen of view. A 1,000-status day paints as fast as a 30-status one.
 *
 * Why growing rather than a fixed window that also drops rows above: rows have very different
 * heights (a one-line note, a 900-character one, a time entry), so a true window needs measured
 * spacers that jump as rows are measured; and rows that stay in the DOM once reached keep the Tab
 * order, the browser's find and a screen reader's reading order exactly as without windowing. Each
 * row carries its position in the whole list (aria-posinset/aria-setsize), the list its total, and
 * the end of the rendered part is a real button ("Show 100 more"), so keyboard users are never
 * stuck behind rows that are not rendered yet. Search in the feed looks through every loaded row.
 */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

export const FIRST_ROWS = 20;
export const MORE_ROWS = 100;

export interface ProgressiveList {
  /** How many rows to render. */
  readonly count: number;
  /** Renders the next batch (the "Show more" button, or the observer). */
  readonly more: () => void;
  /** Put on the element after the last rendered row: coming into view renders more. */
  readonly sentinel: { current: HTMLElement | null };
}

/** `resetKey` changes when the list is a different one (another group or day): back to the first rows. */
export function useProgressiveList(
  total: number,
  resetKey: string,
  root: { readonly current: HTMLElement | null },
): ProgressiveList {
  const [count, setCount] = useState(FIRST_ROWS);
  const sentinel = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => setCount(FIRST_ROWS), [resetKey]);
  const more = (): void => setCount((n) => Math.min(Math.max(n, FIRST_ROWS) + MORE_ROWS, Math.max(total, FIRST_ROWS)));
  const shown = Math.min(count, total);
  useEffect(() => {
    const target = sentinel.current;
    if (!target || shown >= total || typeof IntersectionObserver === "undefined") return undefined;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && more(), {
      root: root.current,
      rootMargin: "0px 0px 100% 0px",
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [shown, total, resetKey]);
  return { count: shown, more, sentinel };
}
