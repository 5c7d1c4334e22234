/**
 * Linux desktops: Wayland, and launch at login through an XDG autostart file (Electron's
 * setLoginItemSettings does nothing on Linux).
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import type { CommandLine } from "electron";
import { DESKTOP_FILE_NAME } from "./identity";

type Env = Readonly<Record<string, string | undefined>>;

/** A Wayland session that Electron (Ozone's auto platform) runs natively in. */
export function isWayland(platform: NodeJS.Platform, env: Env): boolean {
  return platform === "linux" && (env.WAYLAND_DISPLAY ?? "") !== "";
}

/**
 * Global shortcuts under Wayland go through the desktop's GlobalShortcuts portal, which Chromium
 * uses only with this feature on. Must be set before the app is ready; harmless under X11.
 */
export function appendLinuxSwitches(commandLine: Pick<CommandLine, "appendSwitch">, platform: NodeJS.Platform): void {
  if (platform === "linux") commandLine.appendSwitch("enable-features", "GlobalShortcutsPortal");
}

/** The flag our login entries start the app with, so a login start stays quiet (first-show.ts). */
export const LOGIN_FLAG = "--launched-at-login";

/** Where the autostart entry lives: $XDG_CONFIG_HOME/autostart (~/.config by default). */
export function autostartPath(env: Env): string {
  const configHome = env.XDG_CONFIG_HOME?.startsWith("/") ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(configHome, "autostart", DESKTOP_FILE_NAME);
}

/** A Desktop Entry argument, quoted as the spec asks when it holds a space or a reserved character. */
function quoteArgument(argument: string): string {
  if (!/[\s"'\\`$<>~|&;*?#()]/.test(argument)) return argument;
  return `"${argument.replace(/(["`$\\])/g, "\\$1")}"`;
}

/** The autostart entry: the AppImage itself when run from one ($APPIMAGE), else the executable. */
export function autostartEntry(executable: string): string {
  return [
    "[Desktop Entry]",
    "Type=Application",
    "Name=Co-op Tray",
    `Exec=${quoteArgument(executable)} ${LOGIN_FLAG}`,
    "Icon=coop-tray",
    "Terminal=false",
    "X-GNOME-Autostart-enabled=true",
    "",
  ].join("\n");
}

export async function applyLinuxAutostart(enabled: boolean, env: Env, execPath: string): Promise<void> {
  const path = autostartPath(env);
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  const executable = env.APPIMAGE?.startsWith("/") ? env.APPIMAGE : execPath;
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, autostartEntry(executable), { mode: 0o644 });
}
