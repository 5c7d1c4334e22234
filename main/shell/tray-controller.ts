/**
 * The Electron Tray's icon, tooltip and title, following the app's tray state: what electron-menubar
 * (tray-window.ts), which handles the clicks and the menu, knows nothing of. A missing icon file is
 * logged and shown as an empty image, never a crash. While a
 * Harvest timer runs the icon shows the running state, the tooltip "Project — Task · 1:07" and, on
 * macOS, the elapsed time as the title next to the icon, refreshed as the minutes pass.
 */
import { Tray, nativeImage } from "electron";
import type { NativeImage } from "electron";
import type { RunningTimer } from "../../shared/harvest-v2-state";
import type { TrayState } from "./tray";
import { timerLabels, trayIcon, trayStateWithTimer, trayTooltip } from "./tray";

/** How often the running timer's title is looked at (it changes once a minute). */
export const TIMER_TICK_MS = 5_000;

export interface TrayControllerOptions {
  readonly appPath: string;
  readonly platform: NodeJS.Platform;
  readonly initialState: TrayState;
  readonly warn: (message: string) => void;
  /** The clock and the repeating timer the running title uses (tests pass fakes). */
  readonly now?: () => number;
  readonly every?: (fn: () => void, ms: number) => () => void;
}

export interface TrayController {
  readonly tray: Tray;
  /** The image and tooltip shown now, for the library's start-up. */
  image(): NativeImage;
  tooltip(): string;
  setState(state: TrayState): void;
  /** The running Harvest timer, or null when none runs. */
  setTimer(timer: RunningTimer | null): void;
  destroy(): void;
}

const systemEvery = (fn: () => void, ms: number): (() => void) => {
  const handle = setInterval(fn, ms);
  handle.unref?.();
  return () => clearInterval(handle);
};

export function createTrayController(options: TrayControllerOptions): TrayController {
  const { appPath, platform, warn } = options;

  const imageFor = (state: TrayState): NativeImage => {
    const icon = trayIcon(appPath, state, platform);
    const image = nativeImage.createFromPath(icon.path);
    if (image.isEmpty()) warn(`tray icon for "${state}" is missing (${icon.path.slice(appPath.length)})`);
    if (icon.template) image.setTemplateImage(true);
    return image;
  };

  const now = options.now ?? Date.now;
  const every = options.every ?? systemEvery;
  let baseState = options.initialState;
  let timer: RunningTimer | null = null;
  let shownState: TrayState | null = null;
  let shownTooltip = "";
  let shownTitle = "";
  let stopTicking: (() => void) | null = null;

  let shownImage = imageFor(options.initialState);
  const tray = new Tray(shownImage);

  /** Applies what changed only: images are reloaded on a state change, never on a tick. */
  const render = (): void => {
    const state = trayStateWithTimer(baseState, timer);
    const labels = timerLabels(timer, now(), platform);
    const tooltip = labels.tooltip ?? trayTooltip(state);
    if (state !== shownState) {
      shownImage = imageFor(state);
      tray.setImage(shownImage);
      shownState = state;
    }
    if (tooltip !== shownTooltip) {
      tray.setToolTip(tooltip);
      shownTooltip = tooltip;
    }
    if (labels.title !== shownTitle) {
      // Digits of one width: a proportional "1:11" → "1:12" would shift the icons beside it.
      tray.setTitle(labels.title, { fontType: "monospacedDigit" });
      shownTitle = labels.title;
    }
  };

  const setState = (state: TrayState): void => {
    baseState = state;
    render();
  };

  const setTimer = (next: RunningTimer | null): void => {
    timer = next;
    if (next !== null && stopTicking === null) stopTicking = every(render, TIMER_TICK_MS);
    if (next === null && stopTicking !== null) {
      stopTicking();
      stopTicking = null;
    }
    render();
  };
  shownState = options.initialState;
  tray.setToolTip(trayTooltip(options.initialState));
  shownTooltip = trayTooltip(options.initialState);

  return {
    tray,
    image: () => shownImage,
    tooltip: () => shownTooltip,
    setState,
    setTimer,
    destroy: () => {
      stopTicking?.();
      stopTicking = null;
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
