// The Electron main entry, bundled to dist/main/index.mjs: the real services handed to the shell.
import { app } from "electron";
import { createApp } from "../app/create-app";
import { openNodeStore } from "../app/open-node-store";
import { loadKeytar } from "../services/vault";
import { createShellLog } from "./log";
import { openLogFile, stderrAndFile } from "./log-file";
import { runShell } from "./run-shell";

// A packaged app also writes <logs>/main.log (~/Library/Logs/Co-op Tray on macOS, <userData>/logs on
// Windows and Linux); development and the demo, which leave nothing behind, log to the terminal only.
const logFile = app.isPackaged ? openLogFile(app.getPath("logs")) : null;
const log = createShellLog(logFile === null ? undefined : stderrAndFile(logFile));
// The last line of defence: log (redacted) and keep the tray alive.
process.on("uncaughtException", (error) => log.error("uncaught exception", error));
process.on("unhandledRejection", (reason) => log.error("unhandled rejection", reason));

runShell({
  log,
  ...(logFile === null ? {} : { logFile: logFile.path }),
  // Loaded only where the app updates itself (updates.ts decides); bundled into dist/main.
  loadUpdater: async () => (await import("electron-updater")).autoUpdater,
  createApp: async (environment) =>
    createApp({
      // Our own durable writer in the same file electron-store used (`<userData>/coop-tray.json`).
      openStoreBackend: openNodeStore(app.getPath("userData")),
      keychain: await loadKeytar(),
      api: {
        ...(environment.harvestUrlTemplate === null ? {} : { harvestUrlTemplate: environment.harvestUrlTemplate }),
        ...(environment.harvestApiUrl === null ? {} : { harvestApiUrl: environment.harvestApiUrl }),
        ...(environment.harvestIdUrl === null ? {} : { harvestIdUrl: environment.harvestIdUrl }),
      },
      ...(environment.serverUrl === null ? {} : { defaultServerUrl: environment.serverUrl }),
    }),
}).catch((error: unknown) => log.error("the shell failed to start", error));
