// A small reader for Electron's asar archives, enough to list and read what electron-builder packed.
// Layout: an 8-byte pickle holding the header's size, then the header (a pickle holding one
// string: JSON describing the tree), then file bodies; a file's `offset` counts from the end of
// the header. Files marked `unpacked` live beside the archive in `<archive>.unpacked/`.
import { closeSync, openSync, readSync, statSync } from "node:fs";

interface AsarFile {
  /** Path inside the archive, "/"-separated, no leading slash. */
  readonly path: string;
  readonly size: number;
  readonly unpacked: boolean;
  /** Byte offset of the body from the end of the header; null when unpacked. */
  readonly offset: number | null;
}

export interface AsarArchive {
  readonly archivePath: string;
  /** Size of the archive file in bytes. */
  readonly bytes: number;
  readonly files: ReadonlyMap<string, AsarFile>;
  readonly directories: ReadonlySet<string>;
  /** A packed file's bytes (throws for unpacked files and unknown paths). */
  read(path: string): Buffer;
}

interface HeaderNode {
  files?: Record<string, HeaderNode>;
  size?: number;
  offset?: string;
  unpacked?: boolean;
  link?: string;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const got = readSync(fd, buffer, 0, length, position);
  if (got !== length) throw new Error(`asar: wanted ${length} bytes at ${position}, file ended after ${got}`);
  return buffer;
}

function isNode(value: unknown): value is HeaderNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readAsar(archivePath: string): AsarArchive {
  const bytes = statSync(archivePath).size;
  const fd = openSync(archivePath, "r");
  let header: unknown;
  let bodyStart: number;
  try {
    const sizePickle = readAt(fd, 0, 8);
    if (sizePickle.readUInt32LE(0) !== 4) throw new Error("asar: not an asar archive (bad size pickle)");
    const headerSize = sizePickle.readUInt32LE(4);
    if (headerSize < 8 || 8 + headerSize > bytes) throw new Error(`asar: header size ${headerSize} does not fit a ${bytes}-byte file`);
    const headerPickle = readAt(fd, 8, headerSize);
    const payloadSize = headerPickle.readUInt32LE(0);
    const stringLength = headerPickle.readUInt32LE(4);
    if (payloadSize + 4 > headerSize || stringLength + 4 > payloadSize) throw new Error("asar: header pickle sizes are inconsistent");
    header = JSON.parse(headerPickle.subarray(8, 8 + stringLength).toString("utf8"));
    bodyStart = 8 + headerSize;
  } finally {
    closeSync(fd);
  }

  const files = new Map<string, AsarFile>();
  const directories = new Set<string>();
  const walk = (node: HeaderNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      if (!isNode(child)) throw new Error(`asar: malformed entry ${prefix}${name}`);
      const path = `${prefix}${name}`;
      if (child.files) {
        directories.add(path);
        walk(child, `${path}/`);
      } else if (child.link !== undefined) {
        files.set(path, { path, size: 0, unpacked: false, offset: null });
      } else {
        if (typeof child.size !== "number") throw new Error(`asar: ${path} has no size`);
        const unpacked = child.unpacked === true;
        const offset = unpacked ? null : Number(child.offset);
        if (offset !== null && !Number.isSafeInteger(offset)) throw new Error(`asar: ${path} has a bad offset`);
        files.set(path, { path, size: child.size, unpacked, offset });
      }
    }
  };
  if (!isNode(header) || !isNode(header.files)) throw new Error("asar: header has no file tree");
  walk(header, "");

  return {
    archivePath,
    bytes,
    files,
    directories,
    read(path: string): Buffer {
      const file = files.get(path);
      if (!file) throw new Error(`asar: no file ${path}`);
      if (file.offset === null) throw new Error(`asar: ${path} is unpacked; read it from ${archivePath}.unpacked`);
      const handle = openSync(archivePath, "r");
      try {
        return readAt(handle, bodyStart + file.offset, file.size);
      } finally {
        closeSync(handle);
      }
    },
  };
}
