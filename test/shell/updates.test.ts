/**
 * Updates end to end, minus Electron: the real electron-updater (its Windows updater, which reads
 * latest.yml) talks real HTTP to a local server standing in for the release host; only its
 * Electron parts are replaced, the app adapter (version, paths, quit) and the HTTP executor
 * (Electron's net module, here Node's http). The shell is the real one, on the fake `electron`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type ClientRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpExecutor, configureRequestOptions, configureRequestUrl, type DownloadOptions } from "builder-util-runtime";
import type { RequestOptions } from "node:http";
import { NsisUpdater } from "electron-updater";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { LOGIN_FLAG } from "../../main/shell/linux-desktop";
import { CHECK_EVERY_MS, startUpdates, updateMode, type Updater } from "../../main/shell/updates";
import { createShellLog } from "../../main/shell/log";
import { makeAppFolder, sentEvents, startShell } from "./shell-harness";
import { appState, createTestApp } from "./test-app";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

/** Electron's net module stand-in: the same executor (ElectronHttpExecutor's download), over Node's http. */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: unknown) => void): ClientRequest {
    return request(options, callback);
  }
  async download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

const INSTALLER = Buffer.from("a stand-in for Co-op Tray Setup 0.2.0.exe\n".repeat(100));
const INSTALLER_NAME = "Co-op-Tray-Setup-0.2.0.exe";
const sha512 = createHash("sha512").update(INSTALLER).digest("base64");
const LATEST_YML = [
  "version: 0.2.0",
  "files:",
  `  - url: ${INSTALLER_NAME}`,
  `    sha512: ${sha512}`,
  `    size: ${INSTALLER.length}`,
  `path: ${INSTALLER_NAME}`,
  `sha512: ${sha512}`,
  "releaseDate: '2026-12-07T12:00:00.000Z'",
  "",
].join("\n");

let server: Server;
let baseUrl: string;
const requested: string[] = [];
let folder: ReturnType<typeof makeAppFolder>;
let scratch: string;

