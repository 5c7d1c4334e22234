// A tiny vector renderer for icons. Shapes are signed distance functions in design units
// (negative inside); a pixel's coverage comes from its distance to the edge, averaged over a
// few sub-samples at small sizes, which gives clean anti-aliasing from 16 px to 1024 px.

const clamp01 = (v) => (v < 0 ? 0 : v > 1 ? 1 : v);
// Math.hypot guards against overflow we cannot hit here, and is several times slower.
const length = (x, y) => Math.sqrt(x * x + y * y);

// ---- shapes: each returns (x, y) => signed distance -------------------------------------------

export const circle = (cx, cy, r) => (x, y) => length(x - cx, y - cy) - r;

/** An axis-aligned rectangle with rounded corners. */
export const roundRect = (x0, y0, x1, y1, r) => {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  return (x, y) => {
    const qx = Math.abs(x - cx) - hx;
    const qy = Math.abs(y - cy) - hy;
    return length(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
};

/** A line from a to b with round caps, `width` wide. */
export const segment = (ax, ay, bx, by, width) => {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  return (x, y) => {
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    return length(x - ax - t * dx, y - ay - t * dy) - width / 2;
  };
};

/** A closed polygon (any winding), exact distance. */
export const polygon = (points) => (x, y) => {
  let d = Infinity;
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [ax, ay] = points[j];
    const [bx, by] = points[i];
    const ex = bx - ax;
    const ey = by - ay;
    const wx = x - ax;
    const wy = y - ay;
    const t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
    d = Math.min(d, length(wx - ex * t, wy - ey * t));
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside ? -d : d;
};

// ---- combinators ------------------------------------------------------------------------------

export const union = (...shapes) => (x, y) => {
  let d = Infinity;
  for (const s of shapes) d = Math.min(d, s(x, y));
  return d;
};
/** `shape` with `cut` removed, e.g. the gap around a badge. */
export const subtract = (shape, ...cuts) => (x, y) => {
  let d = shape(x, y);
  for (const c of cuts) d = Math.max(d, -c(x, y));
  return d;
};
/** Grows (positive) or shrinks (negative) a shape. */
export const grow = (shape, by) => (x, y) => shape(x, y) - by;
export const translate = (shape, dx, dy) => (x, y) => shape(x - dx, y - dy);

// ---- paints: (x, y) => [r, g, b, a] with components 0..1 ------------------------------------------

export const hex = (value, alpha = 1) => {
  const n = Number.parseInt(value.replace("#", ""), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, alpha];
};
export const solid = (colour) => () => colour;
/** A linear gradient from colour `a` at (x0, y0) to colour `b` at (x1, y1). */
export const linear = (x0, y0, x1, y1, a, b) => {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  // One result array, overwritten per call: the renderer reads it before asking again.
  const colour = [0, 0, 0, 0];
  return (x, y) => {
    const t = clamp01(((x - x0) * dx + (y - y0) * dy) / len2);
    for (let i = 0; i < 4; i++) colour[i] = a[i] + (b[i] - a[i]) * t;
    return colour;
  };
};

// ---- rendering ----------------------------------------------------------------------------------

/**
 * Renders layers (painted bottom to top) into straight-alpha RGBA bytes.
 * A layer is `{ shape, paint, opacity?, blur? }`; `blur` (design units) softens its edge, for shadows.
 * @param {{ size: number, layers: object[] }} design `size` is the design's width and height in units
 * @param {number} pixels output width and height
 */
export function render(design, pixels) {
  const unit = design.size / pixels; // design units per pixel
  // Small icons get 4x4 sub-samples so thin strokes and corners keep their shape.
  const sub = pixels <= 64 ? 4 : pixels <= 256 ? 2 : 1;
  const step = unit / sub;
  const out = new Uint8Array(pixels * pixels * 4);
  const layers = design.layers.map((layer) => ({ ...layer, softness: Math.max(step, layer.blur ?? 0) }));
  // Per pixel, a layer whose edge is farther than this from the pixel centre covers all of the
  // pixel's sub-samples or none of them (distances change by at most 1 per unit moved), so its
  // coverage is known without sampling. Same result, far fewer distance evaluations.
  const reach = (layer) => unit + layer.softness;
  const coverageAt = new Float64Array(layers.length); // -1: sample it; otherwise the coverage
  for (let py = 0; py < pixels; py++) {
    for (let px = 0; px < pixels; px++) {
      const cx = (px + 0.5) * unit;
      const cy = (py + 0.5) * unit;
      let any = false;
      for (let l = 0; l < layers.length; l++) {
        const d = layers[l].shape(cx, cy);
        const r = reach(layers[l]);
        coverageAt[l] = d >= r ? 0 : d <= -r ? 1 : -1;
        if (coverageAt[l] !== 0) any = true;
      }
      if (!any) continue;
      // Premultiplied accumulation, averaged over the sub-samples.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < sub; sy++) {
        for (let sx = 0; sx < sub; sx++) {
          const x = (px + (sx + 0.5) / sub) * unit;
          const y = (py + (sy + 0.5) / sub) * unit;
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (let l = 0; l < layers.length; l++) {
            const layer = layers[l];
            const known = coverageAt[l];
            if (known === 0) continue;
            const covered = known === 1 ? 1 : clamp01(0.5 - layer.shape(x, y) / layer.softness);
            const coverage = covered * (layer.opacity ?? 1);
            if (coverage <= 0) continue;
            const [lr, lg, lb, la] = layer.paint(x, y);
            const alpha = la * coverage;
            cr = lr * alpha + cr * (1 - alpha);
            cg = lg * alpha + cg * (1 - alpha);
            cb = lb * alpha + cb * (1 - alpha);
            ca = alpha + ca * (1 - alpha);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const n = sub * sub;
      const alpha = a / n;
      const i = (py * pixels + px) * 4;
      const a8 = Math.round(alpha * 255);
      if (a8 === 0) continue; // fully transparent pixels stay 0,0,0,0
      out[i] = Math.round(clamp01(r / n / alpha) * 255);
      out[i + 1] = Math.round(clamp01(g / n / alpha) * 255);
      out[i + 2] = Math.round(clamp01(b / n / alpha) * 255);
      out[i + 3] = a8;
    }
  }
  return out;
}
