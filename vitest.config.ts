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
  },
});
