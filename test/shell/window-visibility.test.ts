import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FakeEvent } from "./fake-electron";
import { flush, makeAppFolder, sentEvents, startShell } from "./shell-harness";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

let folder: ReturnType<typeof makeAppFolder>;
beforeAll(() => (folder = makeAppFolder()));
afterAll(() => folder.remove());

describe("window visibility reaches the page from the shell, not from document.visibilityState", () => {
  it("sends windowVisibility on electron-menubar's after-show and after-hide", async () => {
    const { running, window } = await startShell({ appPath: folder.path });
    window.webContents.sent.length = 0;
    running.popup.show();
    await flush();
    running.popup.hide();
    await flush();
    expect(sentEvents(window, "windowVisibility")).toEqual([{ visible: true }, { visible: false }]);
  });

  it("tells every freshly loaded page (the first, a reload) whether it is on screen", async () => {
    const { running, window } = await startShell({ appPath: folder.path });
    window.webContents.sent.length = 0;
    window.webContents.emit("did-finish-load", new FakeEvent());
    expect(sentEvents(window, "windowVisibility")).toEqual([{ visible: false }]);
    running.popup.show();
    await flush();
    window.webContents.sent.length = 0;
    window.webContents.emit("did-finish-load", new FakeEvent());
    expect(sentEvents(window, "windowVisibility")).toEqual([{ visible: true }]);
  });
});
