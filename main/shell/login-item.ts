/**
 * Launch at login. Only macOS and Windows have an Electron API for it, and only a packaged app
 * should register itself: in development the login item would point at the bare Electron binary.
 */
import type { App } from "electron";

export type LoginItemOutcome = "applied" | "unsupported" | "development";

export function applyLaunchAtLogin(
  app: Pick<App, "setLoginItemSettings" | "isPackaged">,
  platform: NodeJS.Platform,
  enabled: boolean,
): LoginItemOutcome {
  if (platform !== "darwin" && platform !== "win32") return "unsupported";
  if (!app.isPackaged) return "development";
  app.setLoginItemSettings({ openAtLogin: enabled });
  return "applied";
}
