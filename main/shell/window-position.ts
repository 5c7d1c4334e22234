/**
 * Where the popup goes: centred under the tray icon when the bar is at the top (macOS menu bar,
 * most Linux panels), above it when the taskbar is at the bottom (Windows' default), and always
 * inside the work area of the display the icon is on.
 */

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PopupPlacement {
  /** The tray icon's bounds; some Linux panels report all zeros, then `cursor` is used. */
  readonly trayBounds: Rect;
  readonly cursor: Point;
  readonly windowSize: { readonly width: number; readonly height: number };
  /** The display's work area (without menu bar, dock and taskbar). */
  readonly workArea: Rect;
  /** The display's full bounds, to tell which edge the bar is on. */
  readonly displayBounds: Rect;
}

/** Small gap so the popup does not touch the bar. */
export const POPUP_MARGIN = 4;

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

export function popupPosition(placement: PopupPlacement): Point {
  const { trayBounds, cursor, windowSize, workArea, displayBounds } = placement;
  const known = trayBounds.width > 0 && trayBounds.height > 0;
  const anchor: Rect = known ? trayBounds : { x: cursor.x, y: cursor.y, width: 0, height: 0 };
  const anchorCenterX = anchor.x + anchor.width / 2;
  const anchorCenterY = anchor.y + anchor.height / 2;

  const maxX = workArea.x + workArea.width - windowSize.width;
  const maxY = workArea.y + workArea.height - windowSize.height;

  // A bar on the left or right edge (a vertical Windows taskbar): open beside it.
  const barOnLeft = known && anchor.x + anchor.width <= workArea.x;
  const barOnRight = known && anchor.x >= workArea.x + workArea.width;
  if (barOnLeft || barOnRight) {
    const x = barOnLeft ? workArea.x + POPUP_MARGIN : maxX - POPUP_MARGIN;
    const y = clamp(Math.round(anchorCenterY - windowSize.height / 2), workArea.y, maxY);
    return { x: Math.round(clamp(x, workArea.x, maxX)), y };
  }

  const x = clamp(Math.round(anchorCenterX - windowSize.width / 2), workArea.x, maxX);
  const inLowerHalf = anchorCenterY > displayBounds.y + displayBounds.height / 2;
  const y = inLowerHalf ? anchor.y - windowSize.height - POPUP_MARGIN : anchor.y + anchor.height + POPUP_MARGIN;
  return { x, y: clamp(Math.round(y), workArea.y, maxY) };
}
