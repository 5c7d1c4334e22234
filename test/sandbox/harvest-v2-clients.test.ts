/** Harvest v2 clients and contacts on the sandbox: the same records v1 serves, PATCH is_active, delete rules, roles. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTIVE_PROJECTS_HINT, HARVEST_V2_SEED, SEED, start } from "../../sandbox/index";
import type { Sandbox } from "../../sandbox/index";
import { HARVEST_ADMIN, call, decode, unroot } from "./helpers";
import { FAWLTY, POLLY_TOKEN, v2 } from "./harvest-v2-helpers";

let sb: Sandbox;
const at = Date.UTC(2011, 0, 5, 12, 0, 0);

beforeAll(async () => {
  sb = await start({ port: 0, now: () => at });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => sb.control.reset());

const api = (path: string): string => `${sb.harvestV2ApiUrl}${path}`;
const clients = SEED.harvest.clients;

async function v1Client(id: number): Promise<Record<string, unknown> | null> {
  const answer = await call(`${sb.url}/harvest/fawlty`, `/clients/${id}`, { as: HARVEST_ADMIN, format: "json" });
  return answer.status === 200 ? (unroot(decode(answer, "json"), "client") as Record<string, unknown>) : null;
}

describe("clients", () => {
  it("shows v1's clients in v2's shape", async () => {
    const answer = await v2(api(`/clients/${clients.cityOfTorquay}`));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      id: 1,
      name: "City of Torquay",
      is_active: true,
      address: "Town Hall\nCastle Circus\nTorquay TQ1 3DR",
      currency: "GBP",
      created_at: "2010-09-20T09:00:00Z",
      updated_at: "2010-09-21T18:00:00Z",
    });
    expect(answer.json["statement_key"]).toMatch(/^[0-9a-f]{32}$/);
    expect((await v2(api("/clients/99"))).status).toBe(404);
  });

  it("refuses members with 403, on every client and contact call", async () => {
    for (const [method, path] of [
      ["GET", "/clients"],
      ["GET", "/clients/1"],
      ["POST", "/clients"],
      ["PATCH", "/clients/4"],
      ["DELETE", "/clients/6"],
      ["GET", "/contacts"],
      ["DELETE", "/contacts/401"],
    ] as const) {
      const answer = await v2(api(path), {
        method,
        token: POLLY_TOKEN,
        body: method === "POST" || method === "PATCH" ? { name: "X" } : undefined,
      });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.json.message).toMatch(/Administrator or Manager/);
    }
    expect(sb.control.clients("fawlty").map((c) => c.id)).toContain(6);
  });

  it("lets a manager with client_and_task_manager in", async () => {
    sb.control.harvestV2.setAccessRoles(FAWLTY, SEED.harvest.nonAdmin.id, ["manager", "client_and_task_manager"]);
    expect((await v2(api("/clients"), { token: POLLY_TOKEN })).status).toBe(200);
    sb.control.harvestV2.setAccessRoles(FAWLTY, SEED.harvest.nonAdmin.id, ["manager"]);
    expect((await v2(api("/clients"), { token: POLLY_TOKEN })).status).toBe(403);
  });

  it("creates with 201 and the object, which v1 then serves", async () => {
    const created = await v2(api("/clients"), {
      method: "POST",
      body: { name: "Your New Client", currency: "EUR", address: "1 Rue de Rivoli" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: "Your New Client",
      currency: "EUR",
      is_active: true,
      address: "1 Rue de Rivoli",
      created_at: "2011-01-05T12:00:00Z",
    });
    const id = created.json["id"] as number;
    expect(await v1Client(id)).toMatchObject({
      name: "Your New Client",
      currency: "Euro - EUR",
      currency_symbol: "€",
      details: "1 Rue de Rivoli",
      active: true,
    });
  });

  it("refuses a blank or taken name and an unknown currency with 422 and a message", async () => {
    for (const body of [{}, { name: "  " }, { name: "major gowen" }, { name: "New", currency: "XXX" }]) {
      const answer = await v2(api("/clients"), { method: "POST", body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.json.message).toMatch(/blank|taken|currency/i);
    }
  });

  it("PATCH changes only the fields sent; is_active archives and restores", async () => {
    const renamed = await v2(api(`/clients/${clients.plain}`), { method: "PATCH", body: { name: "Dr Abbott MD" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({
      id: clients.plain,
      name: "Dr Abbott MD",
      is_active: true,
      currency: "GBP",
      updated_at: "2011-01-05T12:00:00Z",
    });
    const archived = await v2(api(`/clients/${clients.plain}`), { method: "PATCH", body: { is_active: false } });
    expect(archived.json).toMatchObject({ name: "Dr Abbott MD", is_active: false });
    expect(sb.control.clients("fawlty").find((c) => c.id === clients.plain)?.active).toBe(false);
    const restored = await v2(api(`/clients/${clients.inactive}`), { method: "PATCH", body: { is_active: true } });
    expect(restored.json["is_active"]).toBe(true);
  });

  it("will not archive a client with active projects (v1's rule for the same account)", async () => {
    const answer = await v2(api(`/clients/${clients.cityOfTorquay}`), { method: "PATCH", body: { is_active: false } });
    expect(answer.status).toBe(422);
    expect(answer.json.message).toBe(ACTIVE_PROJECTS_HINT);
  });

  it("deletes only a client without projects, invoices or estimates (422 with the reason otherwise)", async () => {
    const cases: [number, RegExp][] = [
      [clients.cityOfTorquay, /projects/],
      [clients.rotaryClub, /projects/],
      [clients.withInvoices, /invoices/],
      [HARVEST_V2_SEED.clientWithEstimate, /estimates/],
    ];
    for (const [id, reason] of cases) {
      const answer = await v2(api(`/clients/${id}`), { method: "DELETE" });
      expect(answer.status).toBe(422);
      expect(answer.json.message).toMatch(reason);
      expect(answer.json.message).toMatch(/Archive it instead/);
    }
    const deleted = await v2(api(`/clients/${clients.plain}`), { method: "DELETE" });
    expect(deleted.status).toBe(200);
    // Harvest answers a delete with the deleted object, not an empty body (docs/harvest.md §7.3).
    expect(deleted.json).toMatchObject({ id: clients.plain, name: "Dr Abbott" });
    expect((await v2(api(`/clients/${clients.plain}`))).status).toBe(404);
    expect(await v1Client(clients.plain)).toBeNull();
  });

  it("lists by is_active and updated_since (ISO 8601; anything else is a 422)", async () => {
    const inactive = await v2(api("/clients?is_active=false"));
    expect((inactive.json["clients"] as { id: number }[]).map((c) => c.id)).toEqual([clients.inactive]);
    const since = await v2(api(`/clients?updated_since=${encodeURIComponent("2010-09-25T18:00:00Z")}`));
    expect((since.json["clients"] as { id: number }[]).map((c) => c.id)).toEqual([7, 6, 5]);
    expect((await v2(api("/clients?updated_since=2010-09-25+18%3A30"))).status).toBe(422);
  });
});

describe("contacts", () => {
  it("lists all or one client's, with the client nested", async () => {
    const all = await v2(api("/contacts"));
    expect((all.json["contacts"] as { id: number }[]).map((c) => c.id).sort()).toEqual([401, 402, 403]);
    const ofClient = await v2(api(`/contacts?client_id=${clients.withContacts}`));
    const list = ofClient.json["contacts"] as Record<string, unknown>[];
    expect(list.map((c) => c["id"]).sort()).toEqual([401, 402]);
    expect(list.find((c) => c["id"] === 401)).toMatchObject({
      first_name: "Ursula",
      last_name: "Gatsby",
      email: "gatsby@example.com",
      phone_office: "+44 1803 000001",
      client: { id: 4, name: "Miss Tibbs & Miss Gatsby" },
    });
  });

  it("creates with client_id and first_name only, updates and deletes", async () => {
    const created = await v2(api("/contacts"), {
      method: "POST",
      body: { client_id: clients.plain, first_name: "Terry" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      first_name: "Terry",
      last_name: "",
      client: { id: clients.plain, name: "Dr Abbott" },
    });
    const id = created.json["id"] as number;
    const updated = await v2(api(`/contacts/${id}`), {
      method: "PATCH",
      body: { title: "Chef", email: "terry@example.com" },
    });
    expect(updated.json).toMatchObject({ first_name: "Terry", title: "Chef", email: "terry@example.com" });
    expect((await v2(api(`/contacts/${id}`), { method: "DELETE" })).status).toBe(200);
    expect((await v2(api(`/contacts/${id}`))).status).toBe(404);
  });

  it("refuses a contact without client or first name with 422", async () => {
    expect((await v2(api("/contacts"), { method: "POST", body: { first_name: "Terry" } })).status).toBe(422);
    expect((await v2(api("/contacts"), { method: "POST", body: { client_id: clients.plain } })).status).toBe(422);
    expect((await v2(api("/contacts"), { method: "POST", body: { client_id: 99, first_name: "Terry" } })).status).toBe(
      422,
    );
  });
});

describe("faults reach v2 too", () => {
  it("an armed status500 answers the next v2 call", async () => {
    sb.control.fault({ kind: "status500", route: "/harvest-api/v2/clients" });
    expect((await v2(api("/clients"))).status).toBe(500);
    expect((await v2(api("/clients"))).status).toBe(200);
  });
});
