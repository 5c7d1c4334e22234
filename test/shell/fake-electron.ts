/**
 * A stand-in for the `electron` module, for `vi.mock("electron", …)`: no Electron binary runs on
 * the CI machines. It records what the shell asks of Electron and lets tests play Electron's part
 * (fire events, invoke IPC channels). It fakes Electron's API surface only; everything it feeds
 * into (dispatcher, handlers, protocol handler, files) is real.
 */
import { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { vi } from "vitest";

/** Electron's event objects: preventDefault plus whatever the event carries. */
export class FakeEvent {
  defaultPrevented = false;
  [key: string]: unknown;
  constructor(props: Record<string, unknown> = {}) {
    Object.assign(this, props);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: Array<[string, unknown]> = [];
  loading = false;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  reloads = 0;
  readonly replaced: string[] = [];
  readonly session = {
    dictionary: [] as string[],
    addWordToSpellCheckerDictionary: (word: string) => this.session.dictionary.push(word) > 0,
  };
  readonly mainFrame: FakeFrame;
  constructor(url = "") {
    super();
    this.mainFrame = { url, parent: null };
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDevToolsOpened(): boolean {
    return false;
  }
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  reload(): void {
    this.reloads += 1;
  }
  replaceMisspelling(word: string): void {
    this.replaced.push(word);
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  alwaysOnTop = false;
  position: [number, number] = [0, 0];
  loadedUrl: string | null = null;
  visibleOnAllWorkspaces = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    // Electron announces every new web contents on the app.
    fake.app.emit("web-contents-created", new FakeEvent(), this.webContents);
  }
  show(): void {
    this.visible = true;
  }
  /** Like Electron, announces the change with a "hide" event. */
  hide(): void {
    const wasVisible = this.visible;
    this.visible = false;
    this.focused = false;
    if (wasVisible) this.emit("hide");
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getSize(): number[] {
    return [Number(this.options.width ?? 0), Number(this.options.height ?? 0)];
  }
  setPosition(x: number, y: number): void {
    this.position = [x, y];
  }
  setAlwaysOnTop(flag: boolean): void {
    this.alwaysOnTop = flag;
  }
  getPosition(): number[] {
    return [...this.position];
  }
  setVisibleOnAllWorkspaces(flag: boolean): void {
    this.visibleOnAllWorkspaces = flag;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit("closed");
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  /** What a user closing the window (Alt+F4) does. */
  userClose(): FakeEvent {
    const event = new FakeEvent();
    this.emit("close", event);
    if (!event.defaultPrevented) this.destroy();
    return event;
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: FakeImage;
  tooltip = "";
  /** macOS's text next to the icon (`setTitle`). */
  title = "";
  contextMenu: FakeMenu | null = null;
  popUps: FakeMenu[] = [];
  destroyed = false;
  bounds = { x: 1000, y: 0, width: 22, height: 24 };
  constructor(image: FakeImage) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  /** The options of the last `setTitle` (macOS's fontType). */
  titleOptions: { fontType?: string } | undefined = undefined;
  setTitle(text: string, options?: { fontType?: string }): void {
    this.title = text;
    this.titleOptions = options;
  }
  setContextMenu(menu: FakeMenu): void {
    this.contextMenu = menu;
  }
  popUpContextMenu(menu: FakeMenu): void {
    this.popUps.push(menu);
  }
  setIgnoreDoubleClickEvents(): void {}
  getBounds(): { x: number; y: number; width: number; height: number } {
    return this.bounds;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export interface FakeImage {
  readonly path: string;
  template: boolean;
  isEmpty(): boolean;
  setTemplateImage(flag: boolean): void;
}

export interface FakeMenuItem {
  id?: string;
  label?: string;
  type?: string;
  role?: string;
  visible?: boolean;
  enabled?: boolean;
  click?: () => void;
}

export interface FakeMenu {
  readonly items: FakeMenuItem[];
  /** As Electron's: the item itself, so changing its label or visibility changes the menu. */
  getMenuItemById(id: string): FakeMenuItem | null;
  /** The windows it was popped up over (`menu.popup({ window })`). */
  readonly popups: unknown[];
  popup(options?: { window?: unknown }): void;
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static isSupported(): boolean {
    return true;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

function createFake() {
  const calls: string[] = [];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    appPath: "",
    lock: true,
    quitCount: 0,
    ready: false,
    whenReady: vi.fn(async () => {
      calls.push("whenReady");
      app.ready = true;
    }),
    requestSingleInstanceLock: vi.fn(() => app.lock),
    getAppPath: () => app.appPath,
    /** Folders by name, as `app.getPath` gives them (tests set `userData`). */
    paths: {} as Record<string, string>,
    getPath: (name: string): string => {
      const path = app.paths[name];
      if (path === undefined) throw new Error(`no fake path for ${name}`);
      return path;
    },
    setPath: vi.fn(),
    setLoginItemSettings: vi.fn(),
    /** What macOS reports of this start (tests set `openedAtLogin`). */
    openedAtLogin: false,
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false, wasOpenedAtLogin: app.openedAtLogin })),
    commandLine: {
      switches: [] as Array<[string, string | undefined]>,
      appendSwitch: vi.fn((name: string, value?: string) => {
        calls.push(app.ready ? "appendSwitch after ready" : "appendSwitch");
        app.commandLine.switches.push([name, value]);
      }),
    },
    setAppUserModelId: vi.fn((_id: string) => {
      calls.push("setAppUserModelId");
    }),
    hide: vi.fn(),
    isReady: () => app.ready,
    /** Electron has app.dock on macOS only; tests of other platforms set it to undefined. */
    dock: { hide: vi.fn(), isVisible: vi.fn(() => false) } as
      | { hide: ReturnType<typeof vi.fn>; isVisible: () => boolean }
      | undefined,
    /** Like Electron: before-quit may be prevented; otherwise windows close and the app quits. */
    quit: vi.fn(() => {
      const event = new FakeEvent();
      app.emit("before-quit", event);
      if (event.defaultPrevented) return;
      for (const window of FakeBrowserWindow.instances) window.userClose();
      app.emit("will-quit", new FakeEvent());
      app.quitCount += 1;
    }),
  });

  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(() => {
      calls.push(app.ready ? "registerSchemes after ready" : "registerSchemes");
    }),
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
      protocolHandlers.set(scheme, handler);
    }),
  };

  const permissions = {
    request: null as
      | null
      | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void),
    check: null as null | ((contents: unknown, permission: string, origin: string, details: unknown) => boolean),
    device: null as null | ((details: unknown) => boolean),
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn((handler: typeof permissions.request) => {
        permissions.request = handler;
      }),
      setPermissionCheckHandler: vi.fn((handler: typeof permissions.check) => {
        permissions.check = handler;
      }),
      setDevicePermissionHandler: vi.fn((handler: typeof permissions.device) => {
        permissions.device = handler;
      }),
    },
  };

  const ipcHandlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>) => {
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => {
      ipcHandlers.delete(channel);
    }),
  };

  const shortcuts = new Map<string, () => void>();
  const globalShortcut = {
    /** Accelerators another app owns: registering them fails like the OS makes it fail. */
    taken: new Set<string>(),
    register: vi.fn((accelerator: string, callback: () => void) => {
      if (globalShortcut.taken.has(accelerator)) return false;
      shortcuts.set(accelerator, callback);
      return true;
    }),
    unregister: vi.fn((accelerator: string) => {
      shortcuts.delete(accelerator);
    }),
    unregisterAll: vi.fn(() => shortcuts.clear()),
    press(accelerator: string): void {
      const callback = shortcuts.get(accelerator);
      if (!callback) throw new Error(`no shortcut ${accelerator}`);
      callback();
    },
    registered: () => [...shortcuts.keys()],
  };

  const display = {
    bounds: { x: 0, y: 0, width: 1440, height: 900 },
    workArea: { x: 0, y: 24, width: 1440, height: 876 },
  };
  const screen = {
    cursor: { x: 700, y: 10 },
    getCursorScreenPoint: () => screen.cursor,
    getDisplayNearestPoint: vi.fn(() => display),
    getDisplayMatching: vi.fn(() => display),
  };
  // electron-menubar listens for the updater's quit; nothing here updates.
  const autoUpdater = new EventEmitter();

  const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
  const nativeTheme = { shouldUseDarkColors: false };

  const nativeImage = {
    createFromPath: (path: string): FakeImage => ({
      path,
      template: false,
      isEmpty: () => !existsSync(path),
      setTemplateImage(flag: boolean) {
        this.template = flag;
      },
    }),
  };

  const Menu = {
    buildFromTemplate: (template: FakeMenu["items"]): FakeMenu => {
      const items = template.map((item) => ({ ...item }));
      const popups: unknown[] = [];
      return {
        items,
        getMenuItemById: (id) => items.find((item) => item.id === id) ?? null,
        popups,
        popup: (options) => popups.push(options?.window),
      };
    },
    /** The application menu: null for none, undefined until set (Electron's default then). */
    applicationMenu: undefined as FakeMenu | null | undefined,
    setApplicationMenu: vi.fn((menu: FakeMenu | null) => {
      Menu.applicationMenu = menu;
    }),
  };

  const exposed = new Map<string, unknown>();
  const contextBridge = { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) };
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: vi.fn(async (_channel: string, _args?: unknown) => ({ ok: true, value: null })),
  });

  return {
    calls,
    protocolHandlers,
    permissions,
    ipcHandlers,
    display,
    exposed,
    module: {
      app,
      protocol,
      session,
      ipcMain,
      globalShortcut,
      screen,
      shell,
      nativeImage,
      Menu,
      contextBridge,
      ipcRenderer,
      autoUpdater,
      nativeTheme,
      BrowserWindow: FakeBrowserWindow,
      Tray: FakeTray,
      Notification: FakeNotification,
      powerMonitor: fakePowerMonitor,
    },
    get app() {
      return app;
    },
  };
}

/**
 * powerMonitor: tests set the idle seconds and emit "suspend" / "resume". One object for the whole
 * run (the shell binds it at import), emptied by `resetFake`.
 */
export const fakePowerMonitor = Object.assign(new EventEmitter(), {
  idleSeconds: 0,
  getSystemIdleTime: (): number => fakePowerMonitor.idleSeconds,
});

export let fake = createFake();

/** A fresh fake for the next test; the module object handed to vi.mock stays the same. */
export function resetFake(): void {
  const next = createFake();
  for (const [key, value] of Object.entries(next.module)) Reflect.set(electronModule, key, value);
  fake = next;
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.instances = [];
  fakePowerMonitor.removeAllListeners();
  fakePowerMonitor.idleSeconds = 0;
}

/** What `import … from "electron"` resolves to in the shell tests. */
export const electronModule: Record<string, unknown> = { ...fake.module };
