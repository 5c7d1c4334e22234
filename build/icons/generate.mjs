// `npm run icons`: draws every icon from the sources in designs.mjs and writes them under build/.
//   node build/icons/generate.mjs                   write into build/ (the committed icons)
//   node build/icons/generate.mjs --out <dir>       write the same tree somewhere else (tests compare)
//   node build/icons/generate.mjs --sheet <file>    also write an enlarged contact sheet to look at
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TRAY_STATES, appIconDesign, trayDesign } from "./designs.mjs";
import { encodeIcns } from "./icns.mjs";
import { encodeIco } from "./ico.mjs";
import { encodePng } from "./png.mjs";
import { render } from "./raster.mjs";

/** Pixel sizes per output, shared with the tests through the files they produce. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows scales the notification area icon by 100–300 %; one entry per common step. */
export const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48, 64];

function option(name) {
  const i = process.argv.indexOf(name);
  if (i === -1) return null;
  const value = process.argv[i + 1];
  if (!value || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return resolve(value);
}

/** Renders each (design, size) once. */
function renderer(design) {
  const cache = new Map();
  const image = (size) => {
    let hit = cache.get(size);
    if (!hit) {
      const rgba = render(design, size);
      hit = { size, rgba, png: encodePng(size, size, rgba) };
      cache.set(size, hit);
    }
    return hit;
  };
  return image;
}

export async function generate(outDir) {
  const files = new Map(); // relative path -> bytes
  const mac = renderer(appIconDesign("mac"));
  const square = renderer(appIconDesign("square"));
  files.set("icon.png", mac(1024).png);
  files.set("icon.icns", encodeIcns((size) => mac(size).png));
  files.set("icon.ico", encodeIco(ICO_SIZES.map(square)));
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, square(size).png);

  const tray = {};
  for (const state of TRAY_STATES) {
    const template = renderer(trayDesign(state, { template: true }));
    const colour = renderer(trayDesign(state, { template: false }));
    tray[state] = { template, colour };
    files.set(`tray/${state}Template.png`, template(16).png);
    files.set(`tray/${state}Template@2x.png`, template(32).png);
    files.set(`tray/${state}.png`, colour(16).png);
    files.set(`tray/${state}@2x.png`, colour(32).png);
    files.set(`tray/${state}.ico`, encodeIco(TRAY_ICO_SIZES.map(colour)));
  }

  for (const [path, bytes] of files) {
    const target = join(outDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return { files, mac, square, tray };
}

/**
 * A contact sheet for looking at the icons: tray icons enlarged 8x (nearest neighbour, so every
 * pixel shows) and at 1x and 2x on light and dark panels, then the app icon at several sizes.
 */
function contactSheet({ mac, square, tray }) {
  const width = 1180;
  const height = 1050;
  const sheet = new Uint8Array(width * height * 4);
  const fill = (x0, y0, w, h, [r, g, b]) => {
    for (let y = y0; y < y0 + h; y++)
      for (let x = x0; x < x0 + w; x++) {
        const i = (y * width + x) * 4;
        sheet.set([r, g, b, 255], i);
      }
  };
  const blit = (image, x0, y0, scale = 1, tint = null) => {
    for (let y = 0; y < image.size * scale; y++)
      for (let x = 0; x < image.size * scale; x++) {
        const s = ((Math.floor(y / scale) * image.size) + Math.floor(x / scale)) * 4;
        const a = image.rgba[s + 3] / 255;
        const d = ((y0 + y) * width + x0 + x) * 4;
        for (let c = 0; c < 3; c++) {
          const src = tint ? tint[c] : image.rgba[s + c];
          sheet[d + c] = Math.round(src * a + sheet[d + c] * (1 - a));
        }
      }
  };
  fill(0, 0, width, height, [255, 255, 255]);
  const panels = [
    { bg: [236, 236, 236], tint: [0, 0, 0] },
    { bg: [40, 40, 44], tint: [255, 255, 255] },
  ];
  TRAY_STATES.forEach((state, row) => {
    const y = 10 + row * 150;
    // Template: enlarged 16 and 32, then 1x/2x on a light and a dark menu bar (tinted as macOS does).
    blit(tray[state].template(16), 10, y, 8);
    blit(tray[state].template(32), 150, y, 4);
    panels.forEach((p, i) => {
      fill(290, y + i * 70, 120, 60, p.bg);
      blit(tray[state].template(16), 300, y + i * 70 + 22, 1, p.tint);
      blit(tray[state].template(32), 330, y + i * 70 + 14, 1, p.tint);
      blit(tray[state].template(16), 370, y + i * 70 + 14, 2, p.tint);
    });
    // Colour: enlarged 16 and 32, then 1x/2x on light and dark panels.
    blit(tray[state].colour(16), 430, y, 8);
    blit(tray[state].colour(32), 570, y, 4);
    panels.forEach((p, i) => {
      fill(710, y + i * 70, 120, 60, p.bg);
      blit(tray[state].colour(16), 720, y + i * 70 + 22);
      blit(tray[state].colour(32), 750, y + i * 70 + 14);
      blit(tray[state].colour(16), 790, y + i * 70 + 14, 2);
    });
    blit(tray[state].colour(48), 850, y);
    blit(tray[state].colour(64), 910, y);
  });
  let x = 10;
  for (const size of [16, 24, 32, 48, 64, 128, 256]) {
    blit(square(size), x, 770);
    x += size + 10;
  }
  blit(mac(256), 900, 770);
  return encodePng(width, height, sheet);
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const here = dirname(fileURLToPath(import.meta.url));
  const outDir = option("--out") ?? join(here, "..");
  const sheetPath = option("--sheet");
  const started = Date.now();
  const result = await generate(outDir);
  if (sheetPath) await writeFile(sheetPath, contactSheet(result));
  console.log(`wrote ${result.files.size} icon files into ${outDir} in ${Date.now() - started} ms`);
}
