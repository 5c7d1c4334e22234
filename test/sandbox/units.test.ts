import { describe, expect, it } from "vitest";
import {
  isoTime,
  localDay,
  offsetMinutes,
  parseDaySegment,
  parseUpdatedSince,
  slashTime,
} from "../../server/render/times";
import { textileToHtml } from "../../server/textile";
import { parseFormParams, parseXmlParams } from "../../server/http/body";
import { negotiate, splitSuffix } from "../../server/http/negotiate";

describe("times", () => {
  const at = Date.UTC(2008, 9, 30, 20, 56, 4);
  it("renders ISO and slash styles in a zone", () => {
    expect(isoTime(at, "America/New_York")).toBe("2008-10-30T16:56:04-04:00");
    expect(isoTime(at, "UTC")).toBe("2008-10-30T20:56:04Z");
    expect(slashTime(at, "America/New_York")).toBe("2008/10/30 16:56:04 -0400");
    expect(slashTime(at, "UTC")).toBe("2008/10/30 20:56:04 +0000");
    expect(isoTime(Date.UTC(2008, 10, 19, 12), "Asia/Kathmandu")).toBe("2008-11-19T17:45:00+05:45");
  });
  it("knows offsets and local days", () => {
    expect(offsetMinutes(Date.UTC(2008, 10, 19), "America/Argentina/Buenos_Aires")).toBe(-120);
    expect(localDay(Date.UTC(2008, 10, 19, 1), "America/Argentina/Buenos_Aires")).toBe("2008-11-18");
    expect(localDay(Date.UTC(2008, 10, 19, 23, 30), "Europe/Berlin")).toBe("2008-11-20");
  });
  it("parses day segments and updated_since", () => {
    expect(parseDaySegment("20081119")).toBe("2008-11-19");
    expect(parseDaySegment("2008-11-19")).toBe("2008-11-19");
    expect(parseDaySegment("20080230")).toBeNull();
    expect(parseDaySegment("2008119")).toBeNull();
    expect(parseUpdatedSince("2010-09-25 18:30")).toBe(Date.UTC(2010, 8, 25, 18, 30));
    expect(parseUpdatedSince("2010-09-25T18:30:00Z")).toBe(Date.UTC(2010, 8, 25, 18, 30));
    expect(parseUpdatedSince("soon")).toBeNull();
  });
});

describe("textile", () => {
  it("renders lists, paragraphs, line breaks and inline marks, escaping HTML", () => {
    expect(textileToHtml("This is an agenda")).toBe("<p>This is an agenda</p>");
    expect(textileToHtml("* one\n* two")).toBe("<ul>\n\t<li>one</li>\n\t<li>two</li>\n</ul>");
    expect(textileToHtml("a\nb\n\n_c_ <script>")).toBe("<p>a<br />\nb</p>\n<p><em>c</em> &lt;script&gt;</p>");
    expect(textileToHtml("")).toBe("");
  });
});

describe("request parsing", () => {
  it("reads Rails XML params: root as key, dashes to underscores, nil, typed text", () => {
    expect(
      parseXmlParams(
        '<client><name>A &amp; B</name><highrise-id type="integer">5</highrise-id><details nil="true"/></client>',
      ),
    ).toEqual({ client: { name: "A & B", highrise_id: "5", details: null } });
    expect(parseXmlParams("<status>Hello</status>")).toEqual({ status: "Hello" });
    expect(parseXmlParams("<new_group_owner_id>5</new_group_owner_id>")).toEqual({ new_group_owner_id: "5" });
  });
  it("reads bracketed form params", () => {
    expect(parseFormParams(new URLSearchParams("a=1&group[name]=x&group[member-emails]=y&ids[]=1&ids[]=2"))).toEqual({
      a: "1",
      group: { name: "x", member_emails: "y" },
      ids: ["1", "2"],
    });
  });
  it("negotiates formats", () => {
    expect(splitSuffix("/groups/25.json")).toEqual({ path: "/groups/25", suffix: "json" });
    expect(negotiate(null, undefined, undefined)).toBe("html");
    expect(negotiate(null, "application/xml", "application/json")).toBe("xml");
    expect(negotiate(null, undefined, "application/json; charset=utf-8")).toBe("json");
  });
});
