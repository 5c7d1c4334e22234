import { describe, expect, it } from "vitest";
import {
  addDays,
  formatClock,
  formatCountdown,
  formatShortDay,
  formatHours,
  initials,
  isCalendarDate,
  parseEmails,
  relativeTime,
  secondsUntil,
  todayIn,
} from "../../renderer/format";
import { splitLinks } from "../../renderer/linkify";
import { describeError } from "../../renderer/describe-error";
import { filterTimeZones } from "../../renderer/components/timezone-picker";
import { filterClients } from "../../renderer/views/clients";
import type { Client } from "@coop-tray/protocol/models";
import { harvestClient } from "./fake-api";

const NOW = Date.UTC(2024, 2, 10, 12, 0, 0);

describe("relative times", () => {
  it("uses the largest unit that fits", () => {
    expect(relativeTime(NOW - 10_000, NOW, "en")).toBe("just now");
    expect(relativeTime(NOW - 5 * 60_000, NOW, "en")).toBe("5 min. ago");
    expect(relativeTime(NOW - 3 * 3600_000, NOW, "en")).toBe("3 hr. ago");
    expect(relativeTime(NOW - 26 * 3600_000, NOW, "en")).toBe("yesterday");
    expect(relativeTime(NOW - 400 * 86400_000, NOW, "en")).toBe("last yr.");
  });
});

describe("hours and countdowns", () => {
  it("formats decimal hours as h:mm", () => {
    expect(formatHours(1.5)).toBe("1:30");
    expect(formatHours(22.91)).toBe("22:55");
    expect(formatHours(0.01)).toBe("0:01");
    expect(formatHours(Number.NaN)).toBe("0:00");
  });
  it("counts down in whole seconds, never below zero", () => {
    expect(secondsUntil(NOW + 1_200, NOW)).toBe(2);
    expect(secondsUntil(NOW - 5_000, NOW)).toBe(0);
    expect(formatCountdown(42)).toBe("42 s");
    expect(formatCountdown(65)).toBe("1:05");
  });
});

describe("calendar days", () => {
  it("validates and steps real dates across months and years", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("2024-2-1")).toBe(false);
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2023-12-31", 1)).toBe("2024-01-01");
    expect(() => addDays("nope", 1)).toThrow(RangeError);
  });
  it("takes today in the group's zone", () => {
    const lateUtc = Date.UTC(2024, 2, 10, 23, 30);
    expect(todayIn("Europe/London", lateUtc)).toBe("2024-03-10");
    expect(todayIn("Asia/Tokyo", lateUtc)).toBe("2024-03-11");
    expect(todayIn("America/Argentina/Buenos_Aires", Date.UTC(2024, 2, 10, 1, 0))).toBe("2024-03-09");
  });
});

describe("initials and emails", () => {
  it("takes first and last initials, or the email's name", () => {
    expect(initials("Basil Fawlty")).toBe("BF");
    expect(initials("Manuel")).toBe("M");
    expect(initials("sybil.fawlty@fawltytowers.com")).toBe("SF");
    expect(initials("  ")).toBe("?");
  });
  it("splits invitation lists and reports what is not an email", () => {
    expect(parseEmails("sybil@fawltytowers.com, polly@fawltytowers.com;sybil@fawltytowers.com")).toEqual({
      emails: ["sybil@fawltytowers.com", "polly@fawltytowers.com"],
      invalid: [],
    });
    expect(parseEmails("manuel, polly@fawltytowers.com").invalid).toEqual(["manuel"]);
  });
});

describe("links in notes", () => {
  it("finds http(s) links and leaves trailing punctuation as text", () => {
    expect(splitLinks("See https://example.com/a?b=1. Thanks")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.com/a?b=1", url: "https://example.com/a?b=1" },
      { kind: "text", text: ". Thanks" },
    ]);
    expect(splitLinks("javascript:alert(1) and ftp://x")).toEqual([
      { kind: "text", text: "javascript:alert(1) and ftp://x" },
    ]);
  });

  it("links only explicit http(s) URLs, keeps brackets balanced and leaves words, bare hosts and emails alone", () => {
    expect(splitLinks("(see https://example.com/a)")).toEqual([
      { kind: "text", text: "(see " },
      { kind: "link", text: "https://example.com/a", url: "https://example.com/a" },
      { kind: "text", text: ")" },
    ]);
    expect(splitLinks("https://en.wikipedia.org/wiki/Fawlty_(TV)")).toEqual([
      {
        kind: "link",
        text: "https://en.wikipedia.org/wiki/Fawlty_(TV)",
        url: "https://en.wikipedia.org/wiki/Fawlty_(TV)",
      },
    ]);
    expect(splitLinks("see example.com or Mr.Fawlty")).toEqual([
      { kind: "text", text: "see example.com or Mr.Fawlty" },
    ]);
    expect(splitLinks("日本https://example.jp")).toEqual([{ kind: "text", text: "日本https://example.jp" }]);
  });

  it("links www. addresses as https and email addresses as mailto (issue 21)", () => {
    expect(splitLinks("Menu at www.fawltytowers.com/menu, or mail basil@fawltytowers.com.")).toEqual([
      { kind: "text", text: "Menu at " },
      { kind: "link", text: "www.fawltytowers.com/menu", url: "https://www.fawltytowers.com/menu" },
      { kind: "text", text: ", or mail " },
      { kind: "link", text: "basil@fawltytowers.com", url: "mailto:basil@fawltytowers.com" },
      { kind: "text", text: "." },
    ]);
  });
});

