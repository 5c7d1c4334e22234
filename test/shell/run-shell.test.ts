import type { FirstFrame } from "../../shared/first-frame";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CALL_NAMES, EVENT_NAMES } from "../../shared/contract";
import type { Events } from "../../shared/contract";
import { err } from "../../shared/errors";
import type { Status } from "@coop-tray/protocol/models";
import { createShellLog } from "../../main/shell/log";
import { APP_CSP as CONTENT_SECURITY_POLICY } from "../../shared/csp";
import type { ShellDependencies } from "../../main/shell/run-shell";
import { runShell } from "../../main/shell/run-shell";
import { TRAY_STATES } from "../../main/shell/tray";
import { windowOptions } from "../../main/shell/window-options";
import {
  FakeBrowserWindow,
  FakeEvent,
  FakeNotification,
  FakeTray,
  fake,
  fakePowerMonitor,
  resetFake,
  type FakeMenu,
} from "./fake-electron";
import type { TestApp } from "./test-app";
import { appState, createTestApp } from "./test-app";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

let appPath: string;

beforeAll(() => {
  appPath = mkdtempSync(join(tmpdir(), "coop-tray-shell-"));
  mkdirSync(join(appPath, "dist", "renderer"), { recursive: true });
  writeFileSync(join(appPath, "dist", "renderer", "index.html"), "<!doctype html><title>Co-op Tray</title>");
  mkdirSync(join(appPath, "build", "tray"), { recursive: true });
  for (const state of TRAY_STATES) {
    for (const name of [`${state}Template.png`, `${state}.png`, `${state}-linux.png`, `${state}.ico`])
      writeFileSync(join(appPath, "build", "tray", name), "icon");
  }
});
afterAll(() => rmSync(appPath, { recursive: true, force: true }));

interface Started {
  readonly running: NonNullable<Awaited<ReturnType<typeof runShell>>>;
  readonly app: TestApp;
  readonly lines: string[];
  readonly window: FakeBrowserWindow;
  readonly tray: FakeTray;
}

async function start(
  options: {
    app?: TestApp;
    env?: Record<string, string>;
    platform?: NodeJS.Platform;
    isPackaged?: boolean;
    keepFake?: boolean;
  } = {},
): Promise<Started> {
  if (options.keepFake !== true) resetFake();
  fake.app.appPath = appPath;
  fake.app.isPackaged = options.isPackaged ?? false;
  const app = options.app ?? createTestApp();
  const lines: string[] = [];
  const deps: ShellDependencies = {
    createApp: async () => app,
    env: options.env ?? {},
    platform: options.platform ?? "darwin",
    log: createShellLog((line) => lines.push(line)),
  };
  const running = await runShell(deps);
  if (running === null) throw new Error("shell did not start");
  const window = FakeBrowserWindow.instances[0];
  const tray = FakeTray.instances[0];
  if (!window || !tray) throw new Error("no window or tray");
  return { running, app, lines, window, tray };
}

function trustedEvent(window: FakeBrowserWindow): { sender: unknown; senderFrame: unknown } {
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}

async function invoke(channel: string, event: unknown, args?: unknown): Promise<unknown> {
  const handler = fake.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, args);
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What the page was sent, less what the shell sends on its own at show, hide and load (its own tests). */
const pageEvents = (window: FakeBrowserWindow): Array<[string, unknown]> =>
  window.webContents.sent.filter(
    ([channel]) => channel !== "coop-event:windowVisibility" && channel !== "coop-event:shellInfo",
  );

