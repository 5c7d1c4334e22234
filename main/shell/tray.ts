/**
 * The tray icon: one image per state, a tooltip saying the state, left click toggles the popup,
 * right click (or any click on Linux, where many panels only show menus) offers the menu.
 *
 * Icons live in build/tray/ under the app path: `<state>Template.png` on macOS (black + alpha, so
 * the system tints them for light and dark menu bars), `<state>.ico` on Windows, `<state>-linux.png`
 * (32 px) elsewhere; Electron picks up the `@2x` files next to a macOS PNG by itself.
 */
import { join } from "node:path";
import type { Menu, MenuItemConstructorOptions } from "electron";
import { elapsedText, runningTooltip, type RunningTimer } from "../../shared/harvest-v2-state";
import { TRAY_STATES, type TrayState } from "../services/events";

// The shell's tests and the icon checks read the states from here, next to the icons they name.
export { TRAY_STATES, type TrayState };

const TOOLTIPS: Readonly<Record<TrayState, string>> = {
  normal: "Co-op Tray",
  unread: "Co-op Tray: new statuses",
  offline: "Co-op Tray: offline",
  throttled: "Co-op Tray: waiting for Harvest's rate limit",
  running: "Co-op Tray: a Harvest timer is running",
};

export interface TrayIcon {
  readonly path: string;
  /** macOS template image: tinted by the system. */
  readonly template: boolean;
}

export function trayIcon(appPath: string, state: TrayState, platform: NodeJS.Platform): TrayIcon {
  const dir = join(appPath, "build", "tray");
  if (platform === "darwin") return { path: join(dir, `${state}Template.png`), template: true };
  if (platform === "win32") return { path: join(dir, `${state}.ico`), template: false };
  // One 32 px image that the panel scales down (it would blur a 16 px one scaling it up).
  return { path: join(dir, `${state}-linux.png`), template: false };
}

export function trayTooltip(state: TrayState): string {
  return TOOLTIPS[state];
}

/**
 * The icon state with a timer in view: offline and throttled still say what is wrong; otherwise a
 * running timer shows (Harvest's own menu-bar app shows its clock the same way) over unread.
 */
export function trayStateWithTimer(state: TrayState, timer: RunningTimer | null): TrayState {
  if (timer === null || state === "offline" || state === "throttled") return state;
  return "running";
}

/** The tray's tooltip and (macOS only, next to the icon) title while a timer runs. */
export function timerLabels(
  timer: RunningTimer | null,
  now: number,
  platform: NodeJS.Platform,
): { tooltip: string | null; title: string } {
  if (timer === null) return { tooltip: null, title: "" };
  const title = platform === "darwin" ? elapsedText(now - timer.baselineMs) : "";
  return { tooltip: runningTooltip(timer, now), title };
}

export interface TrayMenuActions {
  readonly open: () => void;
  readonly refresh: () => void;
  readonly settings: () => void;
  readonly quit: () => void;
  /** Stops the running Harvest timer, without opening the popup. */
  readonly stopTimer: () => void;
  /** Opens the composer (as the global shortcut does). */
  readonly newNote: () => void;
}

/**
 * The menu: the running timer (hidden while none runs) with Stop, New note…, then the app's items.
 * The timer's items change in place (`showTimerInMenu`): the menu object is the one the tray holds.
 */
export function trayMenuTemplate(actions: TrayMenuActions): MenuItemConstructorOptions[] {
  return [
    { id: "timer", label: "No timer running", enabled: false, visible: false },
    { id: "stopTimer", label: "Stop timer", visible: false, click: () => actions.stopTimer() },
    { id: "newNote", label: "New note…", click: () => actions.newNote() },
    { type: "separator" },
    { id: "open", label: "Open Co-op Tray", click: () => actions.open() },
    { id: "refresh", label: "Refresh", click: () => actions.refresh() },
    { id: "settings", label: "Settings…", click: () => actions.settings() },
    { type: "separator" },
    { id: "quit", label: "Quit Co-op Tray", role: "quit", click: () => actions.quit() },
  ];
}

/** The timer's line in the menu: what runs, as the tooltip names it (the time is in the title). */
export function timerMenuLabel(timer: RunningTimer): string {
  return `Running: ${timer.projectName} — ${timer.taskName}`;
}

/** Shows the running timer and its Stop in the menu, or hides both; the caller re-publishes the menu. */
export function showTimerInMenu(menu: Pick<Menu, "getMenuItemById">, timer: RunningTimer | null): void {
  const line = menu.getMenuItemById("timer");
  const stop = menu.getMenuItemById("stopTimer");
  if (line !== null) {
    line.label = timer === null ? "No timer running" : timerMenuLabel(timer);
    line.visible = timer !== null;
  }
  if (stop !== null) stop.visible = timer !== null;
}
