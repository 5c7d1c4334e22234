/**
 * The Timers view's pure pieces: the picker's matching, hours as h:mm(:ss), a running entry's live
 * hours, the tray texts, and which group Share offers first.
 */
import { describe, expect, it } from "vitest";
import { matchOptions } from "../../renderer/components/task-picker";
import { absenceText, minutesText } from "../../renderer/views/idle-prompt";
import { defaultShareGroup } from "../../renderer/views/share-timer-dialog";
import { hoursText, liveHours } from "../../renderer/views/timers";
import { parseDuration } from "../../renderer/views/timers-week";
import { type HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import { elapsedText, runningTooltip, type HarvestTaskOption } from "../../shared/harvest-v2-state";

const option = (
  projectName: string,
  taskName: string,
  clientName: string,
  projectCode: string | null = null,
): HarvestTaskOption => ({ projectId: 1, projectName, projectCode, clientName, taskId: 2, taskName, recent: false });
const options = [
  option("Gourmet Night", "Put butter on trays", "City of Torquay", "GN"),
  option("Gourmet Night", "Cook the duck", "City of Torquay", "GN"),
  option("Health Inspection", "Hide the rat", "City of Torquay", "HI"),
];

describe("the task picker's matching", () => {
  it("keeps every option when nothing is typed, in the given order (recent first)", () => {
    expect(matchOptions(options, "  ")).toEqual(options);
  });

  it("needs every word typed somewhere in client, project, code or task, in any case", () => {
    expect(matchOptions(options, "duck").map((o) => o.taskName)).toEqual(["Cook the duck"]);
    expect(matchOptions(options, "gourmet TRAYS").map((o) => o.taskName)).toEqual(["Put butter on trays"]);
    expect(matchOptions(options, "hi rat").map((o) => o.taskName)).toEqual(["Hide the rat"]);
    expect(matchOptions(options, "torquay").length).toBe(3);
    expect(matchOptions(options, "lobster")).toEqual([]);
  });
});

describe("hours", () => {
  it("reads as h:mm, and h:mm:ss for the ticking one", () => {
    expect(hoursText(0)).toBe("0:00");
    expect(hoursText(1.5)).toBe("1:30");
    expect(hoursText(23.69)).toBe("23:41");
    expect(hoursText(1 + 7 / 60 + 23 / 3600, true)).toBe("1:07:23");
    expect(hoursText(-1)).toBe("0:00");
  });

  it("a running entry grows from when it was read; a stopped one does not", () => {
    const entry = { isRunning: true, hours: 1 } as HarvestTimeEntry;
    expect(liveHours(entry, 1_000, 1_000 + 30 * 60_000)).toBe(1.5);
    expect(liveHours({ ...entry, isRunning: false }, 1_000, 1_000 + 30 * 60_000)).toBe(1);
  });

  it("the tray's elapsed time and tooltip, and the idle prompt's span", () => {
    expect(elapsedText(67 * 60_000 + 59_000)).toBe("1:07");
    expect(
      runningTooltip(
        {
          entryId: 1,
          projectName: "Gourmet Night",
          taskName: "Cook the duck",
          clientName: "",
          notes: null,
          baselineMs: 0,
        },
        5 * 60_000,
      ),
    ).toBe("Gourmet Night — Cook the duck · 0:05");
    expect(minutesText(12 * 60_000)).toBe("12 min");
    expect(minutesText(125 * 60_000)).toBe("2 h 05 min");
  });
});

describe("the idle and sleep prompts' words", () => {
  const at = (h: number, m: number): number => new Date(2026, 11, 7, h, m).getTime();

  it("say when, how long and what was done, in plain words", () => {
    const sleep = absenceText({ reason: "sleep", since: at(16, 38), until: at(17, 10) });
    expect(sleep).toMatch(/^Your computer slept from 4:38\sPM to 5:10\sPM \(32 min\)\. That time was taken off/);
    expect(sleep).not.toMatch(/The \d+ min/);
    expect(absenceText({ reason: "idle", since: at(9, 0), until: at(9, 12) })).toMatch(
      /^You were idle from 9:00\sAM to 9:12\sAM \(12 min\) while your timer ran\. Take that time off the timer\?$/,
    );
  });
});

describe("a typed duration", () => {
  it("reads h:mm, decimals (either separator), minutes and hours", () => {
    expect(parseDuration("1:30")).toBe(1.5);
    expect(parseDuration(" 2.25 ")).toBe(2.25);
    expect(parseDuration("1,5")).toBe(1.5);
    expect(parseDuration("90m")).toBe(1.5);
    expect(parseDuration("2h")).toBe(2);
    expect(parseDuration("0:05")).toBeCloseTo(5 / 60);
  });

  it("refuses nothing, more than a day, and what is not a duration", () => {
    for (const bad of ["", "0", "0:00", "25", "1:75", "abc", "-1"]) expect(parseDuration(bad)).toBeNull();
  });
});

describe("the group Share offers first", () => {
  const target = (groupId: number, already: "entry" | "note" | null = null) => ({
    groupId,
    name: `G${groupId}`,
    already,
  });
  it("is the group on screen unless its feed has the entry or the note already, then the first that has neither", () => {
    expect(defaultShareGroup([target(25), target(34)], 34)).toBe(34);
    expect(defaultShareGroup([target(25), target(34, "entry")], 34)).toBe(25);
    expect(defaultShareGroup([target(25, "note"), target(34, "entry"), target(40)], 34)).toBe(40);
    expect(defaultShareGroup([target(25), target(34)], null)).toBe(25);
    // Every feed has it: the group on screen stays chosen, and the dialog says why nothing goes.
    expect(defaultShareGroup([target(25, "entry"), target(34, "note")], 34)).toBe(34);
    expect(defaultShareGroup([], 25)).toBeNull();
  });
});