describe("startup", () => {
  it("registers the app scheme as standard and secure, with V8's code cache, before the app is ready", async () => {
    await start();
    expect(fake.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: "app", privileges: { standard: true, secure: true, codeCache: true } },
    ]);
    expect(fake.calls.indexOf("registerSchemes")).toBeGreaterThanOrEqual(0);
    expect(fake.calls.indexOf("registerSchemes")).toBeLessThan(fake.calls.indexOf("whenReady"));
  });

  it("quits at once, creating nothing, when another instance holds the lock", async () => {
    resetFake();
    fake.app.appPath = appPath;
    fake.app.lock = false;
    const createApp = vi.fn(async () => createTestApp());
    const result = await runShell({ createApp, env: {}, platform: "darwin", log: createShellLog(() => undefined) });
    expect(result).toBeNull();
    expect(fake.module.app.quit).toHaveBeenCalled();
    expect(createApp).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it("shows the running instance's window when a second one starts", async () => {
    const { window } = await start();
    expect(window.visible).toBe(false);
    fake.app.emit("second-instance", new FakeEvent(), [], "");
    expect(window.visible).toBe(true);
  });

  it("creates the popup hidden, from windowOptions, with the bundled preload, and loads the app page", async () => {
    const { window, app } = await start();
    expect(window.options).toEqual(
      windowOptions({ preloadPath: join(appPath, "dist", "preload", "index.cjs"), devTools: true }),
    );
    expect(window.visible).toBe(false);
    expect(window.loadedUrl).toBe("app://coop-tray/index.html");
    expect(app.counts.start).toBe(1);
  });

  it("turns developer tools off in a packaged build", async () => {
    const { window } = await start({ isPackaged: true });
    expect((window.options.webPreferences as { devTools: boolean }).devTools).toBe(false);
  });

  it("keeps the app out of the dock (electron-menubar hides it wherever app.dock exists: macOS)", async () => {
    await start({ platform: "darwin" });
    expect(fake.module.app.dock?.hide).toHaveBeenCalled();
  });

  it("logs and quits instead of crashing when the services cannot start", async () => {
    resetFake();
    fake.app.appPath = appPath;
    const lines: string[] = [];
    const result = await runShell({
      createApp: async () => {
        throw new Error("keychain said password=hunter2");
      },
      env: {},
      platform: "darwin",
      log: createShellLog((line) => lines.push(line)),
    });
    expect(result).toBeNull();
    expect(fake.module.app.quit).toHaveBeenCalled();
    expect(lines.join("\n")).toContain("could not start");
    expect(lines.join("\n")).not.toContain("hunter2");
  });

  it("serves dist/renderer through the app scheme with the CSP", async () => {
    await start();
    const handler = fake.protocolHandlers.get("app");
    if (!handler) throw new Error("no app protocol handler");
    const response = await handler(new Request("app://coop-tray/index.html"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain("<title>Co-op Tray</title>");
    writeFileSync(join(appPath, "dist", "secret.txt"), "not for the page");
    const traversal = await handler(new Request("app://coop-tray/%2e%2e/secret.txt"));
    expect(traversal.status).not.toBe(200);
    expect(await traversal.text()).not.toContain("not for the page");
  });

  it("serves index.html with the first frame from dist/first-frame, rendered ahead when the data changes, never per request", async () => {
    mkdirSync(join(appPath, "dist", "first-frame"), { recursive: true });
    // A stand-in for the built renderer of the first frame (its own tests cover the real one) that counts its renders.
    writeFileSync(
      join(appPath, "dist", "first-frame", "index.mjs"),
      "export const renderFirstFrame = (page, frame) => {\n" +
        "  globalThis.firstFrameRenders = (globalThis.firstFrameRenders ?? 0) + 1;\n" +
        '  return page.replace("</title>", `</title><main data-group="${frame.groupId}"></main>`);\n' +
        "};",
    );
    const renders = (): number => (globalThis as { firstFrameRenders?: number }).firstFrameRenders ?? 0;
    const app = createTestApp();
    app.firstFrameData = { groupId: 34 } as unknown as FirstFrame;
    await start({ app });
    const handler = fake.protocolHandlers.get("app");
    if (!handler) throw new Error("no app protocol handler");
    const page = async (): Promise<string> => (await handler(new Request("app://coop-tray/index.html"))).text();
    const group34 = '<!doctype html><title>Co-op Tray</title><main data-group="34"></main>';
    expect(await page()).toBe(group34);
    expect(await page()).toBe(group34);
    expect(renders()).toBe(1);

    // Asked for right after a change: the page of the data as it is now, never the one before.
    app.firstFrameData = { groupId: 25 } as unknown as FirstFrame;
    app.firstFrameChanged();
    expect(await page()).toBe('<!doctype html><title>Co-op Tray</title><main data-group="25"></main>');
    expect(await page()).toContain('data-group="25"');
    expect(renders()).toBe(2);
    expect((await handler(new Request("app://coop-tray/index.html"))).headers.get("content-security-policy")).toBe(
      CONTENT_SECURITY_POLICY,
    );

    // Signed out (no frame): index.html as it is.
    app.firstFrameData = null;
    app.firstFrameChanged();
    expect(await page()).toBe("<!doctype html><title>Co-op Tray</title>");
    expect(renders()).toBe(2);
  });
});

describe("IPC", () => {
  it("registers exactly one handler per contract call", async () => {
    await start();
    const channels = fake.module.ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect([...channels].sort()).toEqual(CALL_NAMES.map((name) => `coop:${name}`).sort());
  });

  it("dispatches a call from the app's own window to the handler with the parsed argument", async () => {
    const { window, app } = await start();
    const result = await invoke("coop:postNote", trustedEvent(window), { groupId: 25, text: "Gourmet night is on" });
    expect(result).toEqual({ ok: true, value: null });
    expect(app.received.filter((call) => call.name === "postNote")).toEqual([
      { name: "postNote", args: { groupId: 25, text: "Gourmet night is on" } },
    ]);
  });

  const strangers: ReadonlyArray<readonly [string, (window: FakeBrowserWindow) => unknown]> = [
    [
      "another web contents",
      (window) => ({ sender: { id: window.webContents.id + 100 }, senderFrame: window.webContents.mainFrame }),
    ],
    [
      "a subframe of our window",
      (window) => ({
        sender: window.webContents,
        senderFrame: { url: "app://coop-tray/index.html", parent: window.webContents.mainFrame },
      }),
    ],
    [
      "our window showing a web page",
      (window) => ({ sender: window.webContents, senderFrame: { url: "https://evil.example/", parent: null } }),
    ],
    [
      "our window showing a file",
      (window) => ({ sender: window.webContents, senderFrame: { url: "file:///tmp/index.html", parent: null } }),
    ],
    [
      "another app-scheme host",
      (window) => ({ sender: window.webContents, senderFrame: { url: "app://evil/index.html", parent: null } }),
    ],
    ["a frame that is gone", (window) => ({ sender: window.webContents, senderFrame: null })],
  ];

  it.each(strangers)("refuses %s and runs no handler", async (_what, makeEvent) => {
    const { window, app, lines } = await start();
    const result = await invoke("coop:signOut", makeEvent(window));
    expect(result).toMatchObject({ ok: false, error: { kind: "invalidInput" } });
    expect(app.received).not.toContainEqual(expect.objectContaining({ name: "signOut" }));
    expect(lines.some((line) => line.includes('refused "signOut"'))).toBe(true);
  });

  it("refuses calls once the window is destroyed", async () => {
    const { window, app } = await start();
    window.destroyed = true;
    expect(await invoke("coop:signOut", trustedEvent(window))).toMatchObject({
      ok: false,
      error: { kind: "invalidInput" },
    });
    expect(app.received.some((call) => call.name === "signOut")).toBe(false);
  });

  it("refuses an invalid payload from the app's own window and runs no handler", async () => {
    const { window, app } = await start();
    const received = app.received.length;
    const result = await invoke("coop:postNote", trustedEvent(window), {
      groupId: -1,
      text: "x".repeat(10_001),
      sneaky: true,
    });
    expect(result).toMatchObject({ ok: false, error: { kind: "invalidInput" } });
    expect(app.received.length).toBe(received);
  });

  it("answers a throwing handler with an internal error and logs it without secrets", async () => {
    const app = createTestApp({
      overrides: {
        listGroups: async () => {
          throw new Error(
            "GET http://basil:fawltytowers@coop/groups failed, Authorization: Basic YmFzaWw6ZmF3bHR5dG93ZXJz",
          );
        },
      },
    });
    const { window, lines } = await start({ app });
    const result = await invoke("coop:listGroups", trustedEvent(window));
    expect(result).toMatchObject({ ok: false, error: { kind: "internal" } });
    expect(JSON.stringify(result)).not.toContain("fawltytowers");
    const log = lines.join("\n");
    expect(log).toContain('call "listGroups" failed');
    expect(log).not.toContain("fawltytowers");
    expect(log).not.toContain("YmFzaWw6ZmF3bHR5dG93ZXJz");
  });

  it("forwards every contract event to the window, payload only", async () => {
    const { window, app } = await start();
    const payloads: { [E in keyof Events]: Events[E] } = {
      stateChanged: appState(),
      groupsChanged: [],
      feedUpdated: {
        groupId: 25,
        newStatuses: 2,
        feed: {
          query: { groupId: 25, date: null, userId: null },
          statuses: [],
          lastSyncedAt: 1,
          fromCache: false,
          error: null,
        },
      },
      outboxChanged: [],
      invitationsChanged: null,
      openComposer: null,
      navigate: { view: "feed" },
      harvestV2Changed: { link: null, tokenPage: "https://id.getharvest.com/developers", clientsApi: null },
      timersChanged: { day: "2026-12-01", entries: [], fetchedAt: 1, wantsTimestampTimers: false },
      runningTimer: {
        entryId: 7,
        projectName: "Gourmet Night",
        taskName: "Cook the duck",
        clientName: "City of Torquay",
        notes: null,
        baselineMs: 1,
      },
      idlePrompt: null,
      windowVisibility: { visible: true },
      shellInfo: { logFile: null, updateReady: null },
    };
    window.webContents.sent.length = 0;
    for (const name of EVENT_NAMES) app.emit(name, payloads[name] as never);
    expect(window.webContents.sent).toEqual(EVENT_NAMES.map((name) => [`coop-event:${name}`, payloads[name]]));
  });

  it("hides the window on hideWindow (Escape in the page)", async () => {
    const { window, running } = await start();
    running.popup.show();
    expect(window.visible).toBe(true);
    expect(await invoke("coop:hideWindow", trustedEvent(window))).toEqual({ ok: true, value: null });
    expect(window.visible).toBe(false);
  });

  it("quits on quitApp (the popup's About section), after answering", async () => {
    const { window } = await start();
    const before = fake.app.quitCount;
    expect(await invoke("coop:quitApp", trustedEvent(window))).toEqual({ ok: true, value: null });
    await vi.waitFor(() => expect(fake.app.quitCount).toBe(before + 1));
  });
});

describe("links, navigation, permissions", () => {
  const unsafeLinks = [
    "file:///etc/passwd",
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "smb://attacker/share",
    "ms-msdt:/id PCWDiagnostic",
    "coop-tray://open",
    "app://coop-tray/index.html",
    "mailto:basil@fawltytowers.com?body=hello",
    "mailto:basil@fawltytowers.com,sybil@fawltytowers.com",
    "http//missing-colon.example",
    "https://user:pw@example.com/",
    "",
    "not a url",
  ];

  it("opens http(s) links from the page in the browser", async () => {
    const { window } = await start();
    expect(
      await invoke("coop:openExternal", trustedEvent(window), { url: "https://www.getharvest.com/pricing?x=1" }),
    ).toEqual({ ok: true, value: null });
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith("https://www.getharvest.com/pricing?x=1");
  });

  it("opens a mailto of one plain address (an email in a note) in the mail app, from the page only", async () => {
    const { window } = await start();
    expect(await invoke("coop:openExternal", trustedEvent(window), { url: "mailto:basil@fawltytowers.com" })).toEqual({
      ok: true,
      value: null,
    });
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith("mailto:basil@fawltytowers.com");
  });

  it.each(unsafeLinks)(
    "never opens %j, whether it comes over IPC, the handler, window.open or navigation",
    async (url) => {
      const { window, running } = await start();
      expect(await invoke("coop:openExternal", trustedEvent(window), { url })).toMatchObject({
        ok: false,
        error: { kind: "invalidInput" },
      });
      expect(await running.handlers.openExternal({ url })).toMatchObject({
        ok: false,
        error: { kind: "invalidInput" },
      });
      expect(window.webContents.windowOpenHandler?.({ url })).toEqual({ action: "deny" });
      const navigation = new FakeEvent({ url, isMainFrame: true });
      window.webContents.emit("will-navigate", navigation);
      expect(navigation.defaultPrevented).toBe(true);
      await flush();
      expect(fake.module.shell.openExternal).not.toHaveBeenCalled();
    },
  );

  it("denies window.open even for http(s), handing the link to the browser instead", async () => {
    const { window } = await start();
    expect(window.webContents.windowOpenHandler?.({ url: "https://example.com/a" })).toEqual({ action: "deny" });
    await flush();
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith("https://example.com/a");
  });

  it("prevents navigation, redirects, subframe navigation and webviews", async () => {
    const { window } = await start();
    for (const [name, props] of [
      ["will-navigate", { url: "https://example.com/", isMainFrame: true }],
      ["will-redirect", { url: "https://example.com/elsewhere", isMainFrame: true }],
      ["will-frame-navigate", { url: "https://example.com/frame", isMainFrame: false }],
      ["will-attach-webview", {}],
    ] as const) {
      const event = new FakeEvent(props);
      window.webContents.emit(name, event, {}, {});
      expect(event.defaultPrevented, name).toBe(true);
    }
  });

  it("denies every permission request and check", async () => {
    await start();
    const { request, check, device } = fake.permissions;
    if (!request || !check || !device) throw new Error("permission handlers not set");
    for (const permission of [
      "media",
      "geolocation",
      "notifications",
      "clipboard-read",
      "openExternal",
      "fullscreen",
    ]) {
      const callback = vi.fn();
      request({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(check({}, permission, "app://coop-tray", {})).toBe(false);
    }
    expect(device({ deviceType: "usb" })).toBe(false);
  });

  it("hides instead of closing when the user closes the window", async () => {
    const { window, running } = await start();
    running.popup.show();
    const event = window.userClose();
    expect(event.defaultPrevented).toBe(true);
    await flush();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);
  });
});

describe("tray", () => {
  it("starts with the app's state icon (template image on macOS) and tooltip, and follows state changes", async () => {
    const app = createTestApp();
    app.setTrayState("unread");
    const { tray } = await start({ app, platform: "darwin" });
    expect(tray.image.path).toBe(join(appPath, "build", "tray", "unreadTemplate.png"));
    expect(tray.image.template).toBe(true);
    expect(tray.tooltip).toMatch(/new statuses/);
    app.setTrayState("offline");
    expect(tray.image.path).toBe(join(appPath, "build", "tray", "offlineTemplate.png"));
    expect(tray.tooltip).toMatch(/offline/);
  });

  it("uses .ico on Windows and plain (32 px) PNGs on Linux, never template images", async () => {
    const win = await start({ platform: "win32" });
    expect(win.tray.image.path).toBe(join(appPath, "build", "tray", "normal.ico"));
    expect(win.tray.image.template).toBe(false);
    const linux = await start({ platform: "linux" });
    expect(linux.tray.image.path).toBe(join(appPath, "build", "tray", "normal-linux.png"));
  });

  it("logs a missing icon instead of failing", async () => {
    const app = createTestApp();
    app.setTrayState("throttled");
    rmSync(join(appPath, "build", "tray", "throttledTemplate.png"));
    try {
      const { lines, tray } = await start({ app });
      expect(tray.image.isEmpty()).toBe(true);
      expect(lines.join("\n")).toMatch(/tray icon for "throttled" is missing/);
    } finally {
      writeFileSync(join(appPath, "build", "tray", "throttledTemplate.png"), "icon");
    }
  });

  it("toggles the popup on click, on top, and tells the app it was shown", async () => {
    const { tray, window, app } = await start({ platform: "darwin" });
    tray.emit("click", new FakeEvent({ ctrlKey: false }), tray.bounds);
    expect(window.visible).toBe(true);
    expect(window.alwaysOnTop).toBe(true);
    expect(app.counts.windowShown).toBe(1);
    tray.emit("click", new FakeEvent({ ctrlKey: false }), tray.bounds);
    expect(window.visible).toBe(false);
  });

  it("hides on a click elsewhere, and a tray click that took the focus closes it rather than reopening it", async () => {
    const { tray, window, running } = await start();
    vi.useFakeTimers();
    try {
      running.popup.show();
      vi.advanceTimersByTime(1_000);
      window.focused = false;
      window.emit("blur");
      vi.advanceTimersByTime(150);
      expect(window.visible).toBe(false);

      running.popup.show();
      vi.advanceTimersByTime(1_000);
      window.emit("blur");
      vi.advanceTimersByTime(50);
      tray.emit("click", new FakeEvent(), tray.bounds);
      vi.advanceTimersByTime(500);
      expect(window.visible).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  /** The tray's menu: its own on Linux (electron-menubar binds it so), a right-click pop-up elsewhere. */
  function trayMenu(tray: FakeTray): FakeMenu {
    if (process.platform !== "linux") tray.emit("right-click", new FakeEvent(), tray.bounds);
    const menu = process.platform === "linux" ? tray.contextMenu : tray.popUps[0];
    if (!menu) throw new Error("no context menu");
    return menu;
  }

  it("offers the running timer with Stop, and New note…, without opening the popup", async () => {
    const { tray, window, app } = await start({ platform: "darwin" });
    const menu = trayMenu(tray);
    const shown = () => menu.items.filter((item) => item.type !== "separator" && item.visible !== false);
    expect(shown().map((item) => item.label)).not.toContain("Stop timer");
    app.running = {
      entryId: 1373078,
      projectName: "Gourmet Night",
      taskName: "Cook the duck",
      clientName: "City of Torquay",
      notes: null,
      baselineMs: Date.now(),
    };
    app.emit("runningTimer", app.running);
    expect(
      shown()
        .map((item) => item.label)
        .slice(0, 3),
    ).toEqual(["Running: Gourmet Night — Cook the duck", "Stop timer", "New note…"]);
    shown()
      .find((item) => item.label === "Stop timer")
      ?.click?.();
    await flush();
    expect(app.received).toContainEqual({ name: "stopTimer", args: { entryId: 1373078 } });
    expect(window.visible).toBe(false);

    app.running = null;
    app.emit("runningTimer", null);
    expect(shown().map((item) => item.label)).not.toContain("Stop timer");

    window.webContents.sent.length = 0;
    shown()
      .find((item) => item.label === "New note…")
      ?.click?.();
    expect(window.visible).toBe(true);
    // Showing the popup also tells the page it is visible (windowVisibility); the composer is asked for once.
    expect(window.webContents.sent.filter(([channel]) => channel !== "coop-event:windowVisibility")).toEqual([
      ["coop-event:openComposer", null],
    ]);
  });

  it("offers Open, Refresh, Settings… and Quit in the tray's menu, each doing its job", async () => {
    const { tray, window, app, running } = await start({ platform: "darwin" });
    const menu = trayMenu(tray);
    const labels = menu.items
      .filter((item) => item.type !== "separator" && item.visible !== false)
      .map((item) => item.label);
    expect(labels).toEqual(["New note…", "Open Co-op Tray", "Refresh", "Settings…", "Quit Co-op Tray"]);
    const item = (label: string) => menu.items.find((candidate) => candidate.label === label)?.click?.();

    item("Refresh");
    await flush();
    expect(app.counts.refreshAll).toBe(1);

    window.webContents.sent.length = 0;
    item("Settings…");
    expect(window.visible).toBe(true);
    expect(pageEvents(window)).toEqual([["coop-event:navigate", { view: "settings" }]]);

    running.popup.hide();
    item("Open Co-op Tray");
    expect(window.visible).toBe(true);

    item("Quit Co-op Tray");
    await vi.waitFor(() => expect(fake.app.quitCount).toBe(1));
    expect(app.counts.stop).toBe(1);
    expect(tray.destroyed).toBe(true);
    expect(window.destroyed).toBe(true);
    expect(fake.module.globalShortcut.unregisterAll).toHaveBeenCalled();
  });

  it("opens the menu on a Mac ctrl-click", async () => {
    const { tray, window } = await start({ platform: "darwin" });
    tray.emit("click", new FakeEvent({ ctrlKey: true }), tray.bounds);
    expect(tray.popUps.map((menu) => menu.items.map((entry) => entry.label))).toContainEqual(
      expect.arrayContaining(["Quit Co-op Tray"]),
    );
    expect(window.visible).toBe(false);
  });

  it("shows the tray state that changed while the window was being made", async () => {
    const app = createTestApp();
    // The window is made after the tray has its first icon and before the shell listens for changes.
    const changeDuringStart = () => app.setTrayState("throttled");
    resetFake();
    fake.app.once("web-contents-created", changeDuringStart);
    const { tray } = await start({ app, keepFake: true });
    expect(tray.tooltip).toMatch(/rate limit/);
    expect(tray.image.path).toBe(join(appPath, "build", "tray", "throttledTemplate.png"));
  });
});

describe("settings that live in the OS", () => {
  it("registers the global shortcut; pressing it opens the composer", async () => {
    const { window } = await start();
    expect(fake.module.globalShortcut.registered()).toEqual(["CommandOrControl+Shift+Space"]);
    window.webContents.sent.length = 0;
    fake.module.globalShortcut.press("CommandOrControl+Shift+Space");
    expect(window.visible).toBe(true);
    expect(pageEvents(window)).toEqual([["coop-event:openComposer", null]]);
  });

  it("waits for the page to load before sending openComposer", async () => {
    const { window } = await start();
    window.webContents.loading = true;
    window.webContents.sent.length = 0;
    fake.module.globalShortcut.press("CommandOrControl+Shift+Space");
    expect(pageEvents(window)).toEqual([]);
    window.webContents.loading = false;
    window.webContents.emit("did-finish-load");
    expect(pageEvents(window)).toEqual([["coop-event:openComposer", null]]);
  });

  it("re-registers when the setting changes, and unregisters when it is cleared", async () => {
    const { app } = await start();
    app.emit("stateChanged", appState({ globalShortcut: "Alt+F9" }));
    expect(fake.module.globalShortcut.registered()).toEqual(["Alt+F9"]);
    app.emit("stateChanged", appState({ globalShortcut: "" }));
    expect(fake.module.globalShortcut.registered()).toEqual([]);
  });

  it("reports a shortcut another app owns as a notice, without crashing", async () => {
    resetFake();
    const app = createTestApp({ state: appState({ globalShortcut: "Alt+F9" }) });
    const { lines } = await start({ app });
    expect(fake.module.globalShortcut.registered()).toEqual(["Alt+F9"]);
    fake.module.globalShortcut.taken.add("Control+Alt+K");
    app.emit("stateChanged", appState({ globalShortcut: "Control+Alt+K" }));
    expect(fake.module.globalShortcut.registered()).toEqual([]);
    expect(app.notices).toEqual([expect.stringContaining("Control+Alt+K could not be registered")]);
    expect(lines.join("\n")).toContain("could not be registered");
  });

  it("lets go of the shortcut while Settings records one, and takes the settings' one back when unpaused", async () => {
    const { window, running, app } = await start({
      app: createTestApp({ state: appState({ globalShortcut: "Alt+F9" }) }),
    });
    running.popup.show();
    const shortcut = fake.module.globalShortcut;
    shortcut.unregister.mockClear();
    shortcut.register.mockClear();
    expect(await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused: true })).toEqual({
      ok: true,
      value: null,
    });
    expect(shortcut.unregister).toHaveBeenCalledWith("Alt+F9");
    expect(shortcut.registered()).toEqual([]);
    // Pressing the keys now reaches the page, not the composer.
    expect(() => shortcut.press("Alt+F9")).toThrow(/no shortcut/);

    // A shortcut saved while paused waits for the pause to end.
    app.emit("stateChanged", appState({ globalShortcut: "Control+Alt+K" }));
    expect(shortcut.register).not.toHaveBeenCalled();
    expect(await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused: false })).toEqual({
      ok: true,
      value: null,
    });
    expect(shortcut.register).toHaveBeenCalledTimes(1);
    expect(shortcut.registered()).toEqual(["Control+Alt+K"]);
    window.webContents.sent.length = 0;
    shortcut.press("Control+Alt+K");
    expect(pageEvents(window)).toEqual([["coop-event:openComposer", null]]);
  });

  it("takes the shortcut back when the window hides while paused", async () => {
    const { window, running } = await start();
    running.popup.show();
    await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused: true });
    expect(fake.module.globalShortcut.registered()).toEqual([]);
    // A click elsewhere: the popup hides after its blur delay, and the page never said "unpaused".
    vi.useFakeTimers();
    try {
      window.focused = false;
      window.emit("blur");
      vi.runAllTimers();
    } finally {
      vi.useRealTimers();
    }
    expect(window.visible).toBe(false);
    expect(fake.module.globalShortcut.registered()).toEqual(["CommandOrControl+Shift+Space"]);

    // Escape (hideWindow) does the same.
    running.popup.show();
    await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused: true });
    expect(fake.module.globalShortcut.registered()).toEqual([]);
    await invoke("coop:hideWindow", trustedEvent(window));
    expect(fake.module.globalShortcut.registered()).toEqual(["CommandOrControl+Shift+Space"]);
  });

  it("ignores a pause while the window is hidden, and refuses a malformed one", async () => {
    const { window } = await start();
    expect(window.visible).toBe(false);
    await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused: true });
    expect(fake.module.globalShortcut.registered()).toEqual(["CommandOrControl+Shift+Space"]);
    const refused = (await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused: "yes" })) as {
      ok: boolean;
      error?: { kind: string };
    };
    expect(refused.ok).toBe(false);
    expect(refused.error?.kind).toBe("invalidInput");
  });

  it("reports a refused shortcut once, not on every pause and resume", async () => {
    const app = createTestApp({ state: appState({ globalShortcut: "Alt+F9" }) });
    const { window, running } = await start({ app });
    fake.module.globalShortcut.taken.add("Control+Alt+K");
    app.emit("stateChanged", appState({ globalShortcut: "Control+Alt+K" }));
    expect(app.notices).toHaveLength(1);
    running.popup.show();
    for (const paused of [true, false, true, false])
      await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused });
    expect(app.notices).toHaveLength(1);
    // Once the other app lets go, the next resume takes the keys.
    fake.module.globalShortcut.taken.delete("Control+Alt+K");
    await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused: true });
    await invoke("coop:pauseGlobalShortcut", trustedEvent(window), { paused: false });
    expect(fake.module.globalShortcut.registered()).toEqual(["Control+Alt+K"]);
  });

  it("survives a shortcut Electron throws on", async () => {
    const { app } = await start();
    fake.module.globalShortcut.register.mockImplementationOnce(() => {
      throw new Error("Failed to parse accelerator");
    });
    expect(() => app.emit("stateChanged", appState({ globalShortcut: "Control+Alt+J" }))).not.toThrow();
    expect(app.notices).toHaveLength(1);
  });

  it("sets launch at login in a packaged app on macOS and Windows, when the setting changes", async () => {
    const { app } = await start({ platform: "darwin", isPackaged: true });
    // Not at start: the OS's record of the user's choice stands (linux-desktop.test.ts).
    expect(fake.module.app.setLoginItemSettings).not.toHaveBeenCalled();
    app.emit("stateChanged", appState({ launchAtLogin: true }));
    expect(fake.module.app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true });
    const calls = fake.module.app.setLoginItemSettings.mock.calls.length;
    app.emit("stateChanged", appState({ launchAtLogin: true, pollIntervalSeconds: 120 }));
    expect(fake.module.app.setLoginItemSettings.mock.calls.length).toBe(calls);
  });

  it("leaves the login items alone in development, and uses no login item on Linux", async () => {
    const dev = await start({ platform: "darwin", isPackaged: false });
    dev.app.emit("stateChanged", appState({ launchAtLogin: true }));
    expect(fake.module.app.setLoginItemSettings).not.toHaveBeenCalled();
    const config = mkdtempSync(join(tmpdir(), "coop-tray-xdg-"));
    try {
      const linux = await start({ platform: "linux", isPackaged: true, env: { XDG_CONFIG_HOME: config } });
      linux.app.emit("stateChanged", appState({ launchAtLogin: true }));
      expect(fake.module.app.setLoginItemSettings).not.toHaveBeenCalled();
    } finally {
      rmSync(config, { recursive: true, force: true });
    }
  });
});

