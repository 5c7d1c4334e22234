/** How this project launches Chromium outside the Playwright runner (benchmarks, dev screenshots). */
import { existsSync } from "node:fs";
import type { LaunchOptions } from "@playwright/test";

export function chromiumLaunchOptions(): LaunchOptions {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/lib/chromium/chromium"];
  const executablePath = candidates.find((c): c is string => typeof c === "string" && c !== "" && existsSync(c));
  return {
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  };
}
