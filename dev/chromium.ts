/**
 * The one Chromium lookup: the Playwright runner (playwright.config.ts), the benchmarks and the dev
 * screenshots all launch the same browser with the same flags. Debian's Chromium where it is
 * installed (or CHROMIUM_PATH); otherwise Playwright's own download.
 */
import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

export function chromiumLaunchOptions(): LaunchOptions {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/lib/chromium/chromium"];
  const executablePath = candidates.find((c): c is string => typeof c === "string" && c !== "" && existsSync(c));
  return {
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  };
}
