import { defineConfig } from "vitest/config";

// Two projects, one run (`npx vitest run` runs both): main, server, sandbox and the rest under Node;
// the renderer's tests under happy-dom, so its model and hooks are tested with a DOM and no browser.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Suites start their own sandbox on port 0; files may run in parallel.
    pool: "forks",
    // electron-menubar imports electron itself: processed by vitest (not loaded by Node directly),
    // its import resolves to the shell tests' vi.mock("electron") stand-in like ours do.
    server: { deps: { inline: ["electron-menubar"] } },
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: ["test/**/*.test.{ts,tsx}"],
          exclude: ["test/e2e/**", "test/electron/**", "test/renderer/**", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "renderer",
          include: ["test/renderer/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
        },
      },
    ],
  },
});
