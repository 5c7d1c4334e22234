import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

/** Debian's Chromium here; Playwright's own browsers where they are installed. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const candidate of ["/usr/bin/chromium", "/usr/lib/chromium/chromium"]) if (existsSync(candidate)) return candidate;
  return undefined;
}

export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    viewport: { width: 380, height: 560 },
    launchOptions: {
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "e2e", testDir: "test/e2e" },
    { name: "electron", testDir: "test/electron" },
  ],
});