describe("errors as next steps", () => {
  it("gives every kind a title and an action", () => {
    expect(describeError({ kind: "auth", message: "x" }, "Co-op").next).toBe("signIn");
    expect(describeError({ kind: "auth", message: "x" }, "Harvest").message).toMatch(/Settings/);
    const validation = describeError({
      kind: "validation",
      status: 400,
      message: "Name has already been taken",
      hint: "Pick another name",
    });
    expect(validation).toMatchObject({
      message: "Name has already been taken",
      hint: "Pick another name",
      next: "edit",
    });
    expect(describeError({ kind: "throttled", message: "", retryAfterSeconds: 5, until: NOW + 5000 })).toMatchObject({
      next: "wait",
      until: NOW + 5000,
    });
    expect(describeError({ kind: "offline", cause: "refused", message: "" }).next).toBe("retry");
    expect(describeError({ kind: "invalidInput", message: "bad", issues: ["text: too long"] }).message).toBe(
      "text: too long",
    );
  });
});

describe("pickers", () => {
  it("searches Co-op zones by name and IANA id", () => {
    expect(filterTimeZones("buenos")).toEqual(["Buenos Aires"]);
    expect(filterTimeZones("los angeles")).toEqual(["Pacific Time (US & Canada)"]);
    expect(filterTimeZones("").length).toBeGreaterThan(100);
  });
  it("puts the zone named like the search before zones that only share its IANA id", () => {
    expect(filterTimeZones("tokyo")[0]).toBe("Tokyo");
    expect(filterTimeZones("tokyo")).toContain("Osaka");
    expect(filterTimeZones("lond")[0]).toBe("London");
  });
  it("filters clients by state and text, sorted by name", () => {
    const clients: Client[] = [
      harvestClient(1, "Wedding Party"),
      { ...harvestClient(2, "City of Torquay"), details: "Town Hall" },
      harvestClient(3, "Gourmet Night", false),
    ];
    expect(filterClients(clients, "", "active").map((c) => c.id)).toEqual([2, 1]);
    expect(filterClients(clients, "", "inactive").map((c) => c.id)).toEqual([3]);
    expect(filterClients(clients, "town", "all").map((c) => c.id)).toEqual([2]);
  });
});

describe("the day switcher's label", () => {
  it("shows the weekday this year and the year otherwise, without shifting the date", () => {
    expect(formatShortDay("2024-03-08", "2024-03-10", "en-US")).toBe("Fri, Mar 8");
    expect(formatShortDay("2008-11-19", "2024-03-10", "en-US")).toBe("Nov 19, 2008");
    expect(formatShortDay("2008-11-19", "2024-03-10", "en-GB")).toBe("19 Nov 2008");
    expect(formatShortDay("not a day", "2024-03-10")).toBe("not a day");
  });
});

describe("times that cannot read wrong", () => {
  const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
  it("never shows a future relative time (a server clock ahead of ours reads as just now)", () => {
    expect(relativeTime(NOW + 30_000, NOW, "en")).toBe("just now");
    expect(relativeTime(NOW + 10 * 60_000, NOW, "en")).toBe("just now");
    expect(relativeTime(NOW + 3 * 86400_000, NOW, "en")).toBe("just now");
  });
  it("writes a time of day in a zone, with the locale's 12/24 h habit", () => {
    const at = Date.UTC(2008, 10, 19, 17, 13, 12);
    expect(formatClock(at, "Europe/London", "en-GB")).toBe("17:13");
    expect(formatClock(at, "Europe/London", "en-US")).toMatch(/^5:13\sPM$/);
    // Argentina kept summer time (UTC−2) in November 2008.
    expect(formatClock(at, "America/Argentina/Buenos_Aires", "en-GB")).toBe("15:13");
  });
});
