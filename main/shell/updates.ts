/**
 * Updates, by electron-updater (electron-builder's own updater, reading the `latest*.yml` that
 * `electron-builder --publish` uploads beside the installers to GitHub Releases; see `publish` in
 * electron-builder.yml). It checks at start and once a day, downloads in the background, and
 * installs when the app quits; the popup says an update is waiting (a notice, and Settings' About).
 *
 * Not in development (nothing to replace), and not where a package manager owns the files: on
 * Linux only an AppImage updates itself ($APPIMAGE is set by its runtime); a .deb updates with apt.
 * The "Install updates automatically" setting turns checking and installing off.
 */
import type { AppUpdater, UpdateDownloadedEvent } from "electron-updater";
import type { ShellLog } from "./log";

/** The part of electron-updater's AppUpdater the app uses. */
export type Updater = Pick<AppUpdater, "checkForUpdates" | "on" | "removeListener"> & {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: AppUpdater["logger"];
};

export type UpdateMode = "auto" | "development" | "package-manager" | "unsupported";

export function updateMode(input: {
  readonly isPackaged: boolean;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
}): UpdateMode {
  if (!input.isPackaged) return "development";
  if (input.platform === "darwin" || input.platform === "win32") return "auto";
  if (input.platform === "linux") return (input.env.APPIMAGE ?? "") !== "" ? "auto" : "package-manager";
  return "unsupported";
}

export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

export interface UpdatesOptions {
  readonly updater: Updater;
  /** The setting at start. */
  readonly enabled: boolean;
  readonly log: ShellLog;
  /** A downloaded update is ready and installs at quit. */
  readonly onReady: (version: string) => void;
  readonly every?: (fn: () => void, ms: number) => () => void;
}

export interface Updates {
  setEnabled(enabled: boolean): void;
  /** Checks now (when enabled); never throws. */
  check(): Promise<void>;
  stop(): void;
}

const systemEvery = (fn: () => void, ms: number): (() => void) => {
  const handle = setInterval(fn, ms);
  handle.unref?.();
  return () => clearInterval(handle);
};

export function startUpdates(options: UpdatesOptions): Updates {
  const { updater, log } = options;
  const every = options.every ?? systemEvery;
  let enabled = false;
  let stopTimer: (() => void) | null = null;

  // electron-updater's own lines (download URLs, versions) go through our redacting log.
  updater.logger = {
    info: (message?: unknown) => log.info(`updater: ${String(message)}`),
    warn: (message?: unknown) => log.warn(`updater: ${String(message)}`),
    error: (message?: unknown) => log.warn(`updater: ${String(message)}`),
  };
  updater.autoDownload = true;

  const onDownloaded = (info: UpdateDownloadedEvent): void => {
    log.info(`update ${info.version} downloaded; it installs when the app quits`);
    options.onReady(info.version);
  };
  const onError = (error: Error): void => log.warn("update check failed", error);
  updater.on("update-downloaded", onDownloaded);
  updater.on("error", onError);

  const check = async (): Promise<void> => {
    if (!enabled) return;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      // Also emitted as "error"; offline at start is ordinary, the next day's check retries.
      log.info(`no update check this time (${error instanceof Error ? error.message.slice(0, 200) : "failed"})`);
    }
  };

  const setEnabled = (next: boolean): void => {
    updater.autoInstallOnAppQuit = next;
    if (next === enabled) return;
    enabled = next;
    if (enabled) {
      stopTimer = every(() => void check(), CHECK_EVERY_MS);
      void check();
    } else {
      stopTimer?.();
      stopTimer = null;
    }
  };
  setEnabled(options.enabled);
  updater.autoInstallOnAppQuit = options.enabled;

  return {
    setEnabled,
    check,
    stop: () => {
      stopTimer?.();
      stopTimer = null;
      updater.removeListener("update-downloaded", onDownloaded);
      updater.removeListener("error", onError);
    },
  };
}
