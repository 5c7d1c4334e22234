import { describe, expect, it } from "vitest";
import { POPUP_MARGIN, popupPosition } from "../../main/shell/window-position";

const windowSize = { width: 380, height: 560 };
const mac = { displayBounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const windows = { displayBounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const cursor = { x: 0, y: 0 };

describe("popupPosition", () => {
  it("centres the popup under a menu-bar icon", () => {
    const trayBounds = { x: 1000, y: 0, width: 24, height: 25 };
    expect(popupPosition({ ...mac, trayBounds, cursor, windowSize })).toEqual({ x: 1012 - 190, y: 25 + POPUP_MARGIN });
  });

  it("keeps the popup on screen for an icon near the right edge", () => {
    const trayBounds = { x: 1420, y: 0, width: 20, height: 25 };
    expect(popupPosition({ ...mac, trayBounds, cursor, windowSize })).toEqual({ x: 1440 - 380, y: 29 });
  });

  it("opens above the icon when the taskbar is at the bottom", () => {
    const trayBounds = { x: 1700, y: 1044, width: 24, height: 32 };
    expect(popupPosition({ ...windows, trayBounds, cursor, windowSize })).toEqual({ x: 1712 - 190, y: 1040 - 560 });
  });

  it("opens beside a taskbar on the left or right edge", () => {
    const left = { displayBounds: windows.displayBounds, workArea: { x: 60, y: 0, width: 1860, height: 1080 } };
    const onLeft = popupPosition({ ...left, trayBounds: { x: 18, y: 1000, width: 24, height: 24 }, cursor, windowSize });
    expect(onLeft.x).toBe(60 + POPUP_MARGIN);
    expect(onLeft.y).toBe(1080 - 560);
    const right = { displayBounds: windows.displayBounds, workArea: { x: 0, y: 0, width: 1860, height: 1080 } };
    const onRight = popupPosition({ ...right, trayBounds: { x: 1878, y: 500, width: 24, height: 24 }, cursor, windowSize });
    expect(onRight.x).toBe(1860 - 380 - POPUP_MARGIN);
    expect(onRight.y).toBe(512 - 280);
  });

  it("falls back to the cursor when the panel reports no icon bounds (some Linux panels)", () => {
    const placed = popupPosition({ ...mac, trayBounds: { x: 0, y: 0, width: 0, height: 0 }, cursor: { x: 700, y: 12 }, windowSize });
    expect(placed).toEqual({ x: 700 - 190, y: 25 });
  });

  it("works on a second display with negative coordinates", () => {
    const left = { displayBounds: { x: -1920, y: 0, width: 1920, height: 1080 }, workArea: { x: -1920, y: 25, width: 1920, height: 1055 } };
    const placed = popupPosition({ ...left, trayBounds: { x: -300, y: 0, width: 24, height: 25 }, cursor, windowSize });
    expect(placed).toEqual({ x: -288 - 190, y: 29 });
  });
});