describe("notifications", () => {
  const note = (id: number, userId: number, name: string, text: string): Status => ({
    type: "Note",
    id,
    groupId: 25,
    text,
    user: { id: userId, name, email: null, avatarThumbUrl: null },
    createdAt: "2024-05-01T10:00:00.000Z",
    updatedAt: null,
  });

  it("shows one for statuses by others; clicking it opens the window", async () => {
    const { app, window } = await start();
    app.emitNewStatuses({
      groupId: 25,
      groupName: "Fawlty Towers",
      statuses: [note(1, 25, "Polly Sherman", "Trays are buttered")],
    });
    const shown = FakeNotification.instances;
    expect(shown).toHaveLength(1);
    expect(shown[0]?.options).toMatchObject({ title: "Polly Sherman in Fawlty Towers", body: "Trays are buttered" });
    expect(shown[0]?.shown).toBe(true);
    shown[0]?.emit("click");
    expect(window.visible).toBe(true);
  });

  it("stays quiet for the user's own statuses, when switched off, and while the window is open", async () => {
    const { app, running } = await start();
    app.emitNewStatuses({ groupId: 25, groupName: "Fawlty Towers", statuses: [note(2, 21, "Basil Fawlty", "Mine")] });
    expect(FakeNotification.instances).toHaveLength(0);

    running.popup.show();
    app.emitNewStatuses({
      groupId: 25,
      groupName: "Fawlty Towers",
      statuses: [note(3, 25, "Polly Sherman", "Seen already")],
    });
    expect(FakeNotification.instances).toHaveLength(0);
    running.popup.hide();

    app.emit("stateChanged", appState({ notifications: false }));
    app.emitNewStatuses({ groupId: 25, groupName: "Fawlty Towers", statuses: [note(4, 25, "Polly Sherman", "Muted")] });
    expect(FakeNotification.instances).toHaveLength(0);
  });
});

