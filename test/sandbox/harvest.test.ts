// Sections (§) are docs/harvest.md's: v1's calls in §4.2, the sandbox's v1 in §7.2.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTIVE_PROJECTS_HINT, SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { HARVEST_ADMIN, HARVEST_USER, WIRES, call, decode, encode, errorsOf, idFromLocation, unroot } from "./helpers";
import type { Answer, Wire } from "./helpers";

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

const base = (): string => sb.harvestUrlTemplate.replace("{subdomain}", SEED.harvest.subdomain);
const { clients } = SEED.harvest;

/** Harvest JSON is rooted; XML is read unrooted: compare the two as one value. */
function value(answer: Answer, wire: Wire, root: string): unknown {
  const decoded = decode(answer, wire);
  return wire === "json" ? unroot(decoded, root) : decoded;
}

describe.each(WIRES)("Harvest account calls (%s)", (wire) => {
  it("who_am_i answers company and user (a <hash> in XML)", async () => {
    const answer = await call(base(), "/account/who_am_i", { as: HARVEST_ADMIN, format: wire });
    expect(answer.status).toBe(200);
    if (wire === "xml") expect(answer.text).toMatch(/<hash>\s*<company>/);
    const whoami = decode(answer, wire) as { company: Record<string, unknown>; user: Record<string, unknown> };
    expect(whoami.company).toMatchObject({
      base_uri: base(),
      full_domain: "fawlty.harvestapp.com",
      name: "Fawlty Towers",
      active: true,
      week_start_day: "Monday",
      time_format: "decimal",
      clock: "24h",
    });
    expect(whoami.company["modules"]).toEqual({ expenses: true, invoices: true, estimates: false, approval: false });
    expect(whoami.user).toMatchObject({
      id: 50001,
      email: "basil@fawltytowers.com",
      first_name: "Basil",
      last_name: "Fawlty",
      admin: true,
      timezone: "London",
      timezone_utc_offset: 3600,
      timestamp_timers: false,
    });
    const polly = decode(await call(base(), "/account/who_am_i", { as: HARVEST_USER, format: wire }), wire) as {
      user: Record<string, unknown>;
    };
    expect(polly.user).toMatchObject({ id: 50002, admin: false });
  });

  it("a wrong password, no login, or an unknown account is refused", async () => {
    expect(
      (await call(base(), "/account/who_am_i", { as: [SEED.harvest.admin.email, "fawltytowers"], format: wire }))
        .status,
    ).toBe(401);
    const anonymous = await call(base(), "/account/who_am_i", { format: wire });
    expect(anonymous.status).toBe(401);
    expect(errorsOf(anonymous, wire)[0]).toContain("Authentication failed");
    expect((await call(sb.url, "/harvest/nowhere/account/who_am_i", { as: HARVEST_ADMIN, format: wire })).status).toBe(
      404,
    );
  });

  it("rate_limit_status is flat, tells the truth and does not count itself", async () => {
    await call(base(), "/clients", { as: HARVEST_ADMIN, format: wire });
    clock += 1500;
    const answer = await call(base(), "/account/rate_limit_status", { as: HARVEST_ADMIN, format: wire });
    expect(answer.status).toBe(200);
    if (wire === "xml") expect(answer.text).toContain("<hash>");
    expect(decode(answer, wire)).toEqual({
      last_access_at: "2024-05-01T12:00:01Z",
      count: 1,
      timeframe_limit: 15,
      max_calls: 100,
      lockout_seconds: 15,
    });
  });
});

