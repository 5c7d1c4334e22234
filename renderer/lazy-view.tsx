/**
 * Views the popup does not need for its first paint (the feed) load as one chunk, so the
 * bundle the tray window parses on open stays small; each starts loading once the feed has painted
 * (`preloadViews`), so a tab switch finds it ready. Written here rather than taken from
 * preact/compat's `lazy`/`Suspense`: compat would add more bytes than the views it defers, and
 * this needs neither Suspense boundaries nor error boundaries (a chunk of our own package that
 * fails to load is a broken install, shown as such).
 */
import type { ComponentType, JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type * as Deferred from "./deferred";

export interface LazyView<P> {
  (props: P): JSX.Element | null;
  preload(): Promise<unknown>;
}

/** The one chunk of deferred code (renderer/deferred.ts), loaded once. */
let deferred: Promise<typeof Deferred> | null = null;
export const loadDeferred = (): Promise<typeof Deferred> => (deferred ??= import("./deferred"));

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loaded: ComponentType<P> | null = null;
  let failed = false;
  let pending: Promise<unknown> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      () => (failed = true),
    ));
  function View(props: P): JSX.Element | null {
    const [, setReady] = useState(loaded !== null);
    // Always wait on the (shared) load, even when it looks done: it may have finished between this
    // render and the effect, and then nothing else would re-render the spinner away.
    useEffect(() => {
      void preload().then(() => setReady(true));
    }, []);
    if (failed)
      return (
        <p class="view-pad" role="alert">
          This part of Co-op Tray failed to load: reinstall the app.
        </p>
      );
    if (loaded === null) return <div class="spinner" role="status" aria-label="Loading" />;
    const Loaded = loaded;
    return <Loaded {...props} />;
  }
  View.preload = preload;
  return View;
}

/** Starts loading every deferred view when the browser is idle after the first paint. */
export function preloadViews(views: ReadonlyArray<{ preload(): Promise<unknown> }>): void {
  const start = () => views.forEach((view) => void view.preload());
  if (typeof requestIdleCallback === "function") requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 200);
}
