import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BLUR_HIDE_DELAY_MS, REOPEN_GUARD_MS, TRANSIENT_BLUR_MS, createPopupController } from "../../main/shell/popup";
import type { PopupWindow } from "../../main/shell/popup";

class Window extends EventEmitter implements PopupWindow {
  visible = false;
  focused = false;
  destroyed = false;
  position: [number, number] = [0, 0];
  focusCalls = 0;
  isDestroyed = () => this.destroyed;
  isVisible = () => this.visible;
  isFocused = () => this.focused;
  show = () => void (this.visible = true);
  hide = () => {
    this.visible = false;
    this.focused = false;
  };
  focus = () => {
    this.focused = true;
    this.focusCalls += 1;
  };
  getSize = () => [380, 560];
  setPosition = (x: number, y: number) => void (this.position = [x, y]);
  setAlwaysOnTop = () => undefined;
  /** The OS moves focus elsewhere. */
  loseFocus(): void {
    this.focused = false;
    this.emit("blur");
  }
  override on(event: "blur" | "focus", listener: () => void): this {
    return super.on(event, listener);
  }
}

function setup(platform: NodeJS.Platform) {
  const window = new Window();
  const onShown = vi.fn();
  const popup = createPopupController(window, {
    platform,
    now: () => Date.now(),
    placement: () => ({
      trayBounds: { x: 1000, y: 0, width: 24, height: 24 },
      cursor: { x: 0, y: 0 },
      workArea: { x: 0, y: 24, width: 1440, height: 876 },
      displayBounds: { x: 0, y: 0, width: 1440, height: 900 },
    }),
    onShown,
  });
  return { window, popup, onShown };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("popup", () => {
  it("shows focused at the computed position and reports each show", () => {
    const { window, popup, onShown } = setup("darwin");
    popup.show();
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
    expect(window.position).toEqual([822, 28]);
    expect(onShown).toHaveBeenCalledTimes(1);
  });

  it("hides a short while after losing focus", () => {
    const { window, popup } = setup("darwin");
    popup.show();
    window.loseFocus();
    expect(window.visible).toBe(true);
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS);
    expect(window.visible).toBe(false);
  });

  it("stays open when focus comes back before the delay ends", () => {
    const { window, popup } = setup("darwin");
    popup.show();
    window.loseFocus();
    window.focused = true;
    window.emit("focus");
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS * 5);
    expect(window.visible).toBe(true);
  });

  it("ignores the blur Windows sends right after a tray click, taking focus back", () => {
    const { window, popup } = setup("win32");
    popup.toggleFromTray();
    const focusCalls = window.focusCalls;
    vi.advanceTimersByTime(TRANSIENT_BLUR_MS - 50);
    window.loseFocus();
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS * 5);
    expect(window.visible).toBe(true);
    expect(window.focusCalls).toBe(focusCalls + 1);
    // A later blur (a click elsewhere) hides it as usual.
    window.loseFocus();
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS);
    expect(window.visible).toBe(false);
  });

  it("does not ignore an early blur on other platforms", () => {
    const { window, popup } = setup("linux");
    popup.toggleFromTray();
    window.loseFocus();
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS);
    expect(window.visible).toBe(false);
  });

  it("treats the tray click that blurred the popup as closing it, not reopening it", () => {
    const { window, popup } = setup("darwin");
    popup.toggleFromTray();
    window.loseFocus();
    vi.advanceTimersByTime(BLUR_HIDE_DELAY_MS);
    expect(window.visible).toBe(false);
    popup.toggleFromTray();
    expect(window.visible).toBe(false);
    vi.advanceTimersByTime(REOPEN_GUARD_MS);
    popup.toggleFromTray();
    expect(window.visible).toBe(true);
  });

  it("toggles: a click on a visible popup hides it", () => {
    const { window, popup } = setup("darwin");
    popup.toggleFromTray();
    expect(window.visible).toBe(true);
    popup.toggleFromTray();
    expect(window.visible).toBe(false);
  });

  it("does nothing once the window is destroyed", () => {
    const { window, popup, onShown } = setup("darwin");
    window.destroyed = true;
    popup.show();
    popup.toggleFromTray();
    window.emit("blur");
    vi.runAllTimers();
    expect(window.visible).toBe(false);
    expect(onShown).not.toHaveBeenCalled();
  });
});
