/**
 * Launch at login: Electron's login item on macOS and Windows, an XDG autostart file on Linux.
 * Only a packaged app registers itself: in development the entry would point at the bare Electron
 * binary. Applied when the setting changes, never at start, so a choice the user made in the OS
 * (Task Manager's Startup apps, System Settings' Login Items) is not overridden by the next launch.
 */
import type { App } from "electron";
import { LOGIN_FLAG, applyLinuxAutostart } from "./linux-desktop";

export type LoginItemOutcome = "applied" | "unsupported" | "development";

export interface LoginItemContext {
  readonly app: Pick<App, "setLoginItemSettings" | "isPackaged">;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly execPath: string;
}

export async function applyLaunchAtLogin(context: LoginItemContext, enabled: boolean): Promise<LoginItemOutcome> {
  const { app, platform } = context;
  if (!app.isPackaged) return "development";
  if (platform === "linux") {
    await applyLinuxAutostart(enabled, context.env, context.execPath);
    return "applied";
  }
  if (platform !== "darwin" && platform !== "win32") return "unsupported";
  // `args` is Windows's (macOS tells a login start by wasOpenedAtLogin instead).
  app.setLoginItemSettings({ openAtLogin: enabled, ...(platform === "win32" ? { args: [LOGIN_FLAG] } : {}) });
  return "applied";
}

/** Whether this start is the OS's at login: our flag (Windows, Linux) or macOS's own record. */
export function launchedAtLogin(
  app: Pick<App, "getLoginItemSettings">,
  platform: NodeJS.Platform,
  argv: readonly string[],
): boolean {
  if (argv.includes(LOGIN_FLAG)) return true;
  if (platform !== "darwin") return false;
  try {
    return app.getLoginItemSettings().wasOpenedAtLogin;
  } catch {
    return false;
  }
}
