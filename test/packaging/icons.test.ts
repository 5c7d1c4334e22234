// The icons: present in every size and state the builder configs and the shell refer to, the
// right pixel sizes, macOS template images black + alpha only, ICO/ICNS containers well formed,
// and identical to what `npm run icons` draws from the sources in build/icons/.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { TRAY_STATES, trayIcon } from "../../main/shell/tray";
import { readIcns, readIco, type IcoEntry } from "./icon-containers";
import { RELEASE_CONFIG, REPO_ROOT, TEST_PROFILE_CONFIG } from "../../dev/packaging/pack";
import { decodePng, type PngImage } from "./png";

const BUILD = join(REPO_ROOT, "build");
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const ICNS_SIZES: Record<string, number> = {
  icp4: 16,
  icp5: 32,
  ic11: 32,
  icp6: 64,
  ic12: 64,
  ic07: 128,
  ic08: 256,
  ic13: 256,
  ic09: 512,
  ic14: 512,
  ic10: 1024,
};

function png(path: string): PngImage & { rgba: Uint8Array } {
  const image = decodePng(readFileSync(path));
  if (!image.rgba) throw new Error(`${path}: not 8-bit RGBA`);
  return { ...image, rgba: image.rgba };
}

function alphaAt(image: { width: number; rgba: Uint8Array }, x: number, y: number): number {
  return image.rgba[(y * image.width + x) * 4 + 3] ?? 0;
}

/** Ink (alpha summed over the canvas, 0..1), anti-aliased edge pixels, and the drawing's extent. */
function coverage(image: { width: number; height: number; rgba: Uint8Array }) {
  let ink = 0;
  let partial = 0;
  let minX = image.width;
  let minY = image.height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) {
      const a = alphaAt(image, x, y);
      ink += a / 255;
      if (a > 0 && a < 255) partial++;
      if (a > 0) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  const pixels = image.width * image.height;
  return { ink: ink / pixels, partial, spanX: maxX - minX + 1, spanY: maxY - minY + 1 };
}

/** Largest per-byte difference, or Infinity when the lengths differ. */
function maxDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

function listIconFiles(root: string): string[] {
  const files: string[] = [];
  for (const name of ["icon.png", "icon.icns", "icon.ico"]) if (existsSync(join(root, name))) files.push(name);
  for (const dir of ["icons", "tray"]) {
    const full = join(root, dir);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full)) if ([".png", ".ico"].includes(extname(name))) files.push(`${dir}/${name}`);
  }
  return files.sort();
}

