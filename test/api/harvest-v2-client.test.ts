/** The Harvest v2 client, every call and error, against the sandbox's v2 emulation over real HTTP. */
import { describe, expect, it } from "vitest";
import { HARVEST_USER_AGENT } from "../../main/app/user-agent";
import { ACTIVE_PROJECTS_HINT } from "../../sandbox/index";
import { SEED, useSandbox, value } from "./helpers";
import { ARGENTINA, FAWLTY, V2, v2Factories } from "./harvest-v2-helpers";

// 19 Nov 2008, 18:00 UTC: Polly's seed timer has run for 46 min 48 s.
const NOW = Date.UTC(2008, 10, 19, 18, 0, 0);
const env = useSandbox({ now: () => NOW });
const { v2, id } = v2Factories(env);
const requests = (path: string) =>
  env.sandbox.control.requests.filter((r) => r.service === "harvestV2" && r.path.endsWith(path));
const { clients } = SEED.harvest;

describe("identity and account", () => {
  it("lists the token's accounts from Harvest ID", async () => {
    const identity = value(await id().accounts());
    expect(identity.user).toEqual({ id: 7001, firstName: "Basil", lastName: "Fawlty", email: SEED.users.basil.email });
    expect(identity.accounts.filter((a) => a.product === "harvest").map((a) => a.id)).toEqual([FAWLTY, ARGENTINA]);
    expect(identity.accounts.map((a) => a.product)).toContain("forecast");
  });

  it("a wrong token is an auth error with Harvest's words, on Harvest ID and on the API", async () => {
    const refused = await id("7001.pt.wrong").accounts();
    expect(refused).toMatchObject({ ok: false, error: { kind: "auth" } });
    if (!refused.ok)
      expect(refused.error.message).toMatch(/refused the access token: The access token provided is expired, revoked/);
    expect(await v2("7001.pt.wrong").me()).toMatchObject({ ok: false, error: { kind: "auth" } });
    // A token that cannot reach the account is refused the same way.
    expect(await v2(V2.tokens.polly, ARGENTINA).me()).toMatchObject({
      ok: false,
      error: { kind: "auth", message: expect.stringMatching(/no access to Harvest account/) },
    });
  });

  it("refuses a blank token or account id before sending anything", async () => {
    expect(await id("  ").accounts()).toMatchObject({
      ok: false,
      error: { kind: "validation", message: expect.stringMatching(/token/) },
    });
    expect(await v2(V2.tokens.basil, 0).me()).toMatchObject({ ok: false, error: { kind: "validation" } });
    expect(await v2("two words").me()).toMatchObject({ ok: false, error: { kind: "validation" } });
    expect(env.sandbox.control.requests).toHaveLength(0);
  });

  it("sends a User-Agent with the app's name and a link (Harvest answers 400 without one)", async () => {
    expect(HARVEST_USER_AGENT).toMatch(/^Co-op Tray\/\S+ \(https?:\/\/\S+\)$/);
    expect(value(await v2().me())).toMatchObject({
      id: SEED.harvest.admin.id,
      email: SEED.harvest.admin.email,
      accessRoles: ["administrator"],
      timezone: "London",
    });
  });

  it("reads the company's timer mode and clock", async () => {
    expect(value(await v2().company())).toMatchObject({
      name: "Fawlty Towers",
      wantsTimestampTimers: false,
      clock: "24h",
    });
    expect(value(await v2(V2.tokens.basil, ARGENTINA).company())).toMatchObject({
      wantsTimestampTimers: true,
      clock: "12h",
    });
  });

  it("reads the user's project assignments, every page, with task ids", async () => {
    const assignments = value(await v2(V2.tokens.polly).myProjectAssignments({ perPage: 1 }));
    expect(assignments.map((a) => a.project.name).sort()).toEqual(["Gourmet Night", "Health Inspection"]);
    expect(requests("/users/me/project_assignments")).toHaveLength(2);
    const gourmet = assignments.find((a) => a.project.id === V2.projects.gourmetNight);
    expect(gourmet?.client).toEqual({ id: 1, name: "City of Torquay" });
    expect(gourmet?.tasks.map((t) => t.id)).toEqual([V2.tasks.putButter, V2.tasks.fetchLobster, V2.tasks.cookDuck]);
  });
});

