/**
 * The Electron Tray's icon and tooltip, following the app's tray state: what electron-menubar
 * (tray-window.ts), which handles the clicks and the menu, knows nothing of. A missing icon file is
 * logged and shown as an empty image, never a crash.
 */
import { Tray, nativeImage } from "electron";
import type { NativeImage } from "electron";
import type { TrayState } from "./tray";
import { trayIcon, trayTooltip } from "./tray";

export interface TrayControllerOptions {
  readonly appPath: string;
  readonly platform: NodeJS.Platform;
  readonly initialState: TrayState;
  readonly warn: (message: string) => void;
}

export interface TrayController {
  readonly tray: Tray;
  /** The image and tooltip of the state last set, for the library's start-up. */
  image(): NativeImage;
  tooltip(): string;
  setState(state: TrayState): void;
  destroy(): void;
}

export function createTrayController(options: TrayControllerOptions): TrayController {
  const { appPath, platform, warn } = options;

  const imageFor = (state: TrayState): NativeImage => {
    const icon = trayIcon(appPath, state, platform);
    const image = nativeImage.createFromPath(icon.path);
    if (image.isEmpty()) warn(`tray icon for "${state}" is missing (${icon.path.slice(appPath.length)})`);
    if (icon.template) image.setTemplateImage(true);
    return image;
  };

  let state = options.initialState;
  let image = imageFor(state);
  const tray = new Tray(image);
  tray.setToolTip(trayTooltip(state));

  return {
    tray,
    image: () => image,
    tooltip: () => trayTooltip(state),
    setState: (next) => {
      if (tray.isDestroyed()) return;
      state = next;
      image = imageFor(next);
      tray.setImage(image);
      tray.setToolTip(trayTooltip(next));
    },
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
