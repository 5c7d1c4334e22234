/** Small hooks shared by the views. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AppError, Result } from "../shared/errors";
import type { RefreshWork } from "./model/app-model";
import { useModel } from "./model/context";
import { isWindowVisible, onWindowVisibility } from "./window-visibility";

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

/**
 * Whether the window is on screen (window-visibility.ts). The tray window loads hidden at start (and
 * stays loaded while hidden), so "the user saw it" must wait for this, not for a render.
 */
export function useWindowVisible(): boolean {
  const [visible, setVisible] = useState(isWindowVisible);
  useEffect(() => {
    setVisible(isWindowVisible());
    return onWindowVisibility(setVisible);
  }, []);
  return visible;
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

/**
 * A ref to the latest `value`, for an effect that must call the current callback when something else
 * happens, without running again each time a parent passes a new function.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const latest = useRef(value);
  latest.current = value;
  return latest;
}

/**
 * Runs `onRefresh` on the header's Refresh while the component is mounted (the latest function, so
 * it sees the current props). A Refresh pressed on another view before this one opened is not a
 * request to this one: the view's own first load already fetches what it shows.
 */
export function useOnRefresh(onRefresh: RefreshWork): void {
  const model = useModel();
  const latest = useLatest(onRefresh);
  useEffect(() => model.onRefresh(() => latest.current()), [model, latest]);
}

export interface Action {
  /** A call is in flight: buttons that start another stay disabled. */
  readonly busy: boolean;
  /** Why the last run failed, shown until the next run. */
  readonly error: AppError | null;
  readonly setError: (error: AppError | null) => void;
  /**
   * Runs one contract call unless one is already running; `onDone` gets the value on success.
   * Results arriving after the component is gone are dropped. The same function on every render,
   * so an effect that loads through it runs only when what it loads changes.
   */
  run<T>(call: () => Promise<Result<T>>, onDone?: (value: T) => void): Promise<void>;
}

/** The busy flag and last error of a user action (a form submit, a confirm button). */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const running = useRef(false);
  const mounted = useMounted();
  const run = useCallback(
    async <T>(call: () => Promise<Result<T>>, onDone?: (value: T) => void): Promise<void> => {
      if (running.current) return;
      running.current = true;
      setBusy(true);
      setError(null);
      const result = await call();
      running.current = false;
      if (!mounted.current) return;
      setBusy(false);
      if (result.ok) onDone?.(result.value);
      else setError(result.error);
    },
    [mounted],
  );
  return { busy, error, setError, run };
}
