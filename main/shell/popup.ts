/**
 * Show/hide behaviour of the tray popup, kept apart from Electron so it can be tested with a fake
 * window and fake timers:
 * - placed under (or above) the tray icon on every show: the icon moves when other icons come and
 *   go, and Windows/Linux report stale bounds for a hidden window's tray;
 * - hidden shortly after it loses focus (a click elsewhere), except for the blur Windows sends
 *   right after a tray click while the taskbar takes focus;
 * - a tray click that itself blurred the popup closes it rather than reopening it.
 */
import type { PopupPlacement, Point } from "./window-position";
import { popupPosition } from "./window-position";

/** Long enough to let a focus change settle (a click on our own tray icon), short enough to feel immediate. */
export const BLUR_HIDE_DELAY_MS = 100;
/** The taskbar steals focus for a moment after a tray click on Windows. */
export const TRANSIENT_BLUR_MS = 300;
/** A tray click within this time after a blur-hide was the click that caused the blur. */
export const REOPEN_GUARD_MS = 250;

export interface PopupWindow {
  isDestroyed(): boolean;
  isVisible(): boolean;
  isFocused(): boolean;
  show(): void;
  hide(): void;
  focus(): void;
  getSize(): number[];
  setPosition(x: number, y: number): void;
  setAlwaysOnTop(flag: boolean): void;
  on(event: "blur" | "focus", listener: () => void): unknown;
}

export interface PopupEnvironment {
  readonly platform: NodeJS.Platform;
  readonly now: () => number;
  /** Everything about the screen and tray the placement needs, read fresh on every show. */
  readonly placement: () => Omit<PopupPlacement, "windowSize">;
  /** Called after each show (the app refreshes feeds when the window opens). */
  readonly onShown: () => void;
}

type ShowReason = "tray" | "other";

export interface PopupController {
  show(reason?: ShowReason): void;
  hide(): void;
  /** A left click on the tray icon. */
  toggleFromTray(): void;
  isVisible(): boolean;
  /** Where the popup would be placed now. */
  position(): Point;
}

export function createPopupController(window: PopupWindow, env: PopupEnvironment): PopupController {
  let blurTimer: ReturnType<typeof setTimeout> | null = null;
  let shownFromTrayAt = Number.NEGATIVE_INFINITY;
  let hiddenByBlurAt = Number.NEGATIVE_INFINITY;

  const alive = (): boolean => !window.isDestroyed();

  const cancelBlurHide = (): void => {
    if (blurTimer !== null) clearTimeout(blurTimer);
    blurTimer = null;
  };

  const position = (): Point => {
    const [width = 0, height = 0] = window.getSize();
    return popupPosition({ ...env.placement(), windowSize: { width, height } });
  };

  const hide = (): void => {
    cancelBlurHide();
    if (alive() && window.isVisible()) window.hide();
  };

  const show = (reason: ShowReason = "other"): void => {
    if (!alive()) return;
    cancelBlurHide();
    const { x, y } = position();
    window.setPosition(x, y);
    window.setAlwaysOnTop(true);
    window.show();
    window.focus();
    if (reason === "tray") shownFromTrayAt = env.now();
    env.onShown();
  };

  window.on("blur", () => {
    if (!alive()) return;
    if (env.platform === "win32" && env.now() - shownFromTrayAt < TRANSIENT_BLUR_MS) {
      // Take focus back, so that the next click elsewhere blurs (and hides) the popup as usual.
      window.focus();
      return;
    }
    cancelBlurHide();
    blurTimer = setTimeout(() => {
      blurTimer = null;
      if (!alive() || window.isFocused() || !window.isVisible()) return;
      window.hide();
      hiddenByBlurAt = env.now();
    }, BLUR_HIDE_DELAY_MS);
  });
  window.on("focus", cancelBlurHide);

  return {
    show,
    hide,
    toggleFromTray: () => {
      if (!alive()) return;
      if (window.isVisible()) hide();
      else if (env.now() - hiddenByBlurAt >= REOPEN_GUARD_MS) show("tray");
    },
    isVisible: () => alive() && window.isVisible(),
    position,
  };
}