describe("clients", () => {
  it("lists every client by following links.next, one page at a time", async () => {
    const all = value(await v2().listClients({ perPage: 2 }));
    expect(all.map((c) => c.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(requests("/clients")).toHaveLength(4);
    expect(requests("/clients")[0]?.query).toBe("per_page=2");
    expect(all.find((c) => c.id === 1)).toMatchObject({
      name: "City of Torquay",
      isActive: true,
      currency: "GBP",
      address: "Town Hall\nCastle Circus\nTorquay TQ1 3DR",
      createdAt: "2010-09-20T09:00:00.000Z",
    });
    expect(value(await v2().listClients()).length).toBe(7);
    expect(requests("/clients").at(-1)?.query).toBe("per_page=2000");
  });

  it("filters by is_active and updated_since (sent as ISO 8601 UTC)", async () => {
    expect(value(await v2().listClients({ isActive: false })).map((c) => c.id)).toEqual([clients.inactive]);
    const newer = value(await v2().listClients({ updatedSince: new Date("2010-09-25T18:00:00.500Z") }));
    // Harvest's datetimes have whole seconds: the half second is dropped, so the edge (5, at 18:00:00) is
    // included, which is the safe side for an incremental refresh.
    expect(newer.map((c) => c.id)).toEqual([7, 6, 5]);
    expect(requests("/clients").at(-1)?.query).toContain("updated_since=2010-09-25T18%3A00%3A00Z");
    expect(await v2().listClients({ updatedSince: "yesterday" })).toMatchObject({
      ok: false,
      error: { kind: "validation" },
    });
  });

  it("creates, reads, updates, archives and restores, and deletes", async () => {
    const client = v2();
    const created = value(await client.createClient({ name: "Your New Client", currency: "EUR" }));
    expect(created).toMatchObject({ name: "Your New Client", currency: "EUR", isActive: true, address: null });
    expect(value(await client.getClient(created.id))).toEqual(created);
    expect(value(await client.updateClient(created.id, { address: "1 Rue de Rivoli" }))).toMatchObject({
      name: "Your New Client",
      address: "1 Rue de Rivoli",
    });
    expect(value(await client.setClientActive(created.id, false)).isActive).toBe(false);
    expect(env.sandbox.control.clients("fawlty").find((c) => c.id === created.id)?.active).toBe(false);
    expect(value(await client.setClientActive(created.id, true)).isActive).toBe(true);
    expect(await client.deleteClient(created.id)).toEqual({ ok: true, value: undefined });
    expect(await client.getClient(created.id)).toMatchObject({ ok: false, error: { kind: "notFound" } });
  });

  it("a refused delete is a validation error carrying Harvest's message (422)", async () => {
    const refused = await v2().deleteClient(clients.cityOfTorquay);
    expect(refused).toMatchObject({ ok: false, error: { kind: "validation", status: 422, hint: null } });
    if (!refused.ok)
      expect(refused.error.message).toBe(
        "City of Torquay has projects associated with it and cannot be deleted. Archive it instead.",
      );
    expect(await v2().setClientActive(clients.cityOfTorquay, false)).toMatchObject({
      ok: false,
      error: { kind: "validation", message: ACTIVE_PROJECTS_HINT },
    });
    expect(await v2().createClient({ name: "Major Gowen" })).toMatchObject({
      ok: false,
      error: { kind: "validation", message: "Name has already been taken" },
    });
  });

  it("a member's 403 comes back with Harvest's reason", async () => {
    const refused = await v2(V2.tokens.polly).listClients();
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: "notFound", message: expect.stringMatching(/Administrator or Manager/) },
    });
  });

  it("checks ids and names before sending", async () => {
    const client = v2();
    for (const result of [
      await client.getClient(0),
      await client.updateClient(-1, { name: "x" }),
      await client.deleteClient(1.5),
      await client.createClient({ name: " " }),
      await client.listClients({ perPage: 2001 }),
    ]) {
      expect(result).toMatchObject({ ok: false, error: { kind: "validation", status: 0 } });
    }
    expect(env.sandbox.control.requests).toHaveLength(0);
  });
});

describe("contacts", () => {
  it("lists all or a client's, creates, updates and deletes", async () => {
    const client = v2();
    expect(
      value(await client.listContacts())
        .map((c) => c.id)
        .sort(),
    ).toEqual([401, 402, 403]);
    const ofClient = value(await client.listContacts({ clientId: clients.withContacts, perPage: 1 }));
    expect(ofClient.map((c) => c.id).sort()).toEqual([401, 402]);
    expect(ofClient.find((c) => c.id === 401)).toMatchObject({
      firstName: "Ursula",
      lastName: "Gatsby",
      client: { id: 4, name: "Miss Tibbs & Miss Gatsby" },
    });
    const made = value(
      await client.createContact({ clientId: clients.plain, firstName: "Terry", email: "terry@example.com" }),
    );
    expect(made).toMatchObject({
      firstName: "Terry",
      lastName: null,
      email: "terry@example.com",
      client: { id: clients.plain },
    });
    expect(value(await client.updateContact(made.id, { title: "Chef" }))).toMatchObject({
      title: "Chef",
      email: "terry@example.com",
    });
    expect(value(await client.getContact(made.id)).title).toBe("Chef");
    expect((await client.deleteContact(made.id)).ok).toBe(true);
    expect(await client.createContact({ clientId: 99, firstName: "Nobody" })).toMatchObject({
      ok: false,
      error: { kind: "validation", status: 422 },
    });
  });
});

