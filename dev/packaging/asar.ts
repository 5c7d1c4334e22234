/**
 * What electron-builder packed into app.asar, as the packaging test and the package benchmark read
 * it: the archive is read with @electron/asar (Electron's own asar library, the one that wrote it),
 * and this module only shapes the answer into paths, sizes and file bodies. Files marked `unpacked`
 * live beside the archive in `<archive>.unpacked/`.
 */
import { statSync } from "node:fs";
import { extractFile, listPackage, statFile, uncache } from "@electron/asar";

interface AsarFile {
  /** Path inside the archive, "/"-separated, no leading slash. */
  readonly path: string;
  readonly size: number;
  readonly unpacked: boolean;
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

export function readAsar(archivePath: string): AsarArchive {
  // @electron/asar caches headers per path; a rebuilt archive at the same path must be read afresh.
  uncache(archivePath);
  const bytes = statSync(archivePath).size;
  const files = new Map<string, AsarFile>();
  const directories = new Set<string>();
  for (const listed of listPackage(archivePath, { isPack: false })) {
    const path = listed.replace(/\\/g, "/").replace(/^\/+/, "");
    const entry = statFile(archivePath, path, false);
    if ("files" in entry) directories.add(path);
    else if ("link" in entry) files.set(path, { path, size: 0, unpacked: false });
    else files.set(path, { path, size: entry.size, unpacked: entry.unpacked === true });
  }
  return {
    archivePath,
    bytes,
    files,
    directories,
    read(path: string): Buffer {
      const file = files.get(path);
      if (!file) throw new Error(`asar: no file ${path}`);
      if (file.unpacked) throw new Error(`asar: ${path} is unpacked; read it from ${archivePath}.unpacked`);
      return extractFile(archivePath, path, false);
    },
  };
}
