import { describe, expect, it } from "vitest";
import { coopDaySegment, harvestUpdatedSince, parseCalendarDate, parseInstant } from "@coop-tray/protocol";

describe("instants in every style the servers send", () => {
  it.each([
    ["2008-10-30T16:56:04-04:00", "2008-10-30T20:56:04.000Z"],
    ["2008-11-19T20:19:45Z", "2008-11-19T20:19:45.000Z"],
    ["2012-03-02T22:51:00-05:00", "2012-03-03T03:51:00.000Z"],
    ["2010-04-02T01:34:59+00:00", "2010-04-02T01:34:59.000Z"],
    ["2010-04-02T01:34:59+0530", "2010-04-01T20:04:59.000Z"],
    ["2010-04-02T01:34:59.25Z", "2010-04-02T01:34:59.250Z"],
    ["2008/11/19 20:19:45 +0000", "2008-11-19T20:19:45.000Z"],
    ["2009/10/22 10:07:11 -0000", "2009-10-22T10:07:11.000Z"],
    ["2008/10/30 16:56:04 -0400", "2008-10-30T20:56:04.000Z"],
    ["Thu, 17 Nov 2011 10:19:57 +0000", "2011-11-17T10:19:57.000Z"],
    ["17 Nov 2011 10:19:57 -0100", "2011-11-17T11:19:57.000Z"],
    ["  \n 2008-11-19T20:19:45Z \n ", "2008-11-19T20:19:45.000Z"],
  ])("%s → %s", (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    "",
    "yesterday",
    "2008-13-01T00:00:00Z",
    "2008-02-30T00:00:00Z",
    "2008-11-19T25:00:00Z",
    "2008/11/19",
    "Thu, 17 Foo 2011 10:19:57 +0000",
    "2008-11-19T20:19:45+99:00",
  ])("refuses %j", (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});

describe("calendar dates", () => {
  it.each([
    ["2008-11-19", "2008-11-19"],
    ["2008/11/19", "2008-11-19"],
    ["Wed, 18 Oct 2006", "2006-10-18"],
    ["1 Feb 2012", "2012-02-01"],
  ])("%s → %s", (text, expected) => {
    expect(parseCalendarDate(text)).toBe(expected);
  });

  it("refuses impossible days", () => {
    expect(parseCalendarDate("2009-02-29")).toBeNull();
    expect(parseCalendarDate("2008-02-29")).toBe("2008-02-29");
  });

  it("formats Harvest's updated_since in UTC and Co-op's day segment", () => {
    expect(harvestUpdatedSince(new Date("2010-09-25T20:30:59+02:00"))).toBe("2010-09-25 18:30");
    expect(coopDaySegment("2008-11-19")).toBe("20081119");
    expect(coopDaySegment("2008-11-31")).toBeNull();
  });
});
