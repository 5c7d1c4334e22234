import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./dev/chromium";

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
    // The same Chromium and flags as the benchmarks and the dev screenshots.
    launchOptions: chromiumLaunchOptions(),
    trace: "retain-on-failure",
  },
  projects: [
    { name: "e2e", testDir: "test/e2e" },
    { name: "electron", testDir: "test/electron" },
  ],
});