describe("demo mode", () => {
  const demoEnv = {
    COOP_TRAY_DEMO: "1",
    COOP_TRAY_DEMO_LOGIN: "basil@fawltytowers.com:fawltytowers",
    COOP_TRAY_SERVER_URL: "http://127.0.0.1:4567",
  };

  it("signs in with the demo login when no account is signed in, and never logs the password", async () => {
    const app = createTestApp({ state: { ...appState(), account: null } });
    const { lines } = await start({ app, env: demoEnv });
    expect(app.received.filter((call) => call.name === "signIn")).toEqual([
      {
        name: "signIn",
        args: { serverUrl: "http://127.0.0.1:4567", email: "basil@fawltytowers.com", password: "fawltytowers" },
      },
    ]);
    expect(lines.join("\n")).not.toContain("fawltytowers:");
    expect(lines.join("\n")).not.toMatch(/:fawltytowers|password/);
  });

  it("logs a failed demo sign-in by its kind and message only", async () => {
    const app = createTestApp({
      state: { ...appState(), account: null },
      overrides: { signIn: async () => err({ kind: "auth", message: "The server refused this email and password." }) },
    });
    const { lines } = await start({ app, env: demoEnv });
    expect(lines.join("\n")).toContain("demo sign-in failed (auth)");
    expect(lines.join("\n")).not.toContain(":fawltytowers");
  });

  it("ignores the demo login outside demo mode", async () => {
    const app = createTestApp({ state: { ...appState(), account: null } });
    await start({ app, env: { ...demoEnv, COOP_TRAY_DEMO: "" } });
    expect(app.received.some((call) => call.name === "signIn")).toBe(false);
  });

  it("signs out on quit, so the demo leaves no password in the keychain", async () => {
    const app = createTestApp({ state: { ...appState(), account: null } });
    const { running } = await start({ app, env: demoEnv });
    running.quit();
    await vi.waitFor(() => expect(fake.app.quitCount).toBe(1));
    expect(app.received.some((call) => call.name === "signOut")).toBe(true);
  });

  it("stops listening to the services on quit", async () => {
    const { app, running } = await start();
    expect(app.listenerCount()).toBeGreaterThan(0);
    running.quit();
    await vi.waitFor(() => expect(fake.app.quitCount).toBe(1));
    expect(app.listenerCount()).toBe(0);
    expect(fake.ipcHandlers.size).toBe(0);
  });
});

