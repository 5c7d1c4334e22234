/** The tray while a Harvest timer runs, and powerMonitor's idle/suspend wiring, through the mocked electron. */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { electronModule, fakePowerMonitor, FakeTray, resetFake } from "./fake-electron";

vi.mock("electron", () => ({ ...electronModule, default: electronModule }));

const { createTrayController, TIMER_TICK_MS } = await import("../../main/shell/tray-controller");
const { watchPower, IDLE_POLL_MS } = await import("../../main/shell/power-monitor");
const { trayStateWithTimer, timerLabels } = await import("../../main/shell/tray");

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const timer = {
  entryId: 7,
  projectName: "Gourmet Night",
  taskName: "Put butter on trays",
  clientName: "City of Torquay",
  notes: null,
  baselineMs: T0 - 67 * 60_000,
};

function fakeTicks() {
  const ticks: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  return {
    ticks,
    every: (fn: () => void, ms: number) => {
      const tick = { fn, ms, cancelled: false };
      ticks.push(tick);
      return () => {
        tick.cancelled = true;
      };
    },
    fire: () => ticks.filter((t) => !t.cancelled).forEach((t) => t.fn()),
  };
}

describe("the tray with a running timer", () => {
  let now = T0;
  beforeEach(() => {
    resetFake();
    now = T0;
  });
  const make = (platform: NodeJS.Platform, clock = fakeTicks()) => ({
    clock,
    controller: createTrayController({
      appPath: "/app",
      platform,
      initialState: "normal",
      warn: () => {},
      now: () => now,
      every: clock.every,
    }),
    tray: FakeTray.instances.at(-1)!,
  });

  it("on macOS: running icon, title 1:07 and the tooltip; the title follows the minutes, then clears", () => {
    const { controller, tray, clock } = make("darwin");
    controller.setTimer(timer);
    expect(tray.image.path).toMatch(/runningTemplate\.png$/);
    expect(tray.title).toBe("1:07");
    // Fixed-width digits, so the minutes ticking over do not jiggle the menu bar.
    expect(tray.titleOptions).toEqual({ fontType: "monospacedDigit" });
    expect(tray.tooltip).toBe("Gourmet Night — Put butter on trays · 1:07");
    expect(clock.ticks.map((t) => t.ms)).toEqual([TIMER_TICK_MS]);
    now += 60_000;
    clock.fire();
    expect(tray.title).toBe("1:08");
    expect(tray.tooltip).toBe("Gourmet Night — Put butter on trays · 1:08");
    controller.setTimer(null);
    expect(tray.title).toBe("");
    expect(tray.image.path).toMatch(/normalTemplate\.png$/);
    expect(tray.tooltip).toBe("Co-op Tray");
    expect(clock.ticks[0]?.cancelled).toBe(true);
  });

  it("elsewhere: running icon and tooltip, no title", () => {
    for (const platform of ["win32", "linux"] as const) {
      const { controller, tray } = make(platform);
      controller.setTimer(timer);
      expect(tray.image.path).toMatch(platform === "win32" ? /running\.ico$/ : /running-linux\.png$/);
      expect(tray.title).toBe("");
      expect(tray.tooltip).toBe("Gourmet Night — Put butter on trays · 1:07");
    }
  });

  it("offline and throttled still show through a running timer; unread does not", () => {
    const { controller, tray } = make("linux");
    controller.setTimer(timer);
    controller.setState("offline");
    expect(tray.image.path).toMatch(/offline-linux\.png$/);
    controller.setState("unread");
    expect(tray.image.path).toMatch(/running-linux\.png$/);
    expect(trayStateWithTimer("throttled", timer)).toBe("throttled");
    expect(trayStateWithTimer("normal", null)).toBe("normal");
    expect(timerLabels(timer, T0 + 10 * 3_600_000, "darwin").title).toBe("11:07");
  });

  it("a tick that changes nothing sets nothing", () => {
    const { controller, tray, clock } = make("darwin");
    controller.setTimer(timer);
    const setImage = vi.spyOn(tray, "setImage");
    const setTitle = vi.spyOn(tray, "setTitle");
    now += 10_000;
    clock.fire();
    expect(setImage).not.toHaveBeenCalled();
    expect(setTitle).not.toHaveBeenCalled();
  });
});

describe("powerMonitor wiring", () => {
  beforeEach(() => resetFake());

  it("forwards idle seconds every poll, and suspend and resume as they come; stops on dispose", () => {
    const power = fakePowerMonitor;
    const seen: string[] = [];
    const clock = fakeTicks();
    const stop = watchPower(
      {
        observeIdle: (s) => seen.push(`idle ${s}`),
        suspended: () => seen.push("suspend"),
        resumed: () => seen.push("resume"),
      },
      { every: clock.every },
    );
    expect(clock.ticks.map((t) => t.ms)).toEqual([IDLE_POLL_MS]);
    power.idleSeconds = 720;
    clock.fire();
    power.emit("suspend");
    power.emit("resume");
    expect(seen).toEqual(["idle 720", "suspend", "resume"]);
    stop();
    power.emit("suspend");
    expect(seen).toHaveLength(3);
    expect(clock.ticks[0]?.cancelled).toBe(true);
    expect(power.listenerCount("suspend") + power.listenerCount("resume")).toBe(0);
  });
});
