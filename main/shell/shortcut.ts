/**
 * The global shortcut from settings. Re-registered when the setting changes; a registration the OS
 * refuses (another app owns the keys) or Electron rejects is reported, never thrown.
 *
 * It can be paused: while Settings records a new shortcut, the OS would hand the current keys to the
 * app (opening the composer) instead of to the page, so the shortcut is let go until recording ends.
 */

export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface ShortcutManager {
  /** Registers `accelerator` ("" for none) in place of the current one (once unpaused, when paused). */
  apply(accelerator: string): void;
  /** `true` lets go of the shortcut; `false` registers the one last applied again. */
  setPaused(paused: boolean): void;
  isPaused(): boolean;
  /** The accelerator currently registered, or "" when none is. */
  current(): string;
  dispose(): void;
}

export interface ShortcutOptions {
  /**
   * Under Wayland an app cannot grab keys: the desktop's GlobalShortcuts portal grants them (or
   * not, or only after asking the user), so a refusal says that rather than blaming another app.
   */
  readonly wayland?: boolean;
}

export function createShortcutManager(
  registry: ShortcutRegistry,
  onPress: () => void,
  report: (message: string, error?: unknown) => void,
  options: ShortcutOptions = {},
): ShortcutManager {
  let registered = "";
  let wanted: string | null = null;
  let paused = false;
  // The accelerator whose refusal was already reported: a pause and resume (every focus of the
  // Settings field) retries it quietly instead of repeating the notice.
  let refused: string | null = null;

  const release = (): void => {
    if (registered === "") return;
    try {
      registry.unregister(registered);
    } catch (error) {
      report(`Could not release the shortcut ${registered}.`, error);
    }
    registered = "";
  };

  const register = (accelerator: string): void => {
    let ok = false;
    let failure: unknown;
    try {
      ok = registry.register(accelerator, onPress);
    } catch (error) {
      failure = error;
    }
    if (ok) {
      registered = accelerator;
      refused = null;
      return;
    }
    if (refused === accelerator) return;
    refused = accelerator;
    report(
      options.wayland === true
        ? `The desktop did not grant the shortcut ${accelerator}. Under Wayland, shortcuts are granted by the desktop (its Keyboard settings may list Co-op Tray), and some desktops do not offer them to apps at all.`
        : `The shortcut ${accelerator} could not be registered: another app may be using it. Choose another one in Settings.`,
      failure,
    );
  };

  return {
    apply(accelerator) {
      if (accelerator === wanted) return;
      wanted = accelerator;
      refused = null;
      release();
      if (!paused && accelerator !== "") register(accelerator);
    },
    setPaused(next) {
      if (next === paused) return;
      paused = next;
      if (paused) release();
      else if (wanted !== null && wanted !== "" && registered === "") register(wanted);
    },
    isPaused: () => paused,
    current: () => registered,
    dispose() {
      release();
      wanted = null;
      paused = false;
    },
  };
}
