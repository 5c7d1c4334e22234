// `npm run icons`: renders every icon from its SVG source in build/icon-sources/ and writes them under
// build/. Rendering is @resvg/resvg-js (resvg: a maintained, deterministic SVG renderer with no
// system dependencies); the ICO and ICNS containers are packed by @shockpkg/icon-encoder.
//   node build/icons/generate.mjs                   write into build/ (the committed icons)
//   node build/icons/generate.mjs --out <dir>       write the same tree somewhere else (tests compare)
//   node build/icons/generate.mjs --sheet <file>    also write an enlarged contact sheet to look at
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import { IconIcns, IconIco } from "@shockpkg/icon-encoder";

const here = dirname(fileURLToPath(import.meta.url));
const TRAY_STATES = ["normal", "unread", "offline", "throttled", "running"];

/** Pixel sizes per output, shared with the tests through the files they produce. */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Windows scales the notification area icon by 100–300 %; one entry per common step. */
const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48, 64];
/** The Linux tray image: one size, larger than any panel's icon slot. */
const LINUX_TRAY_SIZE = 32;
/** Every ICNS slot macOS reads, by type: the PNG kinds from 16 to 1024 px (retina ones included). */
const ICNS_TYPES = [
  ["icp4", 16],
  ["icp5", 32],
  ["ic11", 32],
  ["icp6", 64],
  ["ic12", 64],
  ["ic07", 128],
  ["ic08", 256],
  ["ic13", 256],
  ["ic09", 512],
  ["ic14", 512],
  ["ic10", 1024],
];

function option(name) {
  const i = process.argv.indexOf(name);
  if (i === -1) return null;
  const value = process.argv[i + 1];
  if (!value || value.startsWith("--")) throw new Error(`${name} needs a value`);
  return resolve(value);
}

/** Renders one SVG source at any square size, each size once. */
async function source(name) {
  const svg = await readFile(join(here, "..", "icon-sources", `${name}.svg`), "utf8");
  const cache = new Map();
  return (size) => {
    let png = cache.get(size);
    if (!png) {
      png = new Resvg(svg, { fitTo: { mode: "width", value: size } }).render().asPng();
      cache.set(size, png);
    }
    return png;
  };
}

/** An ICO: 32-bit BMP entries below 256 px (what older Windows reads), PNG at 256. */
async function ico(render, sizes) {
  const icon = new IconIco();
  for (const size of sizes) await icon.addFromPng(render(size), size >= 256);
  return icon.encode();
}

async function icns(render) {
  const icon = new IconIcns();
  for (const [type, size] of ICNS_TYPES) await icon.addFromPng(render(size), [type]);
  return icon.encode();
}

export async function generate(outDir) {
  const files = new Map(); // relative path -> bytes
  const mac = await source("app-mac");
  const square = await source("app-square");
  files.set("icon.png", mac(1024));
  files.set("icon.icns", await icns(mac));
  files.set("icon.ico", await ico(square, ICO_SIZES));
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, square(size));

  const tray = {};
  for (const state of TRAY_STATES) {
    const template = await source(`tray-${state}-template`);
    const colour = await source(`tray-${state}`);
    tray[state] = { template, colour };
    files.set(`tray/${state}Template.png`, template(16));
    files.set(`tray/${state}Template@2x.png`, template(32));
    files.set(`tray/${state}.png`, colour(16));
    files.set(`tray/${state}@2x.png`, colour(32));
    // Linux panels (22–24 px, more when scaled) take one pixmap and scale it: scaling 32 px down
    // stays sharp where 16 px scaled up blurs.
    files.set(`tray/${state}-linux.png`, colour(LINUX_TRAY_SIZE));
    files.set(`tray/${state}.ico`, await ico(colour, TRAY_ICO_SIZES));
  }

  for (const [path, bytes] of files) {
    const target = join(outDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return { files, mac, square, tray };
}

/**
 * A contact sheet for looking at the icons, itself an SVG rendered by resvg: tray icons enlarged 8x
 * (pixelated, so every pixel shows), at 1x and 2x on light and dark panels (the template images
 * tinted as macOS does), then the app icon at several sizes.
 */
function contactSheet({ mac, square, tray }) {
  const items = [];
  const image = (png, x, y, size, filter = "") =>
    items.push(
      `<image x="${x}" y="${y}" width="${size}" height="${size}" image-rendering="optimizeSpeed"${filter} href="data:image/png;base64,${Buffer.from(png).toString("base64")}"/>`,
    );
  const panel = (x, y, fill) => items.push(`<rect x="${x}" y="${y}" width="120" height="60" fill="${fill}"/>`);
  const panels = [
    { bg: "#ececec", tint: "" },
    { bg: "#28282c", tint: ' filter="url(#white)"' },
  ];
  TRAY_STATES.forEach((state, row) => {
    const y = 10 + row * 150;
    const { template, colour } = tray[state];
    image(template(16), 10, y, 128);
    image(template(32), 150, y, 128);
    panels.forEach((p, i) => {
      panel(290, y + i * 70, p.bg);
      image(template(16), 300, y + i * 70 + 22, 16, p.tint);
      image(template(32), 330, y + i * 70 + 14, 32, p.tint);
      image(template(16), 370, y + i * 70 + 14, 32, p.tint);
    });
    image(colour(16), 430, y, 128);
    image(colour(32), 570, y, 128);
    panels.forEach((p, i) => {
      panel(710, y + i * 70, p.bg);
      image(colour(16), 720, y + i * 70 + 22, 16);
      image(colour(32), 750, y + i * 70 + 14, 32);
      image(colour(16), 790, y + i * 70 + 14, 32);
    });
    image(colour(48), 850, y, 48);
    image(colour(64), 910, y, 64);
  });
  let x = 10;
  for (const size of [16, 24, 32, 48, 64, 128, 256]) {
    image(square(size), x, 770, size);
    x += size + 10;
  }
  image(mac(256), 900, 770, 256);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1180" height="1050"><defs><filter id="white"><feColorMatrix type="matrix" values="0 0 0 0 1 0 0 0 0 1 0 0 0 0 1 0 0 0 1 0"/></filter></defs><rect width="1180" height="1050" fill="#fff"/>${items.join("")}</svg>`;
  return new Resvg(svg).render().asPng();
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const outDir = option("--out") ?? join(here, "..");
  const sheetPath = option("--sheet");
  const started = Date.now();
  const result = await generate(outDir);
  if (sheetPath) await writeFile(sheetPath, contactSheet(result));
  console.log(`wrote ${result.files.size} icon files into ${outDir} in ${Date.now() - started} ms`);
}
