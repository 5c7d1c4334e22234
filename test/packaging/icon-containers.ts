// Readers for the Windows .ico and Apple .icns containers, enough to check what the generator wrote.
// Hand-written on purpose: the generator packs with @shockpkg/icon-encoder, and these readers are
// the independent check that its output is well formed, so they must not reuse that library.
import { decodePng, isPng, type PngImage } from "./png";

export interface IcoEntry {
  /** Size from the directory entry (0 there means 256). */
  readonly width: number;
  readonly height: number;
  readonly bitCount: number;
  readonly format: "png" | "bmp";
  /** Size of the embedded image itself, read from its own header. */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Decoded pixels for PNG entries. */
  readonly png: PngImage | null;
  /** The embedded image's bytes as stored. */
  readonly body: Buffer;
}

export function readIco(bytes: Buffer): IcoEntry[] {
  if (bytes.length < 6) throw new Error("ico: too short");
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error("ico: not an icon (reserved/type)");
  const count = bytes.readUInt16LE(4);
  if (count === 0 || 6 + count * 16 > bytes.length) throw new Error(`ico: bad entry count ${count}`);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 16;
    const width = bytes[at] === 0 ? 256 : (bytes[at] ?? 0);
    const height = bytes[at + 1] === 0 ? 256 : (bytes[at + 1] ?? 0);
    const bitCount = bytes.readUInt16LE(at + 6);
    const size = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    if (offset + size > bytes.length) throw new Error(`ico: entry ${i} runs past the end`);
    const body = bytes.subarray(offset, offset + size);
    if (isPng(body)) {
      const png = decodePng(body);
      entries.push({
        width,
        height,
        bitCount,
        format: "png",
        imageWidth: png.width,
        imageHeight: png.height,
        png,
        body,
      });
    } else {
      const headerSize = body.readUInt32LE(0);
      if (headerSize !== 40) throw new Error(`ico: entry ${i} is neither PNG nor a BITMAPINFOHEADER DIB`);
      const dibWidth = body.readInt32LE(4);
      const dibHeight = body.readInt32LE(8) / 2; // colour rows + AND-mask rows
      const dibBits = body.readUInt16LE(14);
      const maskStride = Math.ceil(dibWidth / 32) * 4;
      const expected = 40 + dibWidth * dibHeight * (dibBits / 8) + maskStride * dibHeight;
      if (body.length !== expected)
        throw new Error(`ico: entry ${i} holds ${body.length} bytes, its DIB header says ${expected}`);
      entries.push({
        width,
        height,
        bitCount: dibBits,
        format: "bmp",
        imageWidth: dibWidth,
        imageHeight: dibHeight,
        png: null,
        body,
      });
    }
  }
  return entries;
}

export interface IcnsEntry {
  readonly type: string;
  readonly png: PngImage;
}

export function readIcns(bytes: Buffer): IcnsEntry[] {
  if (bytes.toString("latin1", 0, 4) !== "icns") throw new Error("icns: bad magic");
  if (bytes.readUInt32BE(4) !== bytes.length)
    throw new Error(`icns: header says ${bytes.readUInt32BE(4)} bytes, file has ${bytes.length}`);
  const entries: IcnsEntry[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    const type = bytes.toString("latin1", offset, offset + 4);
    const length = bytes.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > bytes.length) throw new Error(`icns: entry ${type} has a bad length ${length}`);
    const body = bytes.subarray(offset + 8, offset + length);
    if (!isPng(body)) throw new Error(`icns: entry ${type} is not PNG`);
    entries.push({ type, png: decodePng(body) });
    offset += length;
  }
  return entries;
}
