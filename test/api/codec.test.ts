import { describe, expect, it } from "vitest";
import { decodeBody, decodeStatuses } from "@coop-tray/protocol/codecs";
import { checkMarkup } from "@coop-tray/protocol/codecs";
import {
  clientList,
  decodeHarvestCredential,
  decodeRateLimitStatus,
  decodeWhoAmI,
  groupList,
  rooted,
} from "@coop-tray/protocol/codecs";
import type { Status } from "@coop-tray/protocol/models";
import { SAMPLE_NOTE } from "./docs-sample";

/** The original Co-op docs' sample status feed (2008, corrected) in both formats. */
const SEED_FEED_JSON = `[{"id": 247, "type": "Note", "text": "Note 1", "group_id": 25,
  "user": {"id": 21, "name": "Basil Fawlty", "email": "basil@fawltytowers.com",
           "avatar_thumb_url": "http://coopapp.com/uploads/avatars/21/thumb/smile.png?1233860995"},
  "updated_at": "2008/11/19 20:19:45 +0000", "created_at": "2008/11/19 20:19:45 +0000"},
 {"id": 1373078, "type": "DayEntry", "text": "Timer with a note", "hours": 22.91,
  "client": "City of Torquay", "project": "Gourmet Night", "task": "Put butter on trays",
  "group_id": 25, "timer_started_at": "2008/11/19 17:13:12 +0000", "spent_at": "2008/11/19",
  "user": {"id": 25, "name": "Polly Sherman", "email": "polly@fawltytowers.com",
           "avatar_thumb_url": "http://coopapp.com/uploads/avatars/25/thumb/frown.png?1233863214"},
  "created_at": "2008/11/19 17:13:12 +0000"}]`;

const SEED_FEED_XML = `<?xml version="1.0" encoding="UTF-8"?>
<statuses type="array">
  <status>
    <id type="integer">247</id>
    <type>Note</type>
    <text>Note 1</text>
    <group-id type="integer">25</group-id>
    <user>
      <id type="integer">21</id>
      <name>Basil Fawlty</name>
      <email>basil@fawltytowers.com</email>
      <avatar-thumb-url>
        http://coopapp.com/uploads/avatars/21/thumb/smile.png?1233860995
      </avatar-thumb-url>
    </user>
    <updated-at type="datetime">2008-11-19T20:19:45Z</updated-at>
    <created-at type="datetime">2008-11-19T20:19:45Z</created-at>
  </status>
  <status>
    <id type="integer">1373078</id>
    <type>DayEntry</type>
    <text>Timer with a note</text>
    <hours type="float">22.91</hours>
    <client>City of Torquay</client>
    <project>Gourmet Night</project>
    <task>Put butter on trays</task>
    <group-id type="integer">25</group-id>
    <timer-started-at type="datetime">2008-11-19T17:13:12+00:00</timer-started-at>
    <spent-at type="date">2008-11-19</spent-at>
    <user>
      <id type="integer">25</id>
      <name>Polly Sherman</name>
      <email>polly@fawltytowers.com</email>
      <avatar-thumb-url>http://coopapp.com/uploads/avatars/25/thumb/frown.png?1233863214</avatar-thumb-url>
    </user>
    <created-at type="datetime">2008-11-19T17:13:12Z</created-at>
  </status>
</statuses>`;

const EXPECTED: Status[] = [
  SAMPLE_NOTE,
  {
    type: "DayEntry",
    id: 1373078,
    groupId: 25,
    text: "Timer with a note",
    user: {
      id: 25,
      name: "Polly Sherman",
      email: "polly@fawltytowers.com",
      avatarThumbUrl: "http://coopapp.com/uploads/avatars/25/thumb/frown.png?1233863214",
    },
    createdAt: "2008-11-19T17:13:12.000Z",
    updatedAt: null,
    hours: 22.91,
    client: "City of Torquay",
    project: "Gourmet Night",
    task: "Put butter on trays",
    spentAt: "2008-11-19",
    timerStartedAt: "2008-11-19T17:13:12.000Z",
  },
];

