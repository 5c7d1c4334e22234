/**
 * Windowing for long feeds, by growing the rendered part as the user scrolls: the first screenful
 * (and a margin) is rendered at once, and two more screenfuls follow whenever the end of the
 * rendered part comes within a screen of view. A 1,000-status day paints as fast as a 30-status one.
 *
 * Why growing rather than a fixed window that also drops rows above: rows have very different
 * heights (a one-line note, a 900-character one, a time entry), so a true window needs measured
 * spacers that jump as rows are measured; and rows that stay in the DOM once reached keep the Tab
 * order, the browser's find and a screen reader's reading order exactly as without windowing. Each
 * row carries its position in the whole list (aria-posinset/aria-setsize), the list its total, and
 * the end of the rendered part is a real button ("Show 100 more"), so keyboard users are never
 * stuck behind rows that are not rendered yet. Search in the feed looks through every loaded row.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

/**
 * The shortest row (a one-line note) is 56 px high: a window of `innerHeight` shows at most
 * innerHeight / 56 rows, so that many and two more fill the first screen whatever the rows are
 * (12 in the 560 px popup). Without a window (rendering in main for the first frame), 12.
 */
const SHORTEST_ROW_PX = 56;
export function firstRows(
  viewportHeight: number | null = typeof innerHeight === "number" ? innerHeight : null,
): number {
  if (viewportHeight === null || !(viewportHeight > 0)) return 12;
  return Math.min(40, Math.max(8, Math.ceil(viewportHeight / SHORTEST_ROW_PX) + 2));
}
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
  const [count, setCount] = useState(firstRows);
  const sentinel = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => setCount(firstRows()), [resetKey]);
  const grow = useCallback(
    (step: number): void => {
      const first = firstRows();
      setCount((n) => Math.min(Math.max(n, first) + step, Math.max(total, first)));
    },
    [total],
  );
  /** The button's step is a big one, since a keyboard user asked for it; scrolling's is two screenfuls. */
  const more = (): void => grow(MORE_ROWS);
  const shown = Math.min(count, total);
  useEffect(() => {
    const target = sentinel.current;
    if (!target || shown >= total || typeof IntersectionObserver === "undefined") return undefined;
    const observer = new IntersectionObserver(
      // Two screenfuls: rows keep ahead of the scroll without one long render.
      (entries) => entries.some((e) => e.isIntersecting) && grow(2 * firstRows()),
      {
        root: root.current,
        rootMargin: "0px 0px 100% 0px",
      },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [shown, total, resetKey, grow, root]);
  return { count: shown, more, sentinel };
}
