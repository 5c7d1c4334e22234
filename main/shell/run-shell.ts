/**
 * The Electron main process, wired together: scheme, single instance, hardened session, services,
 * IPC, popup window and tray (on electron-menubar), shortcut, launch at login and notifications.
 * Each piece lives in its own module; this file only connects them, and guards every callback so
 * that an error is logged (without secrets) instead of taking the tray app down.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Menu, Notification, app, globalShortcut, ipcMain, nativeTheme, protocol, session, shell } from "electron";
import type { BrowserWindow, WebContents } from "electron";
import { DEFAULT_SETTINGS } from "../../shared/contract";
import type { CallHandlers, EventName, Events, Settings, ShellInfo } from "../../shared/contract";
import type { RenderFirstFrame } from "../../shared/first-frame";
import type { Dispatch } from "../ipc/dispatch";
import { createDispatcher } from "../ipc/dispatch";
import type { ShellEnvironment } from "./environment";
import { readShellEnvironment } from "./environment";
import { forwardEvents, registerIpcHandlers, sendEvent } from "./ipc";
import { openExternalLink } from "./links";
import type { ShellLog } from "./log";
import { createShellLog } from "./log";
import { applyLaunchAtLogin, launchedAtLogin } from "./login-item";
import { appendLinuxSwitches, isWayland } from "./linux-desktop";
import type { CoopTrayApp } from "../app/coop-tray-app";
import { createFirstFramePage, type FirstFramePage } from "../app/first-frame-page";
import type { NewStatusesEvent } from "../services/events";
import { notificationContent } from "./notifications";
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from "./protocol";
import { createShortcutManager } from "./shortcut";
import type { RunningTimer } from "../../shared/harvest-v2-state";
import { showTimerInMenu, trayMenuTemplate } from "./tray";
import type { TrayController } from "./tray-controller";
import { createTrayController } from "./tray-controller";
import type { TrayWindow } from "./tray-window";
import { createTrayWindow } from "./tray-window";
import { watchPower } from "./power-monitor";
import { startUpdates, updateMode, type Updater, type Updates } from "./updates";
import { hardenSession, hardenWebContents } from "./web-security";
import { APP_ID } from "./identity";
import { applicationMenuTemplate, contextMenuTemplate } from "./menus";
import { reloadAfterRendererCrash } from "./renderer-recovery";
import { shellWindowCalls } from "./window-calls";
import { windowOptions } from "./window-options";

export interface ShellDependencies {
  /** Builds the services once Electron is ready. */
  readonly createApp: (environment: ShellEnvironment) => Promise<CoopTrayApp>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  /** The command line (process.argv); read for the flag a login start carries. */
  readonly argv?: readonly string[];
  readonly log?: ShellLog;
  /** Where `log` also writes (log-file.ts), for Settings' About; none in tests. */
  readonly logFile?: string;
  /** electron-updater's updater for this platform (updates.ts); without it the app does not update. */
  readonly loadUpdater?: () => Promise<Updater>;
}

export interface RunningShell {
  readonly window: BrowserWindow;
  readonly popup: TrayWindow;
  readonly tray: TrayController;
  readonly dispatch: Dispatch;
  readonly handlers: CallHandlers;
  /** Quits after stopping the services (what the tray menu's Quit does). */
  quit(): void;
}

/** Time the services get to stop (and the demo to sign out) before the app quits anyway. */
const QUIT_GRACE_MS = 3000;

