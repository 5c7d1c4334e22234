/**
 * A store backend over `conf` in a given directory, for plain Node (tests, the browser bridge, the
 * CLI). The Electron shell passes an electron-store factory with the same options instead.
 */
import Conf from "conf";
import type { StoreBackend, StoreBackendFactory } from "../services/store";

export function openNodeStore(directory: string): StoreBackendFactory {
  return (options) => {
    const conf = new Conf<Record<string, unknown>>({
      cwd: directory,
      configName: options.name,
      defaults: options.defaults,
      clearInvalidConfig: options.clearInvalidConfig,
      accessPropertiesByDotNotation: options.accessPropertiesByDotNotation,
      serialize: options.serialize,
      deserialize: options.deserialize,
      // The folder may hold notes and cached feeds: readable by the user only.
      configFileMode: 0o600,
    });
    const backend: StoreBackend = conf;
    return backend;
  };
}