describe("status feeds", () => {
  it("decode the original docs' sample feed to the same models from XML and from slash-dated JSON", () => {
    expect(decodeStatuses(SEED_FEED_XML, "xml")).toEqual({ ok: true, value: EXPECTED });
    expect(decodeStatuses(Buffer.from(SEED_FEED_JSON), "json")).toEqual({ ok: true, value: EXPECTED });
  });

  it("read an empty list whatever Rails named its root", () => {
    for (const body of ['<nil-classes type="array"/>', '<statuses type="array"></statuses>', "<statuses/>"])
      expect(decodeStatuses(body, "xml")).toEqual({ ok: true, value: [] });
    expect(decodeStatuses("[]", "json")).toEqual({ ok: true, value: [] });
  });

  it("name the missing field when a status lacks one", () => {
    const result = decodeStatuses(
      '[{"id": 1, "type": "Note", "text": "x", "user": {"id": 1, "name": "A"}, "created_at": "2008-11-19T20:19:45Z"}]',
      "json",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ kind: "malformed", reason: "shape" });
      expect(result.error.message).toContain("groupId");
    }
  });

  it("refuse an unknown status type rather than guess", () => {
    const result = decodeStatuses(
      '[{"id": 1, "type": "Tweet", "group_id": 1, "user": {"id": 1, "name": "A"}, "created_at": "2008-11-19T20:19:45Z"}]',
      "json",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("Tweet");
  });
});

describe("XML quirks", () => {
  it("honours nil, typed scalars, entities and dashed names; accepts <clients> without type=array", () => {
    const xml = `<clients>
      <client>
        <id type="integer">3</id><name>Fawlty &amp; Sons &#8211; Ltd</name>
        <active type="boolean">false</active><highrise-id type="integer" nil="true"></highrise-id>
        <details nil="true"/><currency-symbol>&#xA3;</currency-symbol>
        <updated-at type="datetime">2010-09-25T18:30:00+01:00</updated-at>
      </client>
    </clients>`;
    const result = decodeBody(xml, "xml", clientList, "clients");
    expect(result).toMatchObject({
      ok: true,
      value: [
        {
          id: 3,
          name: "Fawlty & Sons – Ltd",
          active: false,
          highriseId: null,
          details: null,
          currencySymbol: "£",
          updatedAt: "2010-09-25T17:30:00.000Z",
        },
      ],
    });
  });

  it("reads Harvest's <hash> documents and rooted JSON the same way", () => {
    const xml = `<hash><last-access-at type="datetime">2010-04-02T01:34:59+00:00</last-access-at><count type="integer">41</count>
      <timeframe-limit type="integer">15</timeframe-limit><max-calls type="integer">40</max-calls><lockout-seconds type="integer">5</lockout-seconds></hash>`;
    const json =
      '{"last_access_at": "2010-04-02T01:34:59+00:00", "count": 41, "timeframe_limit": 15, "max_calls": 40, "lockout_seconds": 5}';
    const fromXml = decodeBody(xml, "xml", rooted(decodeRateLimitStatus, "hash"), "rate limit");
    expect(fromXml).toEqual({
      ok: true,
      value: {
        lastAccessAt: "2010-04-02T01:34:59.000Z",
        count: 41,
        timeframeLimit: 15,
        maxCalls: 40,
        lockoutSeconds: 5,
      },
    });
    expect(decodeBody(json, "json", rooted(decodeRateLimitStatus, "hash"), "rate limit")).toEqual(fromXml);
    const rootedClients = decodeBody(
      '[{"client": {"id": 1, "name": "A", "active": true}}]',
      "json",
      clientList,
      "clients",
    );
    expect(rootedClients).toMatchObject({ ok: true, value: [{ id: 1, name: "A", active: true }] });
  });

  it("decodes who_am_i with an escaped zone name", () => {
    const xml = `<hash><company><base-uri>https://fawlty.harvestapp.com</base-uri><name>Fawlty</name><active type="boolean">true</active></company>
      <user><id type="integer">5</id><email>b@f.com</email><admin type="boolean">true</admin><timezone>Eastern Time (US &amp; Canada)</timezone>
      <timezone-utc-offset type="integer">-18000</timezone-utc-offset></user></hash>`;
    const result = decodeBody(xml, "xml", rooted(decodeWhoAmI, "hash"), "who am I");
    expect(result).toMatchObject({
      ok: true,
      value: {
        company: { baseUri: "https://fawlty.harvestapp.com", active: true },
        user: { id: 5, admin: true, timezone: "Eastern Time (US & Canada)", timezoneUtcOffset: -18000, firstName: "" },
      },
    });
  });

  it("never reads a password back from a credential", () => {
    const json =
      '{"id": 23, "email": "basil@fawltytowers.com", "subdomain": "fawlty", "user_id": 21, "password": "barcelona", "updated_at": "2009/10/22 10:07:11 -0000", "created_at": "2009/10/02 06:07:27 -0000"}';
    const result = decodeBody(json, "json", rooted(decodeHarvestCredential, "harvestCredential"), "credential");
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain("barcelona");
    expect(result).toMatchObject({
      value: { userId: 21, updatedAt: "2009-10-22T10:07:11.000Z", createdAt: "2009-10-02T06:07:27.000Z" },
    });
  });

  it("reads untyped numbers (the Scala client's <users> shape)", () => {
    const result = decodeBody(
      "<groups><group><id>25</id><name>F</name><timezone>London</timezone></group></groups>",
      "xml",
      groupList,
      "groups",
    );
    expect(result).toMatchObject({ ok: true, value: [{ id: 25, createdAt: null, feedKey: null }] });
  });
});

