/**
 * The global shortcut from settings. Re-registered when the setting changes; a registration the OS
 * refuses (another app owns the keys) or Electron rejects is reported, never thrown.
 */

export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface ShortcutManager {
  /** Registers `accelerator` ("" for none) in place of the current one. */
  apply(accelerator: string): void;
  /** The accelerator currently registered, or "" when none is. */
  current(): string;
  dispose(): void;
}

export function createShortcutManager(
  registry: ShortcutRegistry,
  onPress: () => void,
  report: (message: string, error?: unknown) => void,
): ShortcutManager {
  let registered = "";
  let wanted: string | null = null;

  const release = (): void => {
    if (registered === "") return;
    try {
      registry.unregister(registered);
    } catch (error) {
      report(`Could not release the shortcut ${registered}.`, error);
    }
    registered = "";
  };

  return {
    apply(accelerator) {
      if (accelerator === wanted) return;
      wanted = accelerator;
      release();
      if (accelerator === "") return;
      let ok = false;
      let failure: unknown;
      try {
        ok = registry.register(accelerator, onPress);
      } catch (error) {
        failure = error;
      }
      if (ok) registered = accelerator;
      else report(`The shortcut ${accelerator} could not be registered: another app may be using it. Choose another one in Settings.`, failure);
    },
    current: () => registered,
    dispose() {
      release();
      wanted = null;
    },
  };
}
