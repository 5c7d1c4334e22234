/**
 * The page's idea of "on screen": in Electron the shell's windowVisibility event, never the
 * document's visibilityState (which stays "visible" in the hidden, unthrottled tray window).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CoopApi, Events } from "../../shared/contract";

function fakeDocument(visibilityState: "visible" | "hidden") {
  const attributes = new Set<string>();
  return {
    visibilityState,
    documentElement: {
      toggleAttribute: (name: string, force: boolean) => (force ? attributes.add(name) : attributes.delete(name)),
    },
    addEventListener: () => undefined,
    attributes,
  };
}

async function load(userAgent: string, visibilityState: "visible" | "hidden") {
  vi.resetModules();
  const document = fakeDocument(visibilityState);
  vi.stubGlobal("document", document);
  vi.stubGlobal("navigator", { userAgent });
  const module = await import("../../renderer/window-visibility");
  let fromShell: ((payload: Events["windowVisibility"]) => void) | null = null;
  const api = {
    on: {
      windowVisibility: (listener: (payload: Events["windowVisibility"]) => void) => {
        fromShell = listener;
        return () => undefined;
      },
    },
  } as unknown as Pick<CoopApi, "on">;
  module.watchWindowVisibility(api);
  return { module, document, send: (visible: boolean) => fromShell?.({ visible }) };
}

afterEach(() => vi.unstubAllGlobals());

describe("window visibility in the renderer", () => {
  it("in Electron, counts a page whose document says visible as hidden until the shell says shown", async () => {
    const { module, document, send } = await load("Mozilla/5.0 Chrome/140 Electron/41.10.7", "visible");
    const seen: boolean[] = [];
    module.onWindowVisibility((visible) => seen.push(visible));
    expect(module.isWindowVisible()).toBe(false);
    expect(document.attributes.has("data-window-hidden")).toBe(true);
    send(true);
    expect(module.isWindowVisible()).toBe(true);
    expect(document.attributes.has("data-window-hidden")).toBe(false);
    send(false);
    expect(module.isWindowVisible()).toBe(false);
    expect(seen).toEqual([true, false]);
  });

  it("in a browser, follows the document", async () => {
    const { module } = await load("Mozilla/5.0 Chrome/140", "visible");
    expect(module.isWindowVisible()).toBe(true);
  });
});
