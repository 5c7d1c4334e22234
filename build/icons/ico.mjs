// Windows .ico writer. Sizes below 256 are stored as 32-bit BMP (DIB) images, which every Windows
// version and the NSIS installer read; 256 is stored as PNG, as Windows Vista and later expect.

/** A 32-bit BGRA DIB with its 1-bit AND mask, bottom-up, as ICO entries store bitmaps. */
function dib(width, height, rgba) {
  const maskStride = Math.ceil(width / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(0, 16); // BI_RGB
  header.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  const pixels = Buffer.alloc(width * height * 4);
  const mask = Buffer.alloc(maskStride * height);
  for (let y = 0; y < height; y++) {
    const row = height - 1 - y;
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 4;
      const dst = (row * width + x) * 4;
      pixels[dst] = rgba[src + 2];
      pixels[dst + 1] = rgba[src + 1];
      pixels[dst + 2] = rgba[src];
      pixels[dst + 3] = rgba[src + 3];
      if (rgba[src + 3] === 0) mask[row * maskStride + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

/**
 * @param {{ size: number, rgba: Uint8Array, png: Buffer }[]} images square images, any order
 * @returns {Buffer}
 */
export function encodeIco(images) {
  const sorted = [...images].sort((a, b) => a.size - b.size);
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(sorted.length, 4);
  const directory = [];
  const bodies = [];
  let offset = 6 + 16 * sorted.length;
  for (const image of sorted) {
    if (image.size > 256) throw new Error(`ICO images are at most 256 px, got ${image.size}`);
    const body = image.size >= 256 ? image.png : dib(image.size, image.size, image.rgba);
    const entry = Buffer.alloc(16);
    entry[0] = image.size >= 256 ? 0 : image.size; // 0 means 256
    entry[1] = image.size >= 256 ? 0 : image.size;
    entry[2] = 0; // no palette
    entry[3] = 0;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(body.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += body.length;
    directory.push(entry);
    bodies.push(body);
  }
  return Buffer.concat([header, ...directory, ...bodies]);
}