describe("a running Harvest timer and the power monitor", () => {
  const timer = {
    entryId: 7,
    projectName: "Gourmet Night",
    taskName: "Cook the duck",
    clientName: "City of Torquay",
    notes: null,
    baselineMs: Date.now() - 67 * 60_000,
  };

  it("shows the running timer in the tray (icon, macOS title, tooltip) from the start and as it changes", async () => {
    const app = createTestApp();
    app.running = timer;
    const { tray } = await start({ app, platform: "darwin" });
    expect(tray.image.path).toMatch(/runningTemplate\.png$/);
    expect(tray.title).toBe("1:07");
    expect(tray.tooltip).toBe("Gourmet Night — Cook the duck · 1:07");
    app.emit("runningTimer", null);
    expect(tray.title).toBe("");
    expect(tray.image.path).toMatch(/normalTemplate\.png$/);
    app.emit("runningTimer", { ...timer, taskName: "Put butter on trays", baselineMs: Date.now() - 5 * 60_000 });
    expect(tray.tooltip).toBe("Gourmet Night — Put butter on trays · 0:05");
  });

  it("forwards powerMonitor's suspend and resume to the services' idle logic, and stops on quit", async () => {
    const app = createTestApp();
    await start({ app });
    fakePowerMonitor.emit("suspend");
    fakePowerMonitor.emit("resume");
    expect(app.powerEvents).toEqual(["suspend", "resume"]);
    expect(fakePowerMonitor.listenerCount("suspend")).toBe(1);
    fake.app.emit("before-quit", new FakeEvent());
    await vi.waitFor(() => expect(fakePowerMonitor.listenerCount("suspend")).toBe(0));
  });
});
