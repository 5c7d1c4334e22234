import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    exclude: ["test/e2e/**", "test/electron/**", "node_modules/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Suites start their own sandbox on port 0; files may run in parallel.
    pool: "forks",
    // electron-menubar imports electron itself: processed by vitest (not loaded by Node directly),
    // its import resolves to the shell tests' vi.mock("electron") stand-in like ours do.
    server: { deps: { inline: ["electron-menubar"] } },
  },
});