beforeAll(async () => {
  folder = makeAppFolder();
  server = createServer((req, res) => {
    // The updater adds ?noCache=… to the channel file's URL.
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    requested.push(path);
    if (path === "/updates/latest.yml") res.writeHead(200, { "content-type": "text/yaml" }).end(LATEST_YML);
    else if (path === `/updates/${INSTALLER_NAME}`)
      res
        .writeHead(200, { "content-type": "application/octet-stream", "content-length": INSTALLER.length })
        .end(INSTALLER);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates/`;
});
afterAll(async () => {
  folder.remove();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requested.length = 0;
  scratch = mkdtempSync(join(tmpdir(), "coop-tray-updates-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function makeUpdater(): { updater: NsisUpdater; quitHandlers: Array<(exitCode: number) => void> } {
  const quitHandlers: Array<(exitCode: number) => void> = [];
  const adapter = {
    version: "0.1.0",
    name: "Co-op Tray",
    isPackaged: true,
    appUpdateConfigPath: join(scratch, "app-update.yml"),
    userDataPath: join(scratch, "userData"),
    baseCachePath: join(scratch, "cache"),
    whenReady: async () => undefined,
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: (handler: (exitCode: number) => void) => void quitHandlers.push(handler),
  };
  // What electron-builder writes into the app's resources from `publish` (here pointing at our server).
  writeFileSync(
    join(scratch, "app-update.yml"),
    `provider: generic\nurl: ${baseUrl}\nupdaterCacheDirName: coop-tray-updater\n`,
  );
  const updater = new NsisUpdater(undefined, adapter);
  (updater as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  // electron-builder's own test hook: the Windows channel (latest.yml) on this Linux machine, and
  // the full download (our server has no blockmaps to diff against).
  (updater as unknown as { _testOnlyOptions: unknown })._testOnlyOptions = {
    platform: "win32",
    isUseDifferentialDownload: false,
  };
  return { updater, quitHandlers };
}

describe("which installs update themselves", () => {
  it.each([
    [{ isPackaged: true, platform: "darwin", env: {} }, "auto"],
    [{ isPackaged: true, platform: "win32", env: {} }, "auto"],
    [{ isPackaged: true, platform: "linux", env: { APPIMAGE: "/home/sybil/Co-op Tray.AppImage" } }, "auto"],
    [{ isPackaged: true, platform: "linux", env: {} }, "package-manager"],
    [{ isPackaged: false, platform: "darwin", env: {} }, "development"],
  ] as const)("%o → %s", (input, mode) => {
    expect(updateMode(input)).toBe(mode);
  });
});

describe("the update flow against a release server", () => {
  it("checks at start, downloads in the background, tells the popup, and installs when the app quits", async () => {
    const { updater, quitHandlers } = makeUpdater();
    const install = vi.spyOn(updater, "install").mockReturnValue(true);
    const { window, app } = await startShell({
      appPath: folder.path,
      platform: "win32",
      isPackaged: true,
      argv: [LOGIN_FLAG],
      extra: { loadUpdater: async () => updater },
    });
    await vi.waitFor(
      () => expect(sentEvents(window, "shellInfo")).toContainEqual({ logFile: null, updateReady: "0.2.0" }),
      { timeout: 10_000 },
    );
    expect(requested).toContain("/updates/latest.yml");
    expect(requested).toContain(`/updates/${INSTALLER_NAME}`);
    expect(app.notices).toEqual(["Co-op Tray 0.2.0 is downloaded: it installs when you quit."]);
    // The verified installer waits in the updater's cache.
    const cache = join(scratch, "cache", "coop-tray-updater", "pending");
    expect(existsSync(cache) && readdirSync(cache)).toContain(INSTALLER_NAME);

    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(quitHandlers).toHaveLength(1);
    quitHandlers[0]?.(0);
    expect(install).toHaveBeenCalledWith(true, false);
  });

  it("does nothing with the setting off, and checks as soon as it is turned on", async () => {
    const { updater } = makeUpdater();
    const app = createTestApp({ state: appState({ autoUpdate: false }) });
    const { window } = await startShell({
      appPath: folder.path,
      platform: "win32",
      isPackaged: true,
      argv: [LOGIN_FLAG],
      app,
      extra: { loadUpdater: async () => updater },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requested).toEqual([]);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    app.emit("stateChanged", appState({ autoUpdate: true }));
    await vi.waitFor(
      () => expect(sentEvents(window, "shellInfo")).toContainEqual({ logFile: null, updateReady: "0.2.0" }),
      { timeout: 10_000 },
    );
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it("never loads the updater for a .deb or in development", async () => {
    const loadUpdater = vi.fn(async () => makeUpdater().updater);
    await startShell({ appPath: folder.path, platform: "linux", isPackaged: true, extra: { loadUpdater } });
    await startShell({ appPath: folder.path, platform: "darwin", isPackaged: false, extra: { loadUpdater } });
    expect(loadUpdater).not.toHaveBeenCalled();
  });
});

describe("the schedule", () => {
  it("checks once a day after the start's check, and stops on quit", async () => {
    const checks: string[] = [];
    const updater = {
      autoDownload: false,
      autoInstallOnAppQuit: false,
      logger: null,
      checkForUpdates: async () => {
        checks.push("check");
        return null;
      },
      on: () => updater,
      removeListener: () => updater,
    } as unknown as Updater;
    let tick: (() => void) | null = null;
    let interval = 0;
    let stopped = false;
    const updates = startUpdates({
      updater,
      enabled: true,
      log: createShellLog(() => undefined),
      onReady: () => undefined,
      every: (fn, ms) => {
        tick = fn;
        interval = ms;
        return () => void (stopped = true);
      },
    });
    expect(updater.autoDownload).toBe(true);
    expect(interval).toBe(CHECK_EVERY_MS);
    expect(CHECK_EVERY_MS).toBe(86_400_000);
    (tick as (() => void) | null)?.();
    await Promise.resolve();
    expect(checks).toEqual(["check", "check"]);
    updates.stop();
    expect(stopped).toBe(true);
  });
});