describe("time entries and timers", () => {
  it("lists a user's day; finds the running timer", async () => {
    const polly = v2(V2.tokens.polly);
    const day = value(
      await polly.listTimeEntries({ userId: SEED.harvest.nonAdmin.id, from: "2008-11-19", to: "2008-11-19" }),
    );
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({
      id: V2.runningEntryId,
      spentDate: "2008-11-19",
      isRunning: true,
      hours: 23.69,
      hoursWithoutTimer: 22.91,
      timerStartedAt: "2008-11-19T17:13:12.000Z",
      notes: "Timer with a note",
      project: { id: V2.projects.gourmetNight, name: "Gourmet Night" },
      task: { id: V2.tasks.putButter, name: "Put butter on trays" },
      client: { id: 1, name: "City of Torquay" },
      user: { id: SEED.harvest.nonAdmin.id, name: "Polly Sherman" },
    });
    expect(value(await polly.runningTimeEntry(SEED.harvest.nonAdmin.id))?.id).toBe(V2.runningEntryId);
    expect(value(await v2().runningTimeEntry(SEED.harvest.admin.id))).toBeNull();
    expect(requests("/time_entries").at(-1)?.query).toContain("is_running=true");
    expect(await polly.listTimeEntries({ from: "19/11/2008" })).toMatchObject({
      ok: false,
      error: { kind: "validation", status: 0 },
    });
  });

  it("starts a timer (stopping the running one), edits notes, stops, restarts, deletes an entry", async () => {
    const polly = v2(V2.tokens.polly);
    const started = value(
      await polly.createTimeEntry({
        projectId: V2.projects.healthInspection,
        taskId: V2.tasks.hideRat,
        spentDate: "2008-11-19",
        notes: "Rat",
      }),
    );
    expect(started).toMatchObject({ isRunning: true, hours: 0, notes: "Rat", task: { name: "Hide the rat" } });
    expect(value(await polly.getTimeEntry(V2.runningEntryId)).isRunning).toBe(false);
    expect(value(await polly.updateTimeEntry(started.id, { notes: "Rat in the biscuit tin" })).notes).toBe(
      "Rat in the biscuit tin",
    );
    expect(value(await polly.stopTimeEntry(started.id)).isRunning).toBe(false);
    const again = await polly.stopTimeEntry(started.id);
    expect(again).toMatchObject({
      ok: false,
      error: { kind: "validation", status: 422, message: expect.stringMatching(/currently running/) },
    });
    const restarted = value(await polly.restartTimeEntry(started.id));
    expect(restarted).toMatchObject({ id: started.id, isRunning: true });
    expect(await polly.restartTimeEntry(started.id)).toMatchObject({
      ok: false,
      error: { kind: "validation", status: 422 },
    });
    const logged = value(
      await polly.createTimeEntry({
        projectId: V2.projects.gourmetNight,
        taskId: V2.tasks.cookDuck,
        spentDate: "2008-11-18",
        hours: 1.5,
      }),
    );
    expect(logged).toMatchObject({ isRunning: false, hours: 1.5 });
    expect((await polly.deleteTimeEntry(logged.id)).ok).toBe(true);
    expect(await polly.getTimeEntry(logged.id)).toMatchObject({ ok: false, error: { kind: "notFound" } });
  });

  it("on a timestamp account: start and end times come back, and restart gives a new id", async () => {
    const client = v2(V2.tokens.basil, ARGENTINA);
    const started = value(
      await client.createTimeEntry({
        projectId: V2.projects.paellaNight,
        taskId: V2.tasks.paella,
        spentDate: "2008-11-19",
      }),
    );
    expect(started).toMatchObject({ isRunning: true, startedTime: "4:00pm", endedTime: null });
    const stopped = value(await client.stopTimeEntry(started.id));
    expect(stopped.endedTime).toBe("4:00pm");
    const restarted = value(await client.restartTimeEntry(started.id));
    expect(restarted.id).not.toBe(started.id);
    expect(restarted.isRunning).toBe(true);
  });

  it("checks the entry before sending it", async () => {
    const client = v2();
    for (const result of [
      await client.createTimeEntry({ projectId: 0, taskId: 1, spentDate: "2008-11-19" }),
      await client.createTimeEntry({ projectId: 1, taskId: 1, spentDate: "today" }),
      await client.createTimeEntry({ projectId: 1, taskId: 1, spentDate: "2008-11-19", hours: -1 }),
      await client.stopTimeEntry(Number.MAX_SAFE_INTEGER + 2),
    ]) {
      expect(result).toMatchObject({ ok: false, error: { kind: "validation", status: 0 } });
    }
    expect(env.sandbox.control.requests).toHaveLength(0);
  });
});
