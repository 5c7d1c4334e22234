import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createShellLog } from "../../main/shell/log";
import { LOG_FILE_NAME, OLD_LOG_FILE_NAME, openLogFile } from "../../main/shell/log-file";
import { FakeEvent } from "./fake-electron";
import { makeAppFolder, sentEvents, startShell } from "./shell-harness";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "coop-tray-logs-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the log file", () => {
  it("writes each line with its time, never a credential", () => {
    const file = openLogFile(join(dir, "logs"), { now: () => new Date("2026-12-07T18:00:00.000Z") });
    const log = createShellLog((line) => file.write(line));
    log.warn(
      "sign-in failed",
      new Error("401 for https://basil:fawlty@coop.example/ with Authorization: Basic YmFzaWw6ZmF3bHR5"),
    );
    const text = readFileSync(file.path, "utf8");
    expect(file.path).toBe(join(dir, "logs", LOG_FILE_NAME));
    expect(text.startsWith("2026-12-07T18:00:00.000Z [coop-tray] warn sign-in failed")).toBe(true);
    expect(text).not.toContain("fawlty");
    expect(text).not.toContain("YmFzaWw6ZmF3bHR5");
  });

  it("rotates: past its size the file becomes main.old.log and a new one starts", () => {
    const file = openLogFile(dir, { maxBytes: 200 });
    for (let i = 0; i < 10; i += 1) file.write(`line ${i} ${"x".repeat(40)}`);
    const current = readFileSync(join(dir, LOG_FILE_NAME), "utf8");
    const old = readFileSync(join(dir, OLD_LOG_FILE_NAME), "utf8");
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(200);
    expect(Buffer.byteLength(old)).toBeLessThanOrEqual(200);
    expect(current).toContain("line 9");
    expect(old).not.toContain("line 9");
  });

  it("gives up quietly when the folder cannot be written", () => {
    // A folder inside a file: every write fails (ENOTDIR).
    const blocker = join(dir, "a-file");
    writeFileSync(blocker, "");
    const file = openLogFile(join(blocker, "logs"));
    expect(() => file.write("a line")).not.toThrow();
    expect(existsSync(file.path)).toBe(false);
  });
});

describe("Settings' About learns where the log is", () => {
  let folder: ReturnType<typeof makeAppFolder>;
  beforeAll(() => (folder = makeAppFolder()));
  afterAll(() => folder.remove());

  it("sends the log file's path with every page load", async () => {
    const logFile = join(dir, LOG_FILE_NAME);
    const { window } = await startShell({ appPath: folder.path, extra: { logFile } });
    window.webContents.emit("did-finish-load", new FakeEvent());
    expect(sentEvents(window, "shellInfo")).toEqual([{ logFile, updateReady: null }]);
  });
});
