// Apple .icns writer: every entry is a PNG under the OSType macOS 10.7+ reads for its pixel size.

/** OSType per entry: [type, pixel size]. The @2x types carry the same pixels as the next size up. */
const ICNS_TYPES = [
  ["icp4", 16],
  ["icp5", 32],
  ["ic11", 32], // 16@2x
  ["icp6", 64],
  ["ic12", 64], // 32@2x
  ["ic07", 128],
  ["ic08", 256],
  ["ic13", 256], // 128@2x
  ["ic09", 512],
  ["ic14", 512], // 256@2x
  ["ic10", 1024], // 512@2x
];

/**
 * @param {(size: number) => Buffer} pngOfSize the PNG for a pixel size
 * @returns {Buffer}
 */
export function encodeIcns(pngOfSize) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngOfSize(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, "latin1");
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write("icns", 0, "latin1");
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}
