/**
 * The original Co-op docs' samples (with their known errors corrected) come back for the seed data, in both
 * date styles.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { BASIL, call, decode, readRailsXml } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ port: 0 });
});
afterAll(() => sb.close());
beforeEach(() => sb.control.setJsonDates("iso"));

const S1_SLASH = [
  {
    id: 247,
    type: "Note",
    text: "Note 1",
    group_id: 25,
    user: {
      id: 21,
      name: "Basil Fawlty",
      email: "basil@fawltytowers.com",
      avatar_thumb_url: "http://coopapp.com/uploads/avatars/21/thumb/smile.png?1233860995",
    },
    updated_at: "2008/11/19 20:19:45 +0000",
    created_at: "2008/11/19 20:19:45 +0000",
  },
  {
    id: 1373078,
    type: "DayEntry",
    text: "Timer with a note",
    hours: 22.91,
    client: "City of Torquay",
    project: "Gourmet Night",
    task: "Put butter on trays",
    group_id: 25,
    timer_started_at: "2008/11/19 17:13:12 +0000",
    spent_at: "2008/11/19",
    user: {
      id: 25,
      name: "Polly Sherman",
      email: "polly@fawltytowers.com",
      avatar_thumb_url: "http://coopapp.com/uploads/avatars/25/thumb/frown.png?1233863214",
    },
    created_at: "2008/11/19 17:13:12 +0000",
  },
];

describe("the original Co-op docs' samples", () => {
  it("the status feed as JSON in the 2008 slash style, exactly", async () => {
    sb.control.setJsonDates("slash");
    const statuses = JSON.parse(
      (await call(sb.url, "/groups/25/statuses", { as: BASIL, format: "json" })).text,
    ) as unknown[];
    expect(statuses.slice(0, 2)).toEqual(S1_SLASH);
  });

  it("the status feed as ISO-dated JSON and as XML carries the same values", async () => {
    const iso = JSON.parse((await call(sb.url, "/groups/25/statuses.json", { as: BASIL })).text) as Array<
      Record<string, unknown>
    >;
    expect(iso[0]).toMatchObject({ id: 247, updated_at: "2008-11-19T20:19:45Z", created_at: "2008-11-19T20:19:45Z" });
    expect(iso[1]).toMatchObject({ id: 1373078, timer_started_at: "2008-11-19T17:13:12Z", spent_at: "2008-11-19" });
    const xml = readRailsXml((await call(sb.url, "/groups/25/statuses.xml", { as: BASIL })).text);
    expect(xml.root).toBe("statuses");
    expect(xml.value).toEqual(iso);
  });

  it("the groups as XML, as the sample shows them", async () => {
    const text = (await call(sb.url, "/groups", { as: BASIL, format: "xml" })).text;
    expect(text).toContain(
      '<group>\n    <id type="integer">25</id>\n    <name>Fawlty Towers</name>\n    <timezone>London</timezone>\n    <updated-at type="datetime">2008-10-30T16:56:04-04:00</updated-at>\n    <created-at type="datetime">2008-06-11T07:06:39-04:00</created-at>',
    );
  });

  it("the groups as slash-dated JSON keep the group's offset", async () => {
    sb.control.setJsonDates("slash");
    const groups = JSON.parse((await call(sb.url, "/groups", { as: BASIL, format: "json" })).text) as Array<
      Record<string, unknown>
    >;
    expect(groups[0]).toMatchObject({
      updated_at: "2008/10/30 16:56:04 -0400",
      created_at: "2008/06/11 07:06:39 -0400",
    });
  });

  it("the Harvest credential in both formats and both date styles: one instant pair (the JSON sample's)", async () => {
    const expected = { id: 23, email: "basil@fawltytowers.com", subdomain: "fawlty", user_id: 21 };
    sb.control.setJsonDates("slash");
    const slash = decode(await call(sb.url, "/users/21/harvest_credential", { as: BASIL, format: "json" }), "json");
    expect(slash).toEqual({
      ...expected,
      updated_at: "2009/10/22 10:07:11 +0000",
      created_at: "2009/10/02 06:07:27 +0000",
    });
    sb.control.setJsonDates("iso");
    const xml = await call(sb.url, "/users/21/harvest_credential", { as: BASIL, format: "xml" });
    expect(xml.text).toContain('<user-id type="integer">21</user-id>');
    expect(decode(xml, "xml")).toEqual({
      ...expected,
      updated_at: "2009-10-22T10:07:11Z",
      created_at: "2009-10-02T06:07:27Z",
    });
  });

  it("every Co-op GET parses back identically from XML and JSON", async () => {
    const paths = [
      "/groups",
      "/groups/25/statuses",
      "/groups/25",
      "/groups/25/20081118",
      "/groups/25/users",
      "/groups/25/users/25",
      "/groups/25/users/25/20081119",
      "/statuses/247",
      "/groups/25/agenda",
      "/groups/25/user_agendas",
      "/groups/25/my_agenda",
      "/users/21",
      "/users/21/harvest_credential",
    ];
    for (const path of paths) {
      const xml = decode(await call(sb.url, path, { as: BASIL, format: "xml" }), "xml");
      const json = decode(await call(sb.url, path, { as: BASIL, format: "json" }), "json");
      expect(xml, path).toEqual(json);
    }
  });
});
