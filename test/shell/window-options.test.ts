import { describe, expect, it } from "vitest";
import { WINDOW_HEIGHT, WINDOW_WIDTH, windowOptions } from "../../main/shell/window-options";

describe("windowOptions", () => {
  const options = windowOptions({ preloadPath: "/app/dist/preload/index.cjs", devTools: false });
  const web = options.webPreferences ?? {};

  it("is a frameless, fixed-size popup that starts hidden and stays out of the taskbar", () => {
    expect(options.width).toBe(380);
    expect(options.height).toBe(560);
    expect(WINDOW_WIDTH).toBe(380);
    expect(WINDOW_HEIGHT).toBe(560);
    expect(options.show).toBe(false);
    expect(options.frame).toBe(false);
    expect(options.resizable).toBe(false);
    expect(options.movable).toBe(false);
    expect(options.minimizable).toBe(false);
    expect(options.maximizable).toBe(false);
    expect(options.fullscreenable).toBe(false);
    expect(options.skipTaskbar).toBe(true);
    expect(options.alwaysOnTop).toBe(true);
  });

  it.each([
    ["contextIsolation", true],
    ["sandbox", true],
    ["nodeIntegration", false],
    ["nodeIntegrationInWorker", false],
    ["nodeIntegrationInSubFrames", false],
    ["webSecurity", true],
    ["allowRunningInsecureContent", false],
    ["webviewTag", false],
    ["experimentalFeatures", false],
    ["navigateOnDragDrop", false],
    ["spellcheck", true],
    ["devTools", false],
  ] as const)("sets webPreferences.%s to %s", (key, value) => {
    expect(web[key]).toBe(value);
  });

  it("loads the given preload and nothing else that could widen the page's powers", () => {
    expect(web.preload).toBe("/app/dist/preload/index.cjs");
    const allowed = new Set([
      "preload",
      "contextIsolation",
      "sandbox",
      "nodeIntegration",
      "nodeIntegrationInWorker",
      "nodeIntegrationInSubFrames",
      "webSecurity",
      "allowRunningInsecureContent",
      "webviewTag",
      "experimentalFeatures",
      "navigateOnDragDrop",
      "safeDialogs",
      "spellcheck",
      "devTools",
      "backgroundThrottling",
    ]);
    expect(Object.keys(web).filter((key) => !allowed.has(key))).toEqual([]);
  });

  it("enables developer tools only when asked (development builds)", () => {
    expect(windowOptions({ preloadPath: "/p", devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it("is pure: same input, equal output, fresh objects", () => {
    const a = windowOptions({ preloadPath: "/p", devTools: false });
    const b = windowOptions({ preloadPath: "/p", devTools: false });
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.webPreferences).not.toBe(b.webPreferences);
  });
});
