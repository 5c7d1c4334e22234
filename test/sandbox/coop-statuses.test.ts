// Sections (§) are docs/coop-api.md's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { BASIL, MANUEL, POLLY, SYBIL, WIRES, call, decode, errorsOf, idFromLocation } from "./helpers";

let sb: Sandbox;
let clock = Date.UTC(2024, 4, 1, 12, 0, 0);
beforeAll(async () => {
  sb = await start({ port: 0, now: () => clock });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.control.reset();
  clock = Date.UTC(2024, 4, 1, 12, 0, 0);
});

type Status = {
  id: number;
  type: string;
  text: string;
  group_id: number;
  created_at: string;
  user: { id: number };
} & Record<string, unknown>;

describe.each(WIRES)("Co-op statuses (%s)", (wire) => {
  const get = async (path: string, as = BASIL): Promise<Status[]> => {
    const answer = await call(sb.url, path, { as, format: wire });
    expect(answer.status, path).toBe(200);
    return decode(answer, wire) as Status[];
  };

  it("§6.2 returns the latest 50, newest first, Notes and DayEntries mixed", async () => {
    const statuses = await get("/groups/25/statuses");
    expect(statuses).toHaveLength(50);
    expect(sb.control.statuses(25)).toHaveLength(SEED.statuses.groupFeedSize);
    expect(statuses.slice(0, 2).map((s) => [s.type, s.id])).toEqual([
      ["Note", 247],
      ["DayEntry", 1373078],
    ]);
    const times = statuses.map((s) => Date.parse(s.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(statuses.every((s) => s.group_id === 25)).toBe(true);
  });

  it("§6.2: the old alias answers the same statuses", async () => {
    expect(await get("/groups/25")).toEqual(await get("/groups/25/statuses"));
  });

  it("§6.3 returns every status of the day in the group's zone, with no cap", async () => {
    const day = await get("/groups/25/20081118");
    const expected = sb.control.statuses(25).filter((s) => s.createdAt.startsWith("2008-11-18"));
    expect(day.map((s) => `${s.type}:${s.id}`)).toEqual(expected.map((s) => `${s.type}:${s.id}`));
    expect(day.length).toBeGreaterThan(15);
    expect(await get("/groups/25/2008-11-18")).toEqual(day);
    // Older than the 50 latest: only day browsing reaches it.
    const sixteenth = await get("/groups/25/20081116");
    expect(sixteenth.length).toBeGreaterThan(0);
    const latestIds = new Set((await get("/groups/25/statuses")).map((s) => `${s.type}:${s.id}`));
    expect(sixteenth.some((s) => !latestIds.has(`${s.type}:${s.id}`))).toBe(true);
  });

  it("§6.3 uses the group's time zone for the day boundary (Buenos Aires, UTC-2 in Nov 2008)", async () => {
    const eighteenth = await get("/groups/34/20081118", MANUEL);
    // Note 182 was written at 01:00 UTC on the 19th: still the 18th in Buenos Aires.
    expect(eighteenth.map((s) => s.id)).toContain(182);
    const nineteenth = await get("/groups/34/20081119", MANUEL);
    expect(nineteenth.map((s) => s.id)).not.toContain(182);
    expect(nineteenth.map((s) => s.id)).toContain(183);
  });

  it("§6.3 refuses an impossible date and 404s a malformed segment", async () => {
    expect((await call(sb.url, "/groups/25/20081332", { as: BASIL, format: wire })).status).toBe(400);
    expect((await call(sb.url, "/groups/25/2008111", { as: BASIL, format: wire })).status).toBe(404);
  });

  it("a Note and a DayEntry share id 200 in the same feed", async () => {
    const days = [...(await get("/groups/25/20081116")), ...(await get("/groups/25/20081117"))];
    const twoHundreds = days
      .filter((s) => s.id === SEED.statuses.collidingId)
      .map((s) => s.type)
      .sort();
    expect(twoHundreds).toEqual(["DayEntry", "Note"]);
  });

  it("§6.4 and §6.5 return one member's statuses", async () => {
    const polly = await get("/groups/25/users/25");
    expect(polly.length).toBeGreaterThan(5);
    expect(polly.every((s) => s.user.id === 25)).toBe(true);
    expect(polly.filter((s) => s.type === "DayEntry").map((s) => s.id)).toEqual([1373078, 1372990, 200]);
    const pollyDay = await get("/groups/25/users/25/20081119");
    expect(pollyDay.every((s) => s.user.id === 25 && s.created_at.startsWith("2008-11-19"))).toBe(true);
    expect(pollyDay.map((s) => s.id)).toContain(1373078);
    // An unknown id and someone outside the group (Manuel) answer alike: no statuses, nothing to tell them apart.
    const nobody = await call(sb.url, "/groups/25/users/999", { as: BASIL, format: wire });
    const outsider = await call(sb.url, "/groups/25/users/24", { as: BASIL, format: wire });
    expect(nobody.status).toBe(200);
    expect(nobody.text).toBe(outsider.text);
  });

  it("a DayEntry carries hours, names, spent_at and a running timer", async () => {
    const [, entry] = await get("/groups/25/statuses");
    expect(entry).toEqual({
      id: 1373078,
      type: "DayEntry",
      text: "Timer with a note",
      hours: 22.91,
      client: "City of Torquay",
      project: "Gourmet Night",
      task: "Put butter on trays",
      group_id: 25,
      timer_started_at: "2008-11-19T17:13:12Z",
      spent_at: "2008-11-19",
      user: {
        id: 25,
        name: "Polly Sherman",
        email: "polly@fawltytowers.com",
        avatar_thumb_url: "http://coopapp.com/uploads/avatars/25/thumb/frown.png?1233863214",
      },
      created_at: "2008-11-19T17:13:12Z",
    });
    const stopped = (await get("/groups/25/20081117")).find((s) => s.type === "DayEntry");
    expect(stopped).toBeDefined();
    expect(stopped).not.toHaveProperty("timer_started_at");
  });

  it("§6.7 posts a Note from an XML or JSON body: 201, Location, newest in the feed", async () => {
    const body =
      wire === "xml"
        ? "<status>Gourmet Night is off &amp; on again</status>"
        : JSON.stringify({ status: "Gourmet Night is off & on again" });
    const answer = await call(sb.url, "/groups/25/statuses", { method: "POST", as: POLLY, format: wire, body });
    expect(answer.status).toBe(201);
    const id = idFromLocation(answer.headers["location"]);
    expect(answer.headers["location"]).toBe(`/statuses/${id}`);
    const [first] = await get("/groups/25/statuses");
    expect(first).toMatchObject({
      id,
      type: "Note",
      text: "Gourmet Night is off & on again",
      group_id: 25,
      user: { id: 25 },
      created_at: "2024-05-01T12:00:00Z",
    });
    const one = decode(await call(sb.url, `/statuses/${id}`, { as: SYBIL, format: wire }), wire);
    expect(one).toEqual(first);
  });

  it("§6.7 takes the text from a query parameter with an empty body", async () => {
    const answer = await call(sb.url, `/groups/25/statuses?status=${encodeURIComponent("From the query")}`, {
      method: "POST",
      as: BASIL,
      format: wire,
    });
    expect(answer.status).toBe(201);
    expect(sb.control.statuses(25)[0]).toMatchObject({ type: "Note", text: "From the query", userId: 21 });
  });

  it("§6.7 refuses a blank status and a non-member", async () => {
    const blankBody = wire === "xml" ? "<status>  </status>" : JSON.stringify({ status: "  " });
    const blank = await call(sb.url, "/groups/25/statuses", {
      method: "POST",
      as: BASIL,
      format: wire,
      body: blankBody,
    });
    expect(blank.status).toBe(400);
    expect(errorsOf(blank, wire)).toEqual(["Status can't be blank"]);
    const outsider = await call(sb.url, "/groups/34/statuses", {
      method: "POST",
      as: POLLY,
      format: wire,
      body: wire === "xml" ? "<status>hi</status>" : '{"status":"hi"}',
    });
    expect(outsider.status).toBe(404);
    expect(sb.control.statuses(25)).toHaveLength(SEED.statuses.groupFeedSize);
  });

  it("§6.7 and §2.4: bot posting with the group's key and no Authorization are authored by Cobot", async () => {
    const token = SEED.groups.fawltyTowers.apiToken;
    const viaQuery = await call(sb.url, `/groups/25/statuses?status=Build+passed&key=${token}`, {
      method: "POST",
      format: wire,
    });
    expect(viaQuery.status).toBe(201);
    const viaNotes = await call(sb.url, "/groups/25/notes", {
      method: "POST",
      format: "json",
      body: JSON.stringify({ status: "Deployed", key: token }),
    });
    expect(viaNotes.status).toBe(201);
    const [latest, previous] = await get("/groups/25/statuses");
    expect(latest).toMatchObject({ text: "Deployed", user: { id: SEED.cobot.id, name: "Cobot" } });
    expect(previous).toMatchObject({ text: "Build passed", user: { id: SEED.cobot.id } });
  });

  it("bot posting with a wrong key, another group's key, or no key at all is refused", async () => {
    const wrong = await call(sb.url, "/groups/25/notes", {
      method: "POST",
      format: wire,
      body: wire === "json" ? JSON.stringify({ status: "x", key: "nope" }) : "<status>x</status>",
      contentType: wire === "json" ? "application/json" : "application/xml",
    });
    expect(wrong.status).toBe(401);
    const other = await call(sb.url, `/groups/25/notes?key=${SEED.groups.argentina.apiToken}&status=x`, {
      method: "POST",
      format: wire,
    });
    expect(other.status).toBe(401);
    const none = await call(sb.url, "/groups/25/notes?status=x", { method: "POST", format: wire });
    expect(none.status).toBe(401);
    expect(sb.control.statuses(25)).toHaveLength(SEED.statuses.groupFeedSize);
  });

  it("§6.8 shows one Note; other groups' notes are hidden", async () => {
    const note = decode(await call(sb.url, "/statuses/247", { as: POLLY, format: wire }), wire);
    expect(note).toMatchObject({ id: 247, type: "Note", text: "Note 1", group_id: 25 });
    expect((await call(sb.url, "/statuses/181", { as: POLLY, format: wire })).status).toBe(404);
    expect((await call(sb.url, "/statuses/99999", { as: POLLY, format: wire })).status).toBe(404);
  });

  it("§6.9 edits and deletes only one's own Note", async () => {
    const notMine = await call(sb.url, "/statuses/247", {
      method: "PUT",
      as: POLLY,
      format: wire,
      body: wire === "xml" ? "<status>hacked</status>" : '{"status":"hacked"}',
    });
    expect(notMine.status).toBe(400);
    const edit = await call(sb.url, "/statuses/247", {
      method: "PUT",
      as: BASIL,
      format: wire,
      body: wire === "xml" ? "<status>Note 1, edited</status>" : '{"status":"Note 1, edited"}',
    });
    expect(edit.status).toBe(200);
    expect(edit.headers["location"]).toBe("/statuses/247");
    expect(sb.control.statuses(25)[0]?.text).toBe("Note 1, edited");
    expect((await call(sb.url, "/statuses/247", { method: "DELETE", as: BASIL, format: wire })).status).toBe(200);
    expect(sb.control.statuses(25).some((s) => s.type === "Note" && s.id === 247)).toBe(false);
  });
});
