/**
 * The store's file in a given directory (`<directory>/<name>.json`), written durably by
 * `StoreFile`. Used everywhere: the Electron shell passes its user-data folder, Node (tests, the
 * browser bridge, the CLI) a folder of its own. `fsys` is the seam tests use to make writes fail.
 */
import type { StoreBackendFactory } from "../services/store";
import { StoreFile, nodeFs, type StoreFs } from "../services/store-file";

export function openNodeStore(directory: string, fsys: StoreFs = nodeFs): StoreBackendFactory {
  return (options) => new StoreFile(directory, options.name, fsys);
}