describe("hostile and broken documents are malformed values, quickly", () => {
  const laughs = (): string => {
    const lines = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lines.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
    return `<?xml version="1.0"?><!DOCTYPE statuses [${lines.join("")}]><statuses type="array"><status><text>&lol9;</text></status></statuses>`;
  };
  const cases: Array<[string, string, "xml" | "json", string]> = [
    ["entity expansion", laughs(), "xml", "unparseable"],
    ["10,000-deep XML", `${"<hash>".repeat(10_000)}${"</hash>".repeat(10_000)}`, "xml", "unparseable"],
    ["10,000-deep JSON", `${"[".repeat(10_000)}${"]".repeat(10_000)}`, "json", "unparseable"],
    ["truncated XML", SEED_FEED_XML.slice(0, 700), "xml", "unparseable"],
    [
      "the seed's bad closing tag",
      '<statuses type="array"><status><user><name>Basil Fawlty</uame></user></status></statuses>',
      "xml",
      "unparseable",
    ],
    ["the seed's comma for a colon", '[{"id": 247, "type": "Note", "group_id", 25}]', "json", "unparseable"],
    ["an HTML page", "<!DOCTYPE html><html><body>Sign in</body></html>", "xml", "html"],
    ["an empty body", "", "json", "unparseable"],
    ["two roots", "<a/><b/>", "xml", "unparseable"],
  ];
  it.each(cases)("%s", (_name, body, format, reason) => {
    const started = performance.now();
    const result = decodeStatuses(body, format);
    expect(performance.now() - started).toBeLessThan(250);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: "malformed", reason });
  });
});

describe("the markup check before parsing", () => {
  it.each([
    ['<a x="1 > 0"><b/><!-- <c> --><![CDATA[<d>]]></a>', null],
    ['<?xml version="1.0"?>\n<a>\n</a>\n', null],
    ["<a><b></a></b>", "</a> where </b> was expected"],
    ["<a></a></b>", "a stray </b>"],
    ["<a></a>tail", "text after the root element"],
    ["<a><b>text</b>", "<a> is never closed"],
    ["<a><b", "unterminated tag"],
    ["<a/><a/>", "more than one root element"],
    ["just text", "no root element"],
    ['<!DOCTYPE a [<!ENTITY x "y">]><a/>', "DOCTYPE"],
    ["<a><!-- never closed </a>", "unterminated comment"],
  ])("%j", (text, problem) => {
    const found = checkMarkup(text);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
