import { afterEach, describe, expect, it } from "vitest";
import type { ApiFactory, HarvestClient } from "@coop-tray/protocol";
import type { HarvestLogin, WireFormat } from "@coop-tray/protocol/models";
import { ACTIVE_PROJECTS_HINT } from "../../sandbox/index";
import { factoryFor, harvestAdmin, SEED, useSandbox, value } from "./helpers";

const env = useSandbox();
let factories: ApiFactory[] = [];
afterEach(async () => {
  await Promise.all(factories.map((factory) => factory.close()));
  factories = [];
});

function harvest(format: WireFormat, login: HarvestLogin = harvestAdmin): HarvestClient {
  const factory = factoryFor(env.sandbox);
  factories.push(factory);
  return factory.harvest(login, format);
}

const { clients } = SEED.harvest;

describe("Harvest reads give equal models in XML and JSON", () => {
  const reads: Array<[string, (client: HarvestClient) => Promise<unknown>]> = [
    ["who am I", (c) => c.whoAmI()],
    ["clients", (c) => c.listClients()],
    ["one client", (c) => c.getClient(clients.cityOfTorquay)],
    ["contacts", (c) => c.listContacts()],
    ["a client's contacts", (c) => c.listContacts({ clientId: clients.withContacts })],
    ["one contact", (c) => c.getContact(401)],
  ];
  it.each(reads)("%s", async (_name, read) => {
    const fromXml = await read(harvest("xml"));
    expect(fromXml).toMatchObject({ ok: true });
    expect(await read(harvest("json"))).toEqual(fromXml);
  });

  it("rate limit status in both formats, and the governor learns from it", async () => {
    const xml = value(await harvest("xml").rateLimitStatus());
    const json = value(await harvest("json").rateLimitStatus());
    expect(xml).toMatchObject({ maxCalls: 100, timeframeLimit: 15 });
    expect({ ...json, count: 0, lastAccessAt: null }).toEqual({ ...xml, count: 0, lastAccessAt: null });
  });

  it("who am I carries the admin flag and the zone", async () => {
    const me = value(await harvest("json").whoAmI());
    expect(me.user).toMatchObject({ id: SEED.harvest.admin.id, email: SEED.harvest.admin.email, admin: true });
    const polly = value(
      await harvest("xml", {
        subdomain: "fawlty",
        email: SEED.harvest.nonAdmin.email,
        password: SEED.harvest.nonAdmin.password,
      }).whoAmI(),
    );
    expect(polly.user.admin).toBe(false);
  });

  it("sends updated_since as UTC YYYY-MM-DD HH:MM and gets only newer clients", async () => {
    const client = harvest("xml");
    const all = value(await client.listClients());
    const cutoff = new Date("2010-09-22T00:00:00Z");
    const newer = value(await client.listClients({ updatedSince: cutoff }));
    expect(newer.length).toBeGreaterThan(0);
    expect(newer.length).toBeLessThan(all.length);
    for (const c of newer) expect(Date.parse(c.updatedAt ?? "")).toBeGreaterThanOrEqual(cutoff.getTime());
    const sent = env.sandbox.control.requests.filter((r) => r.path.endsWith("/clients") && r.query !== "");
    expect(sent.at(-1)?.query).toMatch(/updated_since=2010-09-22(\+|%20)00%3A00/);
  });
});

describe("Harvest writes", () => {
  for (const format of ["xml", "json"] as const) {
    it(`creates a client (id from Location), updates, toggles and deletes it (${format})`, async () => {
      const client = harvest(format);
      const id = value(
        await client.createClient({
          name: `Torbay Catering ${format}`,
          details: "Room 5\nTorquay",
          currency: "British Pound - GBP",
        }),
      );
      expect(env.sandbox.control.clients("fawlty").find((c) => c.id === id)).toMatchObject({
        name: `Torbay Catering ${format}`,
        active: true,
      });
      value(await client.updateClient(id, { details: "Room 6" }));
      expect(value(await client.getClient(id))).toMatchObject({
        id,
        name: `Torbay Catering ${format}`,
        details: "Room 6",
        currency: "British Pound - GBP",
      });
      value(await client.toggleClient(id));
      expect(value(await client.getClient(id)).active).toBe(false);
      value(await client.deleteClient(id));
      expect(await client.getClient(id)).toMatchObject({ ok: false, error: { kind: "notFound" } });
    });

    it(`manages contacts (${format})`, async () => {
      const client = harvest(format);
      const id = value(
        await client.createContact({
          clientId: clients.plain,
          firstName: "Terry",
          lastName: "Hughes",
          email: "terry@example.com",
        }),
      );
      value(await client.updateContact(id, { title: "Chef" }));
      expect(value(await client.getContact(id))).toMatchObject({
        id,
        clientId: clients.plain,
        firstName: "Terry",
        lastName: "Hughes",
        title: "Chef",
        email: "terry@example.com",
      });
      value(await client.deleteContact(id));
      expect(await client.getContact(id)).toMatchObject({ ok: false, error: { kind: "notFound" } });
    });
  }
});

describe("Harvest errors are values of the union", () => {
  it("validation with the server's message and the Hint header", async () => {
    for (const format of ["xml", "json"] as const) {
      const result = await harvest(format).toggleClient(clients.cityOfTorquay);
      expect(result).toEqual({
        ok: false,
        error: {
          kind: "validation",
          status: 400,
          message: "The client has active projects and cannot be archived",
          hint: ACTIVE_PROJECTS_HINT,
        },
      });
    }
  });

  it("validation without a Hint: deleting a client with invoices; a duplicate name", async () => {
    const client = harvest("json");
    const deleted = await client.deleteClient(clients.withInvoices);
    expect(deleted).toMatchObject({ ok: false, error: { kind: "validation", status: 400, hint: null } });
    if (!deleted.ok) expect(deleted.error.message).toMatch(/invoice/);
    const duplicate = await client.createClient({ name: "City of Torquay" });
    expect(duplicate).toMatchObject({
      ok: false,
      error: { kind: "validation", message: "Name has already been taken" },
    });
  });

  it("notFound for a role that may not see clients, with the server's reason", async () => {
    const polly = harvest("xml", {
      subdomain: "fawlty",
      email: SEED.harvest.nonAdmin.email,
      password: SEED.harvest.nonAdmin.password,
    });
    const result = await polly.listClients();
    expect(result).toMatchObject({ ok: false, error: { kind: "notFound" } });
    if (!result.ok) expect(result.error.message).toContain("only account administrators");
  });

  it("auth for a wrong password, and the password never appears in the error", async () => {
    const result = await harvest("json", { ...harvestAdmin, password: "manuel-knows-nothing" }).listClients();
    expect(result).toMatchObject({ ok: false, error: { kind: "auth" } });
    expect(JSON.stringify(result)).not.toContain("manuel-knows-nothing");
  });

  it("an unknown account is notFound or auth, never a throw", async () => {
    const result = await harvest("xml", { subdomain: "nosuchhotel", email: "a@b.c", password: "x" }).whoAmI();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(["notFound", "auth"]).toContain(result.error.kind);
  });
});
