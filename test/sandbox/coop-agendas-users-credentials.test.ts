// Sections (§) are docs/coop-api.md's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { BASIL, MANUEL, POLLY, SYBIL, WIRES, call, decode, encode, errorsOf } from "./helpers";

let sb: Sandbox;
const clock = Date.UTC(2024, 4, 1, 12, 0, 0);
beforeAll(async () => {
  sb = await start({ port: 0, now: () => clock });
});
afterAll(() => sb.close());
beforeEach(() => sb.control.reset());

describe.each(WIRES)("Co-op agendas (%s)", (wire) => {
  it("§9.1 returns the group agenda with Textile-rendered HTML", async () => {
    const answer = await call(sb.url, "/groups/25/agenda", { as: POLLY, format: wire });
    expect(answer.status).toBe(200);
    expect(decode(answer, wire)).toEqual({
      group_id: 25,
      agenda: "* Gourmet Night on Thursday\n* Fix the moose head\n\nChef is *sober*, for now.",
      agenda_html:
        "<ul>\n\t<li>Gourmet Night on Thursday</li>\n\t<li>Fix the moose head</li>\n</ul>\n<p>Chef is <strong>sober</strong>, for now.</p>",
    });
  });

  it("§9.2 lists one agenda per member; §9.3 is the caller's", async () => {
    const all = decode(await call(sb.url, "/groups/34/user_agendas", { as: MANUEL, format: wire }), wire) as Array<
      Record<string, unknown>
    >;
    expect(all.map((a) => a["user_id"])).toEqual([21, 22, 24]);
    expect(all[2]).toEqual({
      user_id: 24,
      agenda: "- Learn English\n- Feed Basil the hamster",
      agenda_html: "<p>- Learn English<br />\n- Feed Basil the hamster</p>",
    });
    const mine = decode(await call(sb.url, "/groups/25/my_agenda", { as: BASIL, format: wire }), wire);
    expect(mine).toEqual({
      user_id: 21,
      agenda: "* Sack Manuel\n* Hang the moose head",
      agenda_html: "<ul>\n\t<li>Sack Manuel</li>\n\t<li>Hang the moose head</li>\n</ul>",
    });
  });

  it("§9.1 and §9.3 update the agendas (200, Location, empty body) and escape markup", async () => {
    // The group's agenda is the owner's (docs/coop-api.md §9.1).
    const member = await call(sb.url, "/groups/25/agenda", {
      method: "PUT",
      as: SYBIL,
      format: wire,
      body: wire === "xml" ? "<agenda>mine now</agenda>" : JSON.stringify({ agenda: "mine now" }),
    });
    expect(member.status).toBe(400);
    const group = await call(sb.url, "/groups/25/agenda", {
      method: "PUT",
      as: BASIL,
      format: wire,
      body:
        wire === "xml"
          ? "<agenda>Fire drill &lt;b&gt;now&lt;/b&gt;</agenda>"
          : JSON.stringify({ agenda: "Fire drill <b>now</b>" }),
    });
    expect(group.status).toBe(200);
    expect(group.headers["location"]).toBe("/groups/25/agenda");
    expect(group.text).toBe("");
    const after = decode(await call(sb.url, "/groups/25/agenda", { as: BASIL, format: wire }), wire);
    expect(after).toMatchObject({
      agenda: "Fire drill <b>now</b>",
      agenda_html: "<p>Fire drill &lt;b&gt;now&lt;/b&gt;</p>",
    });

    const mine = await call(sb.url, "/groups/25/my_agenda", {
      method: "PUT",
      as: POLLY,
      format: wire,
      body: wire === "xml" ? "<agenda># Trays\n# Butter</agenda>" : JSON.stringify({ agenda: "# Trays\n# Butter" }),
    });
    expect(mine.status).toBe(200);
    expect(mine.headers["location"]).toBe("/groups/25/my_agenda");
    const polly = decode(await call(sb.url, "/groups/25/my_agenda", { as: POLLY, format: wire }), wire);
    expect(polly).toEqual({
      user_id: 25,
      agenda: "# Trays\n# Butter",
      agenda_html: "<ol>\n\t<li>Trays</li>\n\t<li>Butter</li>\n</ol>",
    });
  });

  it("an agenda update without an agenda is a 400", async () => {
    const answer = await call(sb.url, "/groups/25/agenda", {
      method: "PUT",
      as: BASIL,
      format: wire,
      body: wire === "xml" ? "<other>x</other>" : '{"other":"x"}',
    });
    expect(answer.status).toBe(400);
    expect(errorsOf(answer, wire)[0]).toContain("agenda");
  });
});

