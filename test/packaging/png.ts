// A small PNG reader for the icon tests: checks the signature and every chunk's CRC, and decodes
// 8-bit RGBA (what the icon generator writes) to pixels. Anything else is reported, not guessed.
// Kept hand-written on purpose: it is the independent check of what resvg and the icon packer
// wrote, so it must not share their code (a bug in one library would otherwise pass its own test).
import { inflateSync } from "node:zlib";

export interface PngImage {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  /** Straight-alpha RGBA, rows top to bottom; only for 8-bit RGBA images. */
  readonly rgba: Uint8Array | null;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(SIGNATURE);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

export function decodePng(input: Uint8Array): PngImage {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!isPng(bytes)) throw new Error("png: bad signature");
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colourType: number; interlace: number } | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new Error("png: truncated chunk");
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`png: chunk ${type} runs past the end`);
    const expected = bytes.readUInt32BE(end);
    if (crc32(bytes.subarray(offset + 4, end)) !== expected) throw new Error(`png: bad CRC in ${type}`);
    const data = bytes.subarray(offset + 8, end);
    if (type === "IHDR") {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8] ?? 0,
        colourType: data[9] ?? 0,
        interlace: data[12] ?? 0,
      };
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") {
      ended = true;
      break;
    }
    offset = end + 4;
  }
  if (!header) throw new Error("png: no IHDR");
  if (!ended) throw new Error("png: no IEND");
  const { width, height, bitDepth, colourType } = header;
  if (bitDepth !== 8 || colourType !== 6 || header.interlace !== 0)
    return { width, height, bitDepth, colourType, rgba: null };

  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  if (raw.length !== height * (stride + 1))
    throw new Error(`png: expected ${height * (stride + 1)} bytes of image data, got ${raw.length}`);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? (rgba[y * stride + i - 4] ?? 0) : 0;
      const b = y > 0 ? (rgba[(y - 1) * stride + i] ?? 0) : 0;
      const c = y > 0 && i >= 4 ? (rgba[(y - 1) * stride + i - 4] ?? 0) : 0;
      const x = line[i] ?? 0;
      let value: number;
      switch (filter) {
        case 0:
          value = x;
          break;
        case 1:
          value = x + a;
          break;
        case 2:
          value = x + b;
          break;
        case 3:
          value = x + ((a + b) >> 1);
          break;
        case 4:
          value = x + paeth(a, b, c);
          break;
        default:
          throw new Error(`png: unknown filter ${filter} on row ${y}`);
      }
      rgba[y * stride + i] = value & 0xff;
    }
  }
  return { width, height, bitDepth, colourType, rgba };
}
