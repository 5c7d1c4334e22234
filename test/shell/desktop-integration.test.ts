/**
 * What a first launch on a real desktop would get wrong, each checked against the shell as wired
 * (runShell on the fake `electron`): the Windows app identity, the application and context menus,
 * recovery from a renderer crash, and macOS handing the keyboard back after Escape.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callChannel } from "../../shared/contract";
import { APP_ID } from "../../main/shell/identity";
import { FakeEvent, fake, type FakeMenu } from "./fake-electron";
import { flush, makeAppFolder, startShell } from "./shell-harness";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

let folder: ReturnType<typeof makeAppFolder>;
beforeAll(() => (folder = makeAppFolder()));
afterAll(() => folder.remove());

describe("Windows app identity", () => {
  it("claims the installer shortcut's AppUserModelID before anything else", async () => {
    await startShell({ appPath: folder.path, platform: "win32" });
    expect(fake.module.app.setAppUserModelId).toHaveBeenCalledWith(APP_ID);
    expect(fake.calls[0]).toBe("setAppUserModelId");
  });

  it("leaves it alone on macOS and Linux", async () => {
    await startShell({ appPath: folder.path, platform: "linux" });
    expect(fake.module.app.setAppUserModelId).not.toHaveBeenCalled();
  });
});

describe("application menu", () => {
  it("is none on Windows and Linux: no Reload (Ctrl+R) and no zoom", async () => {
    for (const platform of ["win32", "linux"] as const) {
      await startShell({ appPath: folder.path, platform });
      expect(fake.module.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    }
  });

  it("is the app and Edit menus on macOS (⌘C/⌘V need menu items), with no View menu", async () => {
    await startShell({ appPath: folder.path, platform: "darwin" });
    const menu = fake.module.Menu.applicationMenu;
    expect(menu?.items.map((item) => item.role)).toEqual(["appMenu", "editMenu"]);
  });
});

function contextParams(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    isEditable: true,
    selectionText: "",
    misspelledWord: "",
    dictionarySuggestions: [],
    editFlags: { canCut: false, canCopy: false, canPaste: true, canSelectAll: true },
    ...overrides,
  };
}

describe("context menu", () => {
  it("offers spelling suggestions, Add to Dictionary and the edit roles in a text field", async () => {
    const { window } = await startShell({ appPath: folder.path });
    let shown: FakeMenu | null = null;
    const build = fake.module.Menu.buildFromTemplate;
    fake.module.Menu.buildFromTemplate = (items) => (shown = build(items));
    window.webContents.emit(
      "context-menu",
      new FakeEvent(),
      contextParams({ misspelledWord: "teh", dictionarySuggestions: ["the", "tea"] }),
    );
    const menu = shown as FakeMenu | null;
    if (menu === null) throw new Error("no menu shown");
    expect(menu.popups).toEqual([window]);
    expect(menu.items.map((item) => item.label ?? item.role ?? item.type)).toEqual([
      "the",
      "tea",
      "Add to Dictionary",
      "separator",
      "cut",
      "copy",
      "paste",
      "separator",
      "selectAll",
    ]);
    menu.items[0]?.click?.();
    menu.items[2]?.click?.();
    expect(window.webContents.replaced).toEqual(["the"]);
    expect(window.webContents.session.dictionary).toEqual(["teh"]);
  });

  it("offers Copy for selected text outside a field, and nothing where there is nothing to do", async () => {
    const { window } = await startShell({ appPath: folder.path });
    const shown: FakeMenu[] = [];
    const build = fake.module.Menu.buildFromTemplate;
    fake.module.Menu.buildFromTemplate = (items) => {
      const menu = build(items);
      shown.push(menu);
      return menu;
    };
    const readOnly = { canCut: false, canCopy: true, canPaste: false, canSelectAll: true };
    window.webContents.emit(
      "context-menu",
      new FakeEvent(),
      contextParams({ isEditable: false, selectionText: "Gourmet night", editFlags: readOnly }),
    );
    window.webContents.emit("context-menu", new FakeEvent(), contextParams({ isEditable: false }));
    expect(shown.map((menu) => menu.items.map((item) => item.role))).toEqual([["copy"]]);
  });
});

describe("renderer crash", () => {
  it("reloads the page and logs why it went; a clean exit is left alone", async () => {
    const { window, lines } = await startShell({ appPath: folder.path });
    window.webContents.emit("render-process-gone", new FakeEvent(), { reason: "crashed", exitCode: 139 });
    expect(window.webContents.reloads).toBe(1);
    expect(lines.some((line) => line.includes("error the page's process is gone (crashed"))).toBe(true);
    window.webContents.emit("render-process-gone", new FakeEvent(), { reason: "clean-exit", exitCode: 0 });
    expect(window.webContents.reloads).toBe(1);
  });

  it("stops reloading a page that crashes on every load", async () => {
    const { window } = await startShell({ appPath: folder.path });
    for (let i = 0; i < 5; i += 1)
      window.webContents.emit("render-process-gone", new FakeEvent(), { reason: "oom", exitCode: 1 });
    expect(window.webContents.reloads).toBe(3);
  });
});

describe("macOS: Escape gives the keyboard back", () => {
  const trusted = (window: { webContents: { mainFrame: unknown } }) => ({
    sender: window.webContents,
    senderFrame: window.webContents.mainFrame,
  });

  it("hides the app after the page hides the popup, so the previous app is active again", async () => {
    const { running, window } = await startShell({ appPath: folder.path, platform: "darwin" });
    running.popup.show();
    await flush();
    await fake.ipcHandlers.get(callChannel("hideWindow"))?.(trusted(window), undefined);
    expect(window.visible).toBe(false);
    expect(fake.module.app.hide).toHaveBeenCalledTimes(1);
  });

  it("does not on Windows or Linux, which have no app-level hide", async () => {
    const { running, window } = await startShell({ appPath: folder.path, platform: "win32" });
    running.popup.show();
    await fake.ipcHandlers.get(callChannel("hideWindow"))?.(trusted(window), undefined);
    expect(fake.module.app.hide).not.toHaveBeenCalled();
  });
});
