/**
 * The Electron Tray for the app: icon and tooltip follow the app's tray state; clicks go to the
 * given actions. A missing icon file is logged and shown as an empty image, never a crash.
 */
import { Menu, Tray, nativeImage } from "electron";
import type { NativeImage } from "electron";
import type { TrayMenuActions, TrayState } from "./tray";
import { trayIcon, trayMenuTemplate, trayTooltip } from "./tray";

export interface TrayControllerOptions {
  readonly appPath: string;
  readonly platform: NodeJS.Platform;
  readonly initialState: TrayState;
  readonly actions: TrayMenuActions & { readonly toggle: () => void };
  readonly warn: (message: string) => void;
}

export interface TrayController {
  readonly tray: Tray;
  setState(state: TrayState): void;
  destroy(): void;
}

export function createTrayController(options: TrayControllerOptions): TrayController {
  const { appPath, platform, actions, warn } = options;

  const imageFor = (state: TrayState): NativeImage => {
    const icon = trayIcon(appPath, state, platform);
    const image = nativeImage.createFromPath(icon.path);
    if (image.isEmpty()) warn(`tray icon for "${state}" is missing (${icon.path.slice(appPath.length)})`);
    if (icon.template) image.setTemplateImage(true);
    return image;
  };

  const tray = new Tray(imageFor(options.initialState));
  const menu = Menu.buildFromTemplate(trayMenuTemplate(actions));

  const setState = (state: TrayState): void => {
    tray.setImage(imageFor(state));
    tray.setToolTip(trayTooltip(state));
  };
  tray.setToolTip(trayTooltip(options.initialState));

  if (platform === "linux") {
    // Many Linux panels (AppIndicator) never report clicks and only show a context menu.
    tray.setContextMenu(menu);
    tray.on("click", () => actions.toggle());
  } else {
    // Macs pass modifier-clicks here too; a ctrl-click is the Mac's right click.
    tray.on("click", (event) => (event.ctrlKey && platform === "darwin" ? tray.popUpContextMenu(menu) : actions.toggle()));
    tray.on("right-click", () => tray.popUpContextMenu(menu));
  }
  if (platform === "darwin") tray.setIgnoreDoubleClickEvents(true);

  return {
    tray,
    setState,
    destroy: () => {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
