// Sections (§) are docs/coop-api.md's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { acceptInvitations } from "../server/helpers";
import { BASIL, MANUEL, POLLY, SYBIL, WIRES, call, decode, encode, idFromLocation } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start({ port: 0 });
});
afterAll(() => sb.close());
beforeEach(() => sb.control.reset());

const { fawltyTowers, argentina } = SEED.groups;

describe.each(WIRES)("Co-op groups (%s)", (wire) => {
  it("§5.2 lists the caller's groups with the fields and types of §5.1", async () => {
    const answer = await call(sb.url, "/groups", { as: BASIL, format: wire });
    expect(answer.status).toBe(200);
    const groups = decode(answer, wire) as Array<Record<string, unknown>>;
    expect(groups.map((g) => g["id"])).toEqual([25, 34]);
    expect(groups[0]).toEqual({
      id: 25,
      name: "Fawlty Towers",
      timezone: "London",
      updated_at: "2008-10-30T16:56:04-04:00",
      created_at: "2008-06-11T07:06:39-04:00",
      feed_key: "2515263847",
      memberships_count: 3,
      // This server's addition (§5.1, §14): it says who owns the group so clients can offer owner actions.
      owner_id: 21,
    });
    expect(groups[1]).toMatchObject({ id: 34, name: "Fawlty Towers - Argentina", timezone: "Buenos Aires" });
  });

  it("§5.2 shows only groups the user belongs to", async () => {
    const polly = decode(await call(sb.url, "/groups", { as: POLLY, format: wire }), wire) as Array<{ id: number }>;
    expect(polly.map((g) => g.id)).toEqual([25]);
    const manuel = decode(await call(sb.url, "/groups", { as: MANUEL, format: wire }), wire) as Array<{ id: number }>;
    expect(manuel.map((g) => g.id)).toEqual([34]);
  });

  it("§5.3 creates a group (201 + Location), invites members and accepts Kyev as Kyiv", async () => {
    const body = encode(wire, "group", {
      name: "Gourmet Night",
      timezone: "Kyev",
      member_emails: "sybil@fawltytowers.com, not-an-address, new@example.com",
    });
    const answer = await call(sb.url, "/groups", { method: "POST", as: BASIL, format: wire, body });
    expect(answer.status).toBe(201);
    const id = idFromLocation(answer.headers["location"]);
    expect(answer.headers["location"]).toBe(`/groups/${id}`);
    const group = sb.control.groups().find((g) => g.id === id);
    // Sybil has an account: she is invited, and joins when she accepts (docs/coop-api.md §8.4).
    expect(group).toEqual({ id, name: "Gourmet Night", timezone: "Kyiv", ownerId: 21, memberIds: [21] });
    expect(await acceptInvitations(sb.url, SYBIL)).toBe(1);
    expect(sb.control.groups().find((g) => g.id === id)?.memberIds).toEqual([21, 22]);
  });

  it("§5.3 accepts dashed element names and a bare (unrooted) JSON body (§3.2)", async () => {
    const body =
      wire === "xml"
        ? "<group><name>Dashed</name><timezone>Berlin</timezone><member-emails>polly@fawltytowers.com</member-emails></group>"
        : JSON.stringify({ name: "Dashed", timezone: "Berlin", "member-emails": "polly@fawltytowers.com" });
    const answer = await call(sb.url, "/groups", { method: "POST", as: BASIL, format: wire, body });
    expect(answer.status).toBe(201);
    expect(sb.control.groups().find((g) => g.name === "Dashed")?.memberIds).toEqual([21]);
    await acceptInvitations(sb.url, POLLY);
    expect(sb.control.groups().find((g) => g.name === "Dashed")?.memberIds).toEqual([21, 25]);
  });

  it("§5.3 refuses a time zone outside Co-op's list with 400 and a message", async () => {
    const answer = await call(sb.url, "/groups", {
      method: "POST",
      as: BASIL,
      format: wire,
      body: encode(wire, "group", { name: "X", timezone: "Europe/London" }),
    });
    expect(answer.status).toBe(400);
    expect(decode(answer, wire)).toEqual(
      wire === "json"
        ? { errors: [expect.stringContaining("Europe/London")] }
        : { error: expect.stringContaining("Europe/London") },
    );
    expect(sb.control.groups()).toHaveLength(2);
  });

  it("§5.3 refuses a blank name", async () => {
    const answer = await call(sb.url, "/groups", {
      method: "POST",
      as: BASIL,
      format: wire,
      body: encode(wire, "group", { name: " ", timezone: "London" }),
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("Name can't be blank");
  });

  it("§5.4 updates name and zone: 200, Location, empty body", async () => {
    const change = encode(wire, "group", { name: "Sybil's Hotel", timezone: "Tokyo" });
    const member = await call(sb.url, `/groups/${fawltyTowers.id}`, {
      method: "PUT",
      as: SYBIL,
      format: wire,
      body: change,
    });
    expect(member.status).toBe(400);
    expect(member.text).toContain("Only the group owner");
    expect(sb.control.groups()[0]).toMatchObject({ name: "Fawlty Towers", timezone: "London" });
    const answer = await call(sb.url, `/groups/${fawltyTowers.id}`, {
      method: "PUT",
      as: BASIL,
      format: wire,
      body: encode(wire, "group", { name: "Fawlty Towers Hotel", timezone: "Edinburgh" }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["location"]).toBe("/groups/25");
    expect(answer.text).toBe("");
    expect(answer.headers["cache-control"]).toBe("no-cache");
    expect(sb.control.groups()[0]).toMatchObject({ name: "Fawlty Towers Hotel", timezone: "Edinburgh" });
  });

  it("§5.4 refuses a bad zone and keeps the group unchanged", async () => {
    const answer = await call(sb.url, "/groups/25", {
      method: "PUT",
      as: BASIL,
      format: wire,
      body: encode(wire, "group", { name: "Renamed", timezone: "Mars" }),
    });
    expect(answer.status).toBe(400);
    expect(sb.control.groups()[0]).toMatchObject({ name: "Fawlty Towers", timezone: "London" });
  });

  it("§5.5 lets only the owner hand the group to a member", async () => {
    const bare =
      wire === "xml" ? "<new_group_owner_id>22</new_group_owner_id>" : JSON.stringify({ new_group_owner_id: 22 });
    const notOwner = await call(sb.url, "/groups/25/change_owner", {
      method: "PUT",
      as: POLLY,
      format: wire,
      body: bare,
    });
    expect(notOwner.status).toBe(400);
    expect(notOwner.text).toContain("Only the group owner");

    const notMember =
      wire === "xml"
        ? '<new-group-owner-id type="integer">24</new-group-owner-id>'
        : JSON.stringify({ new_group_owner_id: 24 });
    const refused = await call(sb.url, "/groups/25/change_owner", {
      method: "PUT",
      as: BASIL,
      format: wire,
      body: notMember,
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("must be a member");
    expect(sb.control.groups()[0]?.ownerId).toBe(21);

    const done = await call(sb.url, "/groups/25/change_owner", { method: "PUT", as: BASIL, format: wire, body: bare });
    expect(done.status).toBe(200);
    expect(done.headers["location"]).toBe("/groups/25");
    expect(sb.control.groups()[0]?.ownerId).toBe(22);
  });

  it("§5.6 deletes the group's notes but not the Harvest time entries", async () => {
    const notOwner = await call(sb.url, "/groups/25", { method: "DELETE", as: SYBIL, format: wire });
    expect(notOwner.status).toBe(400);
    const answer = await call(sb.url, "/groups/25", { method: "DELETE", as: BASIL, format: wire });
    expect(answer.status).toBe(200);
    expect(sb.control.groups().map((g) => g.id)).toEqual([34]);
    expect(sb.control.statuses(25)).toEqual([]);
    // Basil's time entry still shows in the other group's feed: it lives in Harvest.
    expect(
      sb.control
        .statuses(34)
        .filter((s) => s.type === "DayEntry")
        .map((s) => s.id),
    ).toEqual([1372995]);
    const gone = await call(sb.url, "/groups/25/statuses", { as: BASIL, format: wire });
    expect(gone.status).toBe(404);
  });

  it("§7.2 lists members with the fields of §7.1", async () => {
    const answer = await call(sb.url, `/groups/${argentina.id}/users`, { as: MANUEL, format: wire });
    expect(answer.status).toBe(200);
    const users = decode(answer, wire) as Array<Record<string, unknown>>;
    expect(users.map((u) => u["id"])).toEqual([21, 22, 24]);
    expect(users[2]).toEqual({
      id: 24,
      first_name: "Manuel",
      last_name: "",
      email: "manuel@fawltytowers.com",
      city: "Barcelona",
      avatar_thumb_url: "http://coopapp.com/uploads/avatars/24/thumb/que.png?1233862108",
      updated_at: "2009-02-05T11:28:28-08:00",
      membership_id: expect.any(Number),
    });
    const polly = decode(await call(sb.url, "/groups/25/users", { as: POLLY, format: wire }), wire) as Array<
      Record<string, unknown>
    >;
    expect(polly.find((u) => u["id"] === 25)?.["city"]).toBeNull();
  });

  it("group calls for a group the user is not in answer 404", async () => {
    for (const path of [
      "/groups/34/users",
      "/groups/34/statuses",
      "/groups/34",
      "/groups/34/agenda",
      "/groups/999/statuses",
    ]) {
      const answer = await call(sb.url, path, { as: POLLY, format: wire });
      expect(answer.status, path).toBe(404);
    }
  });
});