describe.each(WIRES)("Co-op users (%s)", (wire) => {
  it("§10.1 returns the full user to someone sharing a group", async () => {
    const answer = await call(sb.url, "/users/25", { as: SYBIL, format: wire });
    expect(answer.status).toBe(200);
    expect(decode(answer, wire)).toEqual({
      id: 25,
      first_name: "Polly",
      last_name: "Sherman",
      email: "polly@fawltytowers.com",
      city: null,
      avatar_thumb_url: "http://coopapp.com/uploads/avatars/25/thumb/frown.png?1233863214",
      updated_at: "2009-02-05T11:46:54-08:00",
      created_at: "2008-06-12T02:41:18-07:00",
      has_harvest_credential: true,
    });
    const sybil = decode(await call(sb.url, "/users/22", { as: SYBIL, format: wire }), wire) as Record<string, unknown>;
    expect(sybil["has_harvest_credential"]).toBe(false);
  });

  it("§10.1 hides users who share no group", async () => {
    expect((await call(sb.url, "/users/24", { as: POLLY, format: wire })).status).toBe(404);
    expect((await call(sb.url, "/users/4242", { as: POLLY, format: wire })).status).toBe(404);
  });
});

describe.each(WIRES)("Co-op Harvest credential (%s)", (wire) => {
  const login = (email: string, password: string): string =>
    encode(wire, "harvest_credential", { subdomain: "fawlty", email, password });

  it("§11.2 reads one's own credential and never the password", async () => {
    const answer = await call(sb.url, "/users/21/harvest_credential", { as: BASIL, format: wire });
    expect(answer.status).toBe(200);
    expect(decode(answer, wire)).toEqual({
      id: 23,
      email: "basil@fawltytowers.com",
      subdomain: "fawlty",
      user_id: 21,
      updated_at: "2009-10-22T10:07:11Z",
      created_at: "2009-10-02T06:07:27Z",
    });
    if (wire === "xml") expect(answer.text).toContain("<harvest-credential>");
    expect(answer.text).not.toContain("barcelona");
  });

  it("§11.2 refuses someone else's credential, and 404s when there is none", async () => {
    expect((await call(sb.url, "/users/21/harvest_credential", { as: POLLY, format: wire })).status).toBe(404);
    expect((await call(sb.url, "/users/22/harvest_credential", { as: SYBIL, format: wire })).status).toBe(404);
  });

  it("§11.3 creates after checking the login with Harvest; Location; links the memberships", async () => {
    const wrong = await call(sb.url, "/users/22/harvest_credential", {
      method: "POST",
      as: SYBIL,
      format: wire,
      body: login("basil@fawltytowers.com", "wrong"),
    });
    expect(wrong.status).toBe(400);
    expect(errorsOf(wrong, wire)[0]).toContain("Harvest rejected the login");
    const noAccount = await call(sb.url, "/users/22/harvest_credential", {
      method: "POST",
      as: SYBIL,
      format: wire,
      body: encode(wire, "harvest_credential", { subdomain: "nowhere", email: "a@b.c", password: "x" }),
    });
    expect(noAccount.status).toBe(400);
    const missing = await call(sb.url, "/users/22/harvest_credential", {
      method: "POST",
      as: SYBIL,
      format: wire,
      body: encode(wire, "harvest_credential", { subdomain: "fawlty", email: "basil@fawltytowers.com" }),
    });
    expect(missing.status).toBe(400);
    expect(errorsOf(missing, wire)).toEqual(["Password can't be blank"]);

    const created = await call(sb.url, "/users/22/harvest_credential", {
      method: "POST",
      as: SYBIL,
      format: wire,
      body: login(SEED.harvest.admin.email, SEED.harvest.admin.password),
    });
    expect(created.status).toBe(201);
    expect(created.headers["location"]).toBe("/users/22/harvest_credential");
    const read = decode(await call(sb.url, "/users/22/harvest_credential", { as: SYBIL, format: wire }), wire);
    expect(read).toMatchObject({
      user_id: 22,
      subdomain: "fawlty",
      email: "basil@fawltytowers.com",
      created_at: "2024-05-01T12:00:00Z",
    });
  });

  it("§11.3 refuses a second credential, and another user's path", async () => {
    const again = await call(sb.url, "/users/21/harvest_credential", {
      method: "POST",
      as: BASIL,
      format: wire,
      body: login(SEED.harvest.admin.email, SEED.harvest.admin.password),
    });
    expect(again.status).toBe(400);
    expect(errorsOf(again, wire)[0]).toContain("already have a Harvest credential");
    const other = await call(sb.url, "/users/21/harvest_credential", {
      method: "POST",
      as: SYBIL,
      format: wire,
      body: login(SEED.harvest.admin.email, SEED.harvest.admin.password),
    });
    expect(other.status).toBe(404);
  });

  it("§11.4 updates after checking the login (200, Location)", async () => {
    const wrong = await call(sb.url, "/users/25/harvest_credential", {
      method: "PUT",
      as: POLLY,
      format: wire,
      body: login(SEED.harvest.nonAdmin.email, "nope"),
    });
    expect(wrong.status).toBe(400);
    const ok = await call(sb.url, "/users/25/harvest_credential", {
      method: "PUT",
      as: POLLY,
      format: wire,
      body: login(SEED.harvest.nonAdmin.email.toUpperCase(), SEED.harvest.nonAdmin.password),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers["location"]).toBe("/users/25/harvest_credential");
    expect(ok.text).toBe("");
    const none = await call(sb.url, "/users/22/harvest_credential", {
      method: "PUT",
      as: SYBIL,
      format: wire,
      body: login(SEED.harvest.admin.email, SEED.harvest.admin.password),
    });
    expect(none.status).toBe(404);
  });

  it("§11.5 deletes and unlinks: the user's DayEntries leave every feed; §11.3 links them again", async () => {
    const before = sb.control.statuses(25).filter((s) => s.type === "DayEntry" && s.userId === 25);
    expect(before.map((s) => s.id)).toEqual([1373078, 1372990, 200]);
    const deleted = await call(sb.url, "/users/25/harvest_credential", { method: "DELETE", as: POLLY, format: wire });
    expect(deleted.status).toBe(200);
    expect(sb.control.statuses(25).filter((s) => s.type === "DayEntry" && s.userId === 25)).toEqual([]);
    const statuses = decode(await call(sb.url, "/groups/25/statuses", { as: BASIL, format: wire }), wire) as Array<{
      type: string;
      user: { id: number };
    }>;
    expect(statuses.some((s) => s.type === "DayEntry" && s.user.id === 25)).toBe(false);
    expect(
      (decode(await call(sb.url, "/users/25", { as: POLLY, format: wire }), wire) as Record<string, unknown>)[
        "has_harvest_credential"
      ],
    ).toBe(false);
    expect(
      (await call(sb.url, "/users/25/harvest_credential", { method: "DELETE", as: POLLY, format: wire })).status,
    ).toBe(404);

    const relinked = await call(sb.url, "/users/25/harvest_credential", {
      method: "POST",
      as: POLLY,
      format: wire,
      body: login(SEED.harvest.nonAdmin.email, SEED.harvest.nonAdmin.password),
    });
    expect(relinked.status).toBe(201);
    expect(sb.control.statuses(25).filter((s) => s.type === "DayEntry" && s.userId === 25)).toHaveLength(3);
  });
});
