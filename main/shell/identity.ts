/**
 * Who the app is to the OS. Windows groups notifications, the per-app notification switch and the
 * taskbar by the AppUserModelID: electron-builder gives the NSIS Start menu shortcut the `appId`
 * of electron-builder.yml, so the running app must claim the same one, or its toasts are
 * attributed to "electron.app.Co-op Tray", which no switch in Settings governs. On Linux the
 * desktop file's name (package.json `desktopName`) plays that part, with the window class.
 */

/** electron-builder.yml's `appId`; the packaging test checks they agree. */
export const APP_ID = "io.github.coop-tray";

/** The `.desktop` file electron-builder installs (its `executableName`) and package.json's `desktopName`. */
export const DESKTOP_FILE_NAME = "coop-tray.desktop";
