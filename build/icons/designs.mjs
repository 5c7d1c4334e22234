// The icon sources: every icon is described here as shapes and paints, in design units.
// The tray glyph is a speech bubble (a team's status feed); each state adds one mark that stays
// readable at 16 px: a badge for unread, a slash for offline, a clock for throttled, a play
// triangle while a Harvest timer runs.
import { circle, grow, hex, linear, polygon, roundRect, segment, solid, subtract, translate, union } from "./raster.mjs";

export const TRAY_STATES = ["normal", "unread", "offline", "throttled", "running"];

const TEAL = hex("#0f8f8c");
const TEAL_DARK = hex("#0a5e69");
const TEAL_LIGHT = hex("#1bb3a9");
const WHITE = hex("#ffffff");
const BLACK = hex("#000000");
const RED = hex("#e5484d");
const AMBER = hex("#f5a524");
const GREEN = hex("#1f9d55");
const GREY = hex("#7d8793");

// ---- tray glyph, on a 16-unit grid --------------------------------------------------------------

// Outer edges sit on whole pixels at 16 px and the dots are centred on pixel corners, so the 1x
// template stays crisp: a 1.5 px outline and three 2 px dots with 1 px between them.
const bubble = union(roundRect(1, 2, 15, 12, 3), polygon([[3.5, 11], [7.5, 11], [3, 15]]));
const bubbleOutline = subtract(bubble, grow(bubble, -1.5));
const dots = union(circle(5, 7, 1), circle(8, 7, 1), circle(11, 7, 1));

// State marks and the clear gap each one cuts into the bubble so it reads as separate.
const badge = circle(13.25, 2.75, 2.6);
const badgeGap = circle(13.25, 2.75, 3.6);
const slash = segment(2, 1.25, 14.25, 14.5, 1.6);
const slashGap = segment(2, 1.25, 14.25, 14.5, 3.4);
const clockCentre = [12, 11.75];
const clockFace = circle(clockCentre[0], clockCentre[1], 3.75);
const clockGap = circle(clockCentre[0], clockCentre[1], 4.85);
const clockHands = union(
  segment(clockCentre[0], clockCentre[1], clockCentre[0], clockCentre[1] - 2.25, 1.1),
  segment(clockCentre[0], clockCentre[1], clockCentre[0] + 1.6, clockCentre[1], 1.1),
);
const clock = subtract(clockFace, clockHands);
// Running: a solid play triangle where the clock sits (the two never show at once), with a gap
// cut around it; a triangle rather than another disc so it stays unlike throttled's clock at 16 px.
const play = polygon([[9.25, 8.25], [9.25, 15.5], [15.75, 11.875]]);
const playGap = grow(play, 1.25);

/**
 * A tray icon. Template images (macOS) are black with alpha only: the menu bar tints them.
 * Colour icons (Windows, Linux) fill the bubble so it holds up on light and dark panels.
 * @param {"normal"|"unread"|"offline"|"throttled"|"running"} state
 * @param {{ template: boolean }} options
 */
export function trayDesign(state, { template }) {
  const gap = state === "unread" ? badgeGap : state === "offline" ? slashGap : state === "throttled" ? clockGap : state === "running" ? playGap : null;
  const cut = (shape) => (gap ? subtract(shape, gap) : shape);
  const layers = [];
  if (template) {
    // Offline dims the bubble (macOS keeps a template image's alpha) and crosses it out.
    const dim = state === "offline" ? 0.45 : 1;
    // Offline drops the dots: nothing is coming through.
    const glyph = state === "offline" ? bubbleOutline : union(bubbleOutline, dots);
    layers.push({ shape: cut(glyph), paint: solid(BLACK), opacity: dim });
    if (state === "unread") layers.push({ shape: badge, paint: solid(BLACK) });
    if (state === "offline") layers.push({ shape: slash, paint: solid(BLACK) });
    if (state === "throttled") layers.push({ shape: clock, paint: solid(BLACK) });
    if (state === "running") layers.push({ shape: play, paint: solid(BLACK) });
  } else {
    const fill = state === "offline" ? GREY : TEAL;
    layers.push({ shape: cut(state === "offline" ? bubble : subtract(bubble, dots)), paint: solid(fill) });
    if (state === "unread") layers.push({ shape: badge, paint: solid(RED) });
    if (state === "offline") layers.push({ shape: slash, paint: solid(GREY) });
    if (state === "throttled") layers.push({ shape: clock, paint: solid(AMBER) });
    if (state === "running") layers.push({ shape: play, paint: solid(GREEN) });
  }
  return { size: 16, layers };
}

// ---- app icon, on a 1024-unit grid --------------------------------------------------------------

/** Scales a shape about the canvas centre, keeping distances in design units. */
const scaleAbout = (shape, s, c = 512) => (x, y) => shape((x - c) / s + c, (y - c) / s + c) * s;

const backBubble = union(roundRect(430, 236, 812, 520, 84), polygon([[676, 500], [770, 500], [804, 604]]));
const frontBubble = union(roundRect(212, 372, 700, 706, 100), polygon([[290, 680], [430, 680], [246, 816]]));
const frontDots = union(circle(336, 539, 40), circle(456, 539, 40), circle(576, 539, 40));

/**
 * The application icon: two speech bubbles on a teal tile.
 * `mac` follows the macOS grid (an 824-unit tile with room for its shadow); `square` fills the
 * canvas for Windows and Linux, where icons are not drawn on a common tile.
 * @param {"mac"|"square"} variant
 */
export function appIconDesign(variant) {
  const mac = variant === "mac";
  const tile = mac ? roundRect(100, 100, 924, 924, 186) : roundRect(24, 24, 1000, 1000, 212);
  const s = mac ? 1 : 976 / 824;
  const layers = [];
  if (mac) layers.push({ shape: translate(tile, 0, 14), paint: solid(hex("#000000", 0.32)), blur: 44 });
  layers.push({ shape: tile, paint: linear(0, 100, 0, 924, TEAL_LIGHT, TEAL_DARK) });
  // A faint lower edge gives the tile some depth without a second colour.
  layers.push({ shape: subtract(tile, translate(tile, 0, -10)), paint: solid(hex("#053f47", 0.35)) });
  layers.push({ shape: scaleAbout(backBubble, s), paint: solid(WHITE), opacity: 0.55 });
  // The front bubble is cut away from the back one by a teal gap so the two read as separate.
  layers.push({ shape: scaleAbout(grow(frontBubble, 22), s), paint: linear(0, 100, 0, 924, TEAL_LIGHT, TEAL_DARK) });
  layers.push({ shape: scaleAbout(subtract(frontBubble, frontDots), s), paint: solid(WHITE) });
  return { size: 1024, layers };
}