describe.each(WIRES)("Harvest clients (%s)", (wire) => {
  it("§4.2 lists every client with the documented fields", async () => {
    const answer = await call(base(), "/clients", { as: HARVEST_ADMIN, format: wire });
    expect(answer.status).toBe(200);
    if (wire === "xml") expect(answer.text).toContain('<clients type="array">');
    const list = value(answer, wire, "client") as Array<Record<string, unknown>>;
    expect(list.map((c) => c["id"])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(list[0]).toEqual({
      id: 1,
      name: "City of Torquay",
      active: true,
      currency: "British Pound - GBP",
      currency_symbol: "£",
      details: "Town Hall\nCastle Circus\nTorquay TQ1 3DR",
      highrise_id: 4711,
      cache_version: 0,
      default_invoice_timeframe: "20100101,20101231",
      last_invoice_kind: "task",
      created_at: "2010-09-20T09:00:00Z",
      updated_at: "2010-09-21T18:00:00Z",
    });
    expect(list[1]).toMatchObject({ highrise_id: null, details: null });
    expect(list.find((c) => c["id"] === clients.inactive)?.["active"]).toBe(false);
    expect(list.find((c) => c["id"] === clients.withContacts)?.["name"]).toBe("Miss Tibbs & Miss Gatsby");
  });

  it("§4.2 filters clients by updated_since (UTC, minutes)", async () => {
    const answer = await call(base(), "/clients?updated_since=2010-09-25+18%3A30", { as: HARVEST_ADMIN, format: wire });
    expect((value(answer, wire, "client") as Array<{ id: number }>).map((c) => c.id)).toEqual([6, 7]);
    const bad = await call(base(), "/clients?updated_since=yesterday", { as: HARVEST_ADMIN, format: wire });
    expect(bad.status).toBe(400);
  });

  it("§4.2 shows one client; 404 when unknown", async () => {
    const answer = await call(base(), "/clients/5", { as: HARVEST_ADMIN, format: wire });
    expect(value(answer, wire, "client")).toMatchObject({
      id: 5,
      name: "O'Reilly Builders",
      details: '"Never on time"',
    });
    expect((await call(base(), "/clients/99", { as: HARVEST_ADMIN, format: wire })).status).toBe(404);
  });

  it("§4.2 creates a client (201 + Location); name required and unique", async () => {
    const answer = await call(base(), "/clients", {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "client", { name: "Mrs Richards", details: "Room 6\nHard of hearing", highrise_id: 12 }),
    });
    expect(answer.status).toBe(201);
    const id = idFromLocation(answer.headers["location"]);
    expect(answer.headers["location"]).toBe(`/clients/${id}`);
    const created = value(await call(base(), `/clients/${id}`, { as: HARVEST_ADMIN, format: wire }), wire, "client");
    expect(created).toMatchObject({
      id,
      name: "Mrs Richards",
      details: "Room 6\nHard of hearing",
      highrise_id: 12,
      active: true,
      created_at: "2024-05-01T12:00:00Z",
    });

    const blank = await call(base(), "/clients", {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "client", { details: "no name" }),
    });
    expect(blank.status).toBe(400);
    expect(errorsOf(blank, wire)).toEqual(["Name can't be blank"]);
    const duplicate = await call(base(), "/clients", {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "client", { name: "city of torquay" }),
    });
    expect(duplicate.status).toBe(400);
    expect(errorsOf(duplicate, wire)).toEqual(["Name has already been taken"]);
    const badNumber = await call(base(), "/clients", {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "client", { name: "Ok", highrise_id: "twelve" }),
    });
    expect(badNumber.status).toBe(400);
    expect(sb.control.clients("fawlty")).toHaveLength(8);
  });

  it("§4.2 updates part of a client (200 + Location) and ignores active", async () => {
    clock += 60_000;
    const body =
      wire === "xml"
        ? '<client><details>Moved</details><active type="boolean">false</active><highrise-id type="integer" nil="true"/></client>'
        : JSON.stringify({ client: { details: "Moved", active: false, highrise_id: null } });
    const answer = await call(base(), "/clients/1", { method: "PUT", as: HARVEST_ADMIN, format: wire, body });
    expect(answer.status).toBe(200);
    expect(answer.headers["location"]).toBe("/clients/1");
    const updated = value(await call(base(), "/clients/1", { as: HARVEST_ADMIN, format: wire }), wire, "client");
    expect(updated).toMatchObject({
      name: "City of Torquay",
      details: "Moved",
      active: true,
      highrise_id: null,
      cache_version: 1,
      updated_at: "2024-05-01T12:01:00Z",
    });
    const clash = await call(base(), "/clients/2", {
      method: "PUT",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "client", { name: "Major Gowen" }),
    });
    expect(clash.status).toBe(400);
  });

  it("§7.2 toggles a client; one with active projects gets 400 and a Hint header", async () => {
    const refused = await call(base(), `/clients/${clients.cityOfTorquay}/toggle`, {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
    });
    expect(refused.status).toBe(400);
    expect(refused.headers["hint"]).toBe(ACTIVE_PROJECTS_HINT);
    expect(sb.control.clients("fawlty").find((c) => c.id === clients.cityOfTorquay)?.active).toBe(true);

    const toggled = await call(base(), `/clients/${clients.rotaryClub}/toggle`, {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
    });
    expect(toggled.status).toBe(200);
    expect(toggled.headers["location"]).toBe(`/clients/${clients.rotaryClub}`);
    expect(sb.control.clients("fawlty").find((c) => c.id === clients.rotaryClub)?.active).toBe(false);
    await call(base(), `/clients/${clients.inactive}/toggle`, { method: "POST", as: HARVEST_ADMIN, format: wire });
    expect(sb.control.clients("fawlty").find((c) => c.id === clients.inactive)?.active).toBe(true);
  });

  it("§4.2 deletes a plain client; one with projects or invoices is kept with a 400", async () => {
    for (const id of [clients.cityOfTorquay, clients.rotaryClub, clients.withInvoices]) {
      const refused = await call(base(), `/clients/${id}`, { method: "DELETE", as: HARVEST_ADMIN, format: wire });
      expect(refused.status, `client ${id}`).toBe(400);
      expect(errorsOf(refused, wire)[0]).toContain("cannot be deleted");
    }
    const deleted = await call(base(), `/clients/${clients.plain}`, {
      method: "DELETE",
      as: HARVEST_ADMIN,
      format: wire,
    });
    expect(deleted.status).toBe(200);
    expect(sb.control.clients("fawlty").map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it("a non-admin cannot see or manage clients or contacts (404)", async () => {
    for (const [method, path] of [
      ["GET", "/clients"],
      ["GET", "/clients/1"],
      ["POST", "/clients"],
      ["PUT", "/clients/4"],
      ["POST", "/clients/4/toggle"],
      ["DELETE", "/clients/6"],
      ["GET", "/contacts"],
      ["DELETE", "/contacts/401"],
    ] as const) {
      const answer = await call(base(), path, {
        method,
        as: HARVEST_USER,
        format: wire,
        body: method === "POST" || method === "PUT" ? encode(wire, "client", { name: "Polly's client" }) : undefined,
      });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    expect(sb.control.clients("fawlty")).toHaveLength(7);
  });
});

describe.each(WIRES)("Harvest contacts (%s)", (wire) => {
  it("§4.2 lists all contacts, and one client's; both take updated_since", async () => {
    const all = value(await call(base(), "/contacts", { as: HARVEST_ADMIN, format: wire }), wire, "contact") as Array<
      Record<string, unknown>
    >;
    expect(all.map((c) => c["id"])).toEqual([401, 402, 403]);
    expect(all[1]).toEqual({
      id: 402,
      client_id: 4,
      first_name: "Abitha",
      last_name: "Tibbs",
      email: null,
      title: "Resident",
      phone_office: null,
      phone_mobile: null,
      fax: null,
      created_at: "2010-09-20T09:00:00Z",
      updated_at: "2010-09-26T18:00:00Z",
    });
    const ofClient = value(
      await call(base(), "/clients/4/contacts", { as: HARVEST_ADMIN, format: wire }),
      wire,
      "contact",
    ) as Array<{ id: number }>;
    expect(ofClient.map((c) => c.id)).toEqual([401, 402]);
    const recent = value(
      await call(base(), "/clients/4/contacts?updated_since=2010-09-25%2000%3A00", { as: HARVEST_ADMIN, format: wire }),
      wire,
      "contact",
    ) as Array<{ id: number }>;
    expect(recent.map((c) => c.id)).toEqual([402]);
    const empty = await call(base(), "/clients/6/contacts", { as: HARVEST_ADMIN, format: wire });
    expect(value(empty, wire, "contact")).toEqual([]);
    if (wire === "xml") expect(empty.text).toContain('<contacts type="array"/>');
  });

  it("§4.2 contacts: show, create (client, first and last name required), update, delete", async () => {
    expect(
      value(await call(base(), "/contacts/403", { as: HARVEST_ADMIN, format: wire }), wire, "contact"),
    ).toMatchObject({ id: 403, client_id: 1, title: "Town Clerk" });
    const missing = await call(base(), "/contacts", {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "contact", { client_id: 5, first_name: "Terry" }),
    });
    expect(missing.status).toBe(400);
    expect(errorsOf(missing, wire)).toEqual(["Last name can't be blank"]);
    const noClient = await call(base(), "/contacts", {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "contact", { client_id: 99, first_name: "Terry", last_name: "Hughes" }),
    });
    expect(noClient.status).toBe(400);

    const created = await call(base(), "/contacts", {
      method: "POST",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "contact", {
        client_id: 5,
        first_name: "Terry",
        last_name: "Hughes",
        email: "chef@example.com",
      }),
    });
    expect(created.status).toBe(201);
    const id = idFromLocation(created.headers["location"]);
    expect(created.headers["location"]).toBe(`/contacts/${id}`);
    const updated = await call(base(), `/contacts/${id}`, {
      method: "PUT",
      as: HARVEST_ADMIN,
      format: wire,
      body: encode(wire, "contact", { title: "Chef", phone_mobile: "07700 900000" }),
    });
    expect(updated.status).toBe(200);
    expect(
      value(await call(base(), `/contacts/${id}`, { as: HARVEST_ADMIN, format: wire }), wire, "contact"),
    ).toMatchObject({
      first_name: "Terry",
      last_name: "Hughes",
      email: "chef@example.com",
      title: "Chef",
      phone_mobile: "07700 900000",
      client_id: 5,
    });
    expect((await call(base(), `/contacts/${id}`, { method: "DELETE", as: HARVEST_ADMIN, format: wire })).status).toBe(
      200,
    );
    expect((await call(base(), `/contacts/${id}`, { as: HARVEST_ADMIN, format: wire })).status).toBe(404);
  });
});