describe("icons", () => {
  it("every build/ path the builder configs name exists", () => {
    for (const config of [RELEASE_CONFIG, TEST_PROFILE_CONFIG]) {
      // Comments may mention paths inside node_modules; only settings count.
      const text = readFileSync(config, "utf8").replace(/(^|\s)#.*$/gm, "");
      const paths = [...text.matchAll(/(?<![\w/.-])build\/[\w.@/-]*[\w@]/g)].map((m) => m[0]);
      if (config === RELEASE_CONFIG)
        expect(paths).toEqual(
          expect.arrayContaining([
            "build/icon.icns",
            "build/icon.ico",
            "build/icons",
            "build/tray",
            "build/entitlements.mac.plist",
            "build/entitlements.mac.inherit.plist",
          ]),
        );
      for (const path of paths)
        expect(existsSync(join(REPO_ROOT, path)), `${relative(REPO_ROOT, config)} names ${path}`).toBe(true);
    }
  });

  it("the shell's tray icon exists for every state on macOS, Windows and Linux, with its @2x", () => {
    expect([...TRAY_STATES].sort()).toEqual(["normal", "offline", "running", "throttled", "unread"]);
    for (const platform of ["darwin", "win32", "linux"] as const) {
      for (const state of TRAY_STATES) {
        const icon = trayIcon(REPO_ROOT, state, platform);
        expect(existsSync(icon.path), `${platform} ${state}: ${relative(REPO_ROOT, icon.path)}`).toBe(true);
        expect(icon.template).toBe(platform === "darwin");
        if (platform === "linux") {
          // One image, scaled down by the panel to its 22–24 px: never a 16 px one scaled up.
          expect([png(icon.path).width, png(icon.path).height]).toEqual([32, 32]);
        } else if (icon.path.endsWith(".png")) {
          expect(png(icon.path).width).toBe(16);
          const retina = icon.path.replace(/\.png$/, "@2x.png");
          expect(existsSync(retina), relative(REPO_ROOT, retina)).toBe(true);
          expect(png(retina).width).toBe(32);
        } else {
          const sizes = readIco(readFileSync(icon.path)).map((entry) => entry.width);
          expect(sizes).toEqual(expect.arrayContaining([16, 24, 32]));
        }
      }
    }
  });

  it("tray images are 16 and 32 px, square, anti-aliased and fill their canvas", () => {
    for (const state of TRAY_STATES) {
      for (const [suffix, size] of [
        ["", 16],
        ["@2x", 32],
      ] as const) {
        for (const kind of ["Template", ""]) {
          const image = png(join(BUILD, "tray", `${state}${kind}${suffix}.png`));
          expect([image.width, image.height]).toEqual([size, size]);
          const c = coverage(image);
          expect(c.partial, `${state}${kind}${suffix} has soft edges`).toBeGreaterThan(0);
          expect(c.ink).toBeGreaterThan(0.1);
          expect(c.ink).toBeLessThan(0.75);
          expect(Math.min(c.spanX, c.spanY)).toBeGreaterThanOrEqual(size * 0.8);
        }
      }
    }
  });

  it("macOS template images are pure black with alpha; colour images are not", () => {
    for (const state of TRAY_STATES) {
      for (const name of [`${state}Template.png`, `${state}Template@2x.png`]) {
        const image = png(join(BUILD, "tray", name));
        const coloured = [];
        for (let i = 0; i < image.rgba.length; i += 4)
          if (image.rgba[i] || image.rgba[i + 1] || image.rgba[i + 2]) coloured.push(i / 4);
        expect(coloured, `${name}: pixels with colour`).toEqual([]);
      }
      const colour = png(join(BUILD, "tray", `${state}.png`));
      let brightest = 0;
      for (let i = 0; i < colour.rgba.length; i += 4)
        if (colour.rgba[i + 3])
          brightest = Math.max(brightest, colour.rgba[i] ?? 0, colour.rgba[i + 1] ?? 0, colour.rgba[i + 2] ?? 0);
      expect(brightest, `${state}.png is drawn in colour`).toBeGreaterThan(96);
    }
  });

  it("each tray state looks different from the others at 16 px", () => {
    for (const kind of ["Template", ""]) {
      const images = TRAY_STATES.map((state) => png(join(BUILD, "tray", `${state}${kind}.png`)));
      for (let i = 0; i < images.length; i++)
        for (let j = i + 1; j < images.length; j++) {
          const a = images[i];
          const b = images[j];
          if (!a || !b) throw new Error("missing image");
          let differing = 0;
          for (let p = 0; p < a.rgba.length; p += 4) {
            const delta = Math.max(...[0, 1, 2, 3].map((k) => Math.abs((a.rgba[p + k] ?? 0) - (b.rgba[p + k] ?? 0))));
            if (delta > 64) differing++;
          }
          expect(differing, `${TRAY_STATES[i]} vs ${TRAY_STATES[j]} (${kind || "colour"})`).toBeGreaterThanOrEqual(8);
        }
    }
  });

  it("tray .ico files hold 32-bit images whose headers agree with their directory", () => {
    for (const state of TRAY_STATES) {
      const entries = readIco(readFileSync(join(BUILD, "tray", `${state}.ico`)));
      expect(entries.map((e) => e.width)).toEqual([16, 20, 24, 32, 40, 48, 64]);
      for (const entry of entries) {
        expect([entry.imageWidth, entry.imageHeight]).toEqual([entry.width, entry.height]);
        expect(entry.bitCount).toBe(32);
      }
    }
  });

  it("the app icon: icon.png 1024, Linux icons in every size, a tile with transparent corners", () => {
    const master = png(join(BUILD, "icon.png"));
    expect([master.width, master.height]).toEqual([1024, 1024]);
    for (const size of LINUX_SIZES) {
      const image = png(join(BUILD, "icons", `${size}x${size}.png`));
      expect([image.width, image.height], `${size}x${size}.png`).toEqual([size, size]);
      expect(alphaAt(image, 0, 0)).toBe(0);
      expect(alphaAt(image, size >> 1, size >> 1)).toBe(255);
    }
  });

  it("icon.ico: 16–256 px, BMP below 256 and PNG at 256, headers consistent", () => {
    const entries: IcoEntry[] = readIco(readFileSync(join(BUILD, "icon.ico")));
    expect(entries.map((e) => e.width)).toEqual(APP_ICO_SIZES);
    for (const entry of entries) {
      expect([entry.imageWidth, entry.imageHeight]).toEqual([entry.width, entry.height]);
      expect(entry.bitCount).toBe(32);
      expect(entry.format).toBe(entry.width === 256 ? "png" : "bmp");
    }
  });

  it("icon.icns: every retina and standard slot from 16 to 1024 px, each PNG the size its type says", () => {
    const entries = readIcns(readFileSync(join(BUILD, "icon.icns")));
    expect(entries.map((e) => e.type).sort()).toEqual(Object.keys(ICNS_SIZES).sort());
    for (const entry of entries)
      expect([entry.png.width, entry.png.height], entry.type).toEqual([ICNS_SIZES[entry.type], ICNS_SIZES[entry.type]]);
  });

  describe("the committed icons match the generator's output", () => {
    let scratch = "";
    afterAll(async () => {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    it("regenerating from build/icons/ gives the same files and pixels", async () => {
      scratch = await mkdtemp(join(tmpdir(), "coop-tray-icons-"));
      await promisify(execFile)(process.execPath, [join(BUILD, "icons", "generate.mjs"), "--out", scratch], {
        cwd: REPO_ROOT,
      });
      const generated = listIconFiles(scratch);
      // Per tray state: template and colour at 16 and 32 px, the .ico, the Linux 32 px PNG.
      expect(generated.length).toBe(3 + LINUX_SIZES.length + TRAY_STATES.length * 6);
      expect(listIconFiles(BUILD)).toEqual(generated);
      // Pixels, not bytes: a different zlib may compress the same image differently. A tolerance of
      // 2 levels absorbs floating-point differences between machines, nothing a person could see.
      for (const file of generated) {
        const fresh = readFileSync(join(scratch, file));
        const committed = readFileSync(join(BUILD, file));
        const pairs: Array<[Uint8Array, Uint8Array, string]> = [];
        if (file.endsWith(".png")) pairs.push([png(join(scratch, file)).rgba, png(join(BUILD, file)).rgba, file]);
        else if (file.endsWith(".ico")) {
          const a = readIco(fresh);
          const b = readIco(committed);
          expect(
            b.map((e) => e.width),
            file,
          ).toEqual(a.map((e) => e.width));
          a.forEach((entry, i) => {
            const other = b[i];
            if (!other) return;
            pairs.push([entry.png?.rgba ?? entry.body, other.png?.rgba ?? other.body, `${file}#${entry.width}`]);
          });
        } else {
          const a = readIcns(fresh);
          const b = readIcns(committed);
          expect(
            b.map((e) => e.type),
            file,
          ).toEqual(a.map((e) => e.type));
          a.forEach((entry, i) =>
            pairs.push([
              entry.png.rgba ?? new Uint8Array(),
              b[i]?.png.rgba ?? new Uint8Array(),
              `${file}#${entry.type}`,
            ]),
          );
        }
        for (const [a, b, what] of pairs)
          expect(
            maxDifference(a, b),
            `${what} differs from the generator's output: run npm run icons`,
          ).toBeLessThanOrEqual(2);
      }
      expect(statSync(join(BUILD, "icon.png")).size).toBeGreaterThan(0);
    }, 90_000);
  });
});