export async function runShell(deps: ShellDependencies): Promise<RunningShell | null> {
  const platform = deps.platform ?? process.platform;
  // Before anything can show a notification or a window: Windows attributes both by this ID.
  if (platform === "win32") app.setAppUserModelId(APP_ID);
  const log = deps.log ?? createShellLog();
  const env = deps.env ?? process.env;
  const environment = readShellEnvironment(env);
  const wayland = isWayland(platform, env);
  for (const name of environment.ignored) log.warn(`ignored ${name}: not a usable value`);

  /** Runs `fn`, logging instead of throwing, for sync and async callbacks alike. */
  const guard = (label: string, fn: () => unknown): void => {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((error: unknown) => log.error(label, error));
    } catch (error) {
      log.error(label, error);
    }
  };

  // All must happen before the app is ready.
  appendLinuxSwitches(app.commandLine, platform);
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (environment.userDataDir !== null) app.setPath("userData", environment.userDataDir);

  if (!app.requestSingleInstanceLock()) {
    log.info("another Co-op Tray is already running; asking it to show itself");
    app.quit();
    return null;
  }

  // A tray app keeps running with its window hidden or closed.
  app.on("window-all-closed", () => undefined);

  const openLinkExternally = (url: string): void => {
    void openExternalLink(shell, url, (error) => log.warn("could not open a link", error));
  };
  app.on("web-contents-created", (_event, contents) => {
    hardenWebContents(contents, { openExternally: openLinkExternally, log: (message) => log.warn(message) });
  });

  await app.whenReady();
  hardenSession(session.defaultSession);
  const applicationMenu = applicationMenuTemplate(platform);
  Menu.setApplicationMenu(applicationMenu === null ? null : Menu.buildFromTemplate(applicationMenu));

  const appPath = app.getAppPath();
  const rendererDir = join(appPath, "dist", "renderer");
  let indexPage: FirstFramePage | null = null;
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler(rendererDir, {
      indexPage: () => indexPage?.page() ?? null,
      onRenderError: (error) => log.error("the first frame could not be rendered; the page starts without it", error),
    }),
  );

  let coop: CoopTrayApp;
  try {
    coop = await deps.createApp(environment);
  } catch (error) {
    log.error("the app's services could not start", error);
    app.quit();
    return null;
  }
  // index.html carries the popup's first frame, rendered by dist/first-frame (renderer/first-frame.tsx,
  // built for Node) whenever the cached data changes; started now, while the window is being created.
  const firstFrameModule = pathToFileURL(join(appPath, "dist", "first-frame", "index.mjs")).href;
  indexPage = createFirstFramePage({
    template: () => readFile(join(rendererDir, "index.html"), "utf8"),
    frame: () => coop.firstFrame(),
    // Node's module cache makes this one load.
    renderer: async () => ((await import(firstFrameModule)) as { renderFirstFrame: RenderFirstFrame }).renderFirstFrame,
    onChange: (listener) => coop.onFirstFrameChange(listener),
    onError: (error) =>
      log.warn("the first frame could not be rendered ahead; it is tried again when the page loads", error),
  });

  // The tray shows the app's state; electron-menubar (tray-window.ts) handles its clicks and menu.
  const tray = createTrayController({
    appPath,
    platform,
    initialState: safeTrayState(coop, log),
    warn: (message) => log.warn(message),
  });
  // Its items reach `popup` and `showAndSend`, declared below: no click can arrive before they exist.
  const menu = Menu.buildFromTemplate(
    trayMenuTemplate({
      open: () => guard("open failed", () => popup.show()),
      refresh: () => guard("refresh failed", () => coop.refreshAll()),
      settings: () => guard("opening settings failed", () => showAndSend("navigate", { view: "settings" })),
      quit: () => app.quit(),
      stopTimer: () => guard("stopping the timer failed", () => stopTimerFromMenu()),
      newNote: () => guard("opening the composer failed", () => showAndSend("openComposer", null)),
    }),
  );
  /** Stop from the menu: the services stop it in Harvest and announce the change (the menu follows). */
  const stopTimerFromMenu = (): void => {
    const running = coop.runningTimer();
    if (running === null) return;
    void coop.handlers.stopTimer({ entryId: running.entryId }).then((result) => {
      if (!result.ok) report(`The timer could not be stopped: ${result.error.message}`);
    });
  };
  let popup: TrayWindow;
  try {
    popup = await createTrayWindow(
      {
        browserWindow: windowOptions({
          preloadPath: join(appPath, "dist", "preload", "index.cjs"),
          devTools: !app.isPackaged,
          dark: nativeTheme.shouldUseDarkColors,
          kind: wayland ? "window" : "popup",
          ...(platform === "linux" ? { icon: join(appPath, "build", "icon.png") } : {}),
        }),
        index: APP_INDEX_URL,
        tray: tray.tray,
        icon: tray.image(),
        tooltip: tray.tooltip(),
        contextMenu: menu,
      },
      {
        platform,
        onShown: () => {
          guard("telling the page it is shown failed", () => sendToPage("windowVisibility", { visible: true }));
          guard("refresh on open failed", () => coop.windowShown());
        },
        onHidden: () =>
          guard("telling the page it is hidden failed", () => sendToPage("windowVisibility", { visible: false })),
        onError: (message, error) => log.error(message, error),
      },
    );
  } catch (error) {
    log.error("the tray window could not be created", error);
    tray.destroy();
    app.quit();
    return null;
  }
  // The library has started loading the page. Everything up to the IPC handlers below runs without
  // an await, so they are registered before the page can send its first call.
  const window = popup.window;
  const contents = (): WebContents | null => (window.isDestroyed() ? null : window.webContents);

  /** Sends an event once the page has loaded, so its listeners exist. */
  const sendToPage = <E extends EventName>(name: E, payload: Events[E]): void => {
    const target = contents();
    if (target === null) return;
    if (target.isLoading()) target.once("did-finish-load", () => sendEvent(contents, name, payload));
    else sendEvent(contents, name, payload);
  };

  // The page's own visibilityState is wrong in a hidden, unthrottled window: each load (the first,
  // a reload after a crash) learns from the shell whether it is on screen.
  let shellInfo: ShellInfo = { logFile: deps.logFile ?? null, updateReady: null };
  window.webContents.on("did-finish-load", () =>
    guard("telling the page its visibility failed", () => {
      sendEvent(contents, "windowVisibility", { visible: popup.isVisible() });
      sendEvent(contents, "shellInfo", shellInfo);
    }),
  );
  const updateShellInfo = (change: Partial<ShellInfo>): void => {
    shellInfo = { ...shellInfo, ...change };
    sendToPage("shellInfo", shellInfo);
  };

  reloadAfterRendererCrash(window.webContents, log);
  window.webContents.on("context-menu", (_event, params) =>
    guard("the context menu failed", () => {
      const items = contextMenuTemplate(params, {
        replaceMisspelling: (word) => contents()?.replaceMisspelling(word),
        addToDictionary: (word) => contents()?.session.addWordToSpellCheckerDictionary(word),
      });
      if (items.length > 0) Menu.buildFromTemplate(items).popup({ window });
    }),
  );

  const report = (message: string, error?: unknown): void => {
    log.warn(message, error);
    guard("could not add a notice", () => coop.addNotice(message));
  };
  const shortcuts = createShortcutManager(
    globalShortcut,
    () => guard("shortcut failed", () => showAndSend("openComposer", null)),
    report,
    { wayland },
  );
  // A hidden window records nothing: take the shortcut back whatever hid it (a blur, Escape, a
  // tray click), so a recorder that never saw its blur cannot leave the shortcut off.
  window.on("hide", () => guard("resuming the shortcut failed", () => shortcuts.setPaused(false)));

  // Service calls from the services, window calls from the shell: each answered in one place.
  const handlers: CallHandlers = {
    ...coop.handlers,
    ...shellWindowCalls({
      shell,
      popup,
      shortcuts,
      log,
      quit: () => app.quit(),
      // macOS hands the keyboard back to the previous app only when the app itself hides.
      afterExplicitHide: platform === "darwin" ? () => app.hide() : () => undefined,
    }),
  };
  const dispatch = createDispatcher(handlers, {
    onHandlerError: (name, error) => log.error(`call "${name}" failed`, error),
  });
  const disposeIpc = registerIpcHandlers({ ipcMain, dispatch, trusted: contents, log: (message) => log.warn(message) });
  const stopForwarding = forwardEvents(coop, contents);

  const showAndSend = <E extends EventName>(name: E, payload: Events[E]): void => {
    popup.show();
    sendToPage(name, payload);
  };

  const stopTrayState = coop.onTrayState((state) => guard("tray update failed", () => tray.setState(state)));
  // A change between the tray's first state and this subscription would otherwise be missed.
  guard("tray update failed", () => tray.setState(safeTrayState(coop, log)));
  // A running Harvest timer: the running icon, its tooltip and (macOS) the elapsed time as the title.
  const showTimer = (timer: RunningTimer | null): void => {
    tray.setTimer(timer);
    showTimerInMenu(menu, timer);
    popup.menubar.refreshContextMenu();
  };
  guard("tray timer failed", () => showTimer(coop.runningTimer()));
  const stopRunningTimer = coop.on("runningTimer", (timer) =>
    guard("tray timer update failed", () => showTimer(timer)),
  );
  // Idle time and sleep, for the question about a running timer (the decisions are the services').
  const stopPower = watchPower({
    observeIdle: (seconds) => guard("idle check failed", () => coop.power.observeIdle(seconds)),
    suspended: () => guard("suspend handling failed", () => coop.power.suspended()),
    resumed: () => guard("resume handling failed", () => coop.power.resumed()),
  });

  // Settings that live in the OS: shortcut (created above, with the handlers), login item;
  // notifications are checked per batch.
  let applied: Settings | null = null;
  let ownUserId: number | null = null;
  let updates: Updates | null = null;
  let updatesWanted = DEFAULT_SETTINGS.autoUpdate;
  const applySettings = (settings: Settings): void => {
    shortcuts.apply(settings.globalShortcut);
    updatesWanted = settings.autoUpdate;
    updates?.setEnabled(settings.autoUpdate);
    // On a change only: at start the OS's own record (the user may have turned it off there) stands.
    if (applied !== null && applied.launchAtLogin !== settings.launchAtLogin) {
      const enabled = settings.launchAtLogin;
      guard("launch at login could not be changed", async () => {
        const outcome = await applyLaunchAtLogin({ app, platform, env, execPath: process.execPath }, enabled);
        if (outcome !== "applied" && enabled) log.info(`launch at login not set (${outcome})`);
      });
    }
    applied = settings;
  };
  const stopState = coop.on("stateChanged", (state) =>
    guard("applying settings failed", () => {
      ownUserId = state.account?.userId ?? null;
      applySettings(state.settings);
    }),
  );
  try {
    const initial = await coop.handlers.getState(undefined);
    if (initial.ok) {
      ownUserId = initial.value.account?.userId ?? null;
      applySettings(initial.value.settings);
    } else log.warn(`could not read the settings (${initial.error.kind})`);
  } catch (error) {
    log.error("could not read the settings", error);
  }

  // Notification objects are kept until closed: one that is garbage-collected loses its click handler.
  const shownNotifications = new Set<Notification>();
  const stopNotifications = coop.onNewStatuses((batch: NewStatusesEvent) =>
    guard("notification failed", () => {
      if (applied?.notifications !== true || popup.isVisible() || !Notification.isSupported()) return;
      const content = notificationContent(batch, ownUserId);
      if (content === null) return;
      const notification = new Notification({ title: content.title, body: content.body, silent: false });
      shownNotifications.add(notification);
      notification.on("click", () => guard("notification click failed", () => popup.show()));
      notification.on("close", () => shownNotifications.delete(notification));
      notification.show();
    }),
  );

  app.on("second-instance", () => guard("second instance failed", () => popup.show()));

  // The first quit stops the services (within QUIT_GRACE_MS), then quits for real; electron-menubar
  // stops hiding the window on close from the first before-quit on.
  let quitting = false;
  app.on("before-quit", (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    const cleanup = async (): Promise<void> => {
      shortcuts.dispose();
      indexPage?.close();
      updates?.stop();
      stopNotifications();
      stopState();
      stopTrayState();
      stopRunningTimer();
      stopPower();
      stopForwarding();
      disposeIpc();
      await coop.stop();
      // The demo leaves nothing behind in the user's keychain.
      if (environment.demoLogin !== null) await coop.handlers.signOut(undefined);
    };
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_GRACE_MS).unref?.());
    void Promise.race([
      cleanup().catch((error: unknown) => log.error("clean shutdown failed", error)),
      timeout,
    ]).finally(() => {
      popup.destroy();
      tray.destroy();
      app.quit();
    });
  });
  app.on("will-quit", () => globalShortcut.unregisterAll());

  try {
    await coop.start();
  } catch (error) {
    log.error("the services did not start cleanly", error);
  }
  if (environment.demoLogin !== null) await demoSignIn(dispatch, environment, log);

  const mode = updateMode({ isPackaged: app.isPackaged, platform, env });
  if (mode === "auto" && deps.loadUpdater !== undefined) {
    try {
      updates = startUpdates({
        updater: await deps.loadUpdater(),
        enabled: updatesWanted,
        log,
        onReady: (version) => {
          updateShellInfo({ updateReady: version });
          guard("could not add a notice", () =>
            coop.addNotice(`Co-op Tray ${version} is downloaded: it installs when you quit.`),
          );
        },
      });
    } catch (error) {
      log.error("the updater could not start", error);
    }
  } else log.info(`no automatic updates (${mode === "auto" ? "no updater" : mode})`);

  // A menu-bar app starts with nothing on screen but its icon, which Windows 11 tucks into the
  // overflow and GNOME shows only with an AppIndicator extension: a start by the user (not the OS
  // at login) shows the popup once, so the app is seen to have started.
  if (app.isPackaged && !launchedAtLogin(app, platform, deps.argv ?? process.argv)) {
    guard("showing the popup at start failed", () => popup.show());
  }

  return { window, popup, tray, dispatch, handlers, quit: () => app.quit() };
}

function safeTrayState(coop: CoopTrayApp, log: ShellLog): ReturnType<CoopTrayApp["trayState"]> {
  try {
    return coop.trayState();
  } catch (error) {
    log.error("could not read the tray state", error);
    return "normal";
  }
}

/** Demo mode: sign in to the sandbox with the given login unless an account is already signed in. */
async function demoSignIn(dispatch: Dispatch, environment: ShellEnvironment, log: ShellLog): Promise<void> {
  const login = environment.demoLogin;
  if (login === null) return;
  if (environment.serverUrl === null) {
    log.warn("demo sign-in skipped: COOP_TRAY_SERVER_URL is not set");
    return;
  }
  const state = await dispatch("getState", undefined);
  if (state.ok && (state.value as { account: unknown }).account !== null) return;
  const result = await dispatch("signIn", {
    serverUrl: environment.serverUrl,
    email: login.email,
    password: login.password,
  });
  if (result.ok) log.info("demo: signed in to the sandbox");
  else log.warn(`demo sign-in failed (${result.error.kind}): ${result.error.message}`);
}
