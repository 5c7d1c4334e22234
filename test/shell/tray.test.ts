import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TRAY_STATES, showTimerInMenu, trayIcon, trayMenuTemplate, trayTooltip } from "../../main/shell/tray";
import type { TrayState } from "../../main/shell/tray";

const repoRoot = join(import.meta.dirname, "..", "..");

describe("tray icons", () => {
  it("covers the five states the app reports", () => {
    const expected: TrayState[] = ["normal", "unread", "offline", "throttled", "running"];
    expect([...TRAY_STATES]).toEqual(expected);
  });

  it.each(TRAY_STATES)("maps %s to its own file per platform", (state) => {
    expect(trayIcon("/app", state, "darwin")).toEqual({
      path: join("/app", "build", "tray", `${state}Template.png`),
      template: true,
    });
    expect(trayIcon("/app", state, "win32")).toEqual({
      path: join("/app", "build", "tray", `${state}.ico`),
      template: false,
    });
    // One 32 px image: Linux panels scale it down to their 22–24 px (icons.test.ts checks its size).
    expect(trayIcon("/app", state, "linux")).toEqual({
      path: join("/app", "build", "tray", `${state}-linux.png`),
      template: false,
    });
  });

  it("gives every state a different icon and tooltip", () => {
    for (const platform of ["darwin", "win32", "linux"] as const) {
      expect(new Set(TRAY_STATES.map((state) => trayIcon("/app", state, platform).path)).size).toBe(TRAY_STATES.length);
    }
    expect(new Set(TRAY_STATES.map(trayTooltip)).size).toBe(TRAY_STATES.length);
  });

  it.each(TRAY_STATES)("ships the %s icon files the mapping names (with @2x for macOS PNGs)", (state) => {
    for (const platform of ["darwin", "win32", "linux"] as const) {
      const { path } = trayIcon(repoRoot, state, platform);
      expect(existsSync(path), path).toBe(true);
      if (platform === "darwin") expect(existsSync(path.replace(/\.png$/, "@2x.png")), path).toBe(true);
    }
  });
});

describe("tray menu", () => {
  it("offers Open, Refresh, Settings… and Quit, wired to their actions", () => {
    const called: string[] = [];
    const template = trayMenuTemplate({
      open: () => called.push("open"),
      refresh: () => called.push("refresh"),
      settings: () => called.push("settings"),
      quit: () => called.push("quit"),
      stopTimer: () => called.push("stopTimer"),
      newNote: () => called.push("newNote"),
    });
    const items = template.filter((item) => item.type !== "separator" && item.id !== "timer");
    expect(items.map((item) => item.label)).toEqual([
      "Stop timer",
      "New note…",
      "Open Co-op Tray",
      "Refresh",
      "Settings…",
      "Quit Co-op Tray",
    ]);
    for (const item of items) (item.click as () => void)();
    expect(called).toEqual(["stopTimer", "newNote", "open", "refresh", "settings", "quit"]);
  });

  it("shows the running timer and its Stop only while one runs", () => {
    const template = trayMenuTemplate({
      open: () => {},
      refresh: () => {},
      settings: () => {},
      quit: () => {},
      stopTimer: () => {},
      newNote: () => {},
    });
    const items = template.map((item) => ({ ...item }));
    const menu = { getMenuItemById: (id: string) => items.find((item) => item.id === id) ?? null };
    const visible = () => items.filter((item) => item.visible !== false).map((item) => item.label ?? "-");
    expect(visible()).not.toContain("Stop timer");
    const timer = {
      entryId: 7,
      projectName: "Gourmet Night",
      taskName: "Cook the duck",
      clientName: "City of Torquay",
      notes: null,
      baselineMs: 0,
    };
    showTimerInMenu(menu as never, timer);
    expect(visible().slice(0, 3)).toEqual(["Running: Gourmet Night — Cook the duck", "Stop timer", "New note…"]);
    showTimerInMenu(menu as never, null);
    expect(visible()[0]).toBe("New note…");
  });
});
