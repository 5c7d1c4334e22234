import { afterEach, describe, expect, it } from "vitest";
import type { ApiFactory, CoopClient } from "@coop-tray/protocol";
import type { Status, WireFormat } from "@coop-tray/protocol/models";
import { basil, factoryFor, SEED, useSandbox, value } from "./helpers";
import { SAMPLE_NOTE } from "./docs-sample";

const env = useSandbox();
let factories: ApiFactory[] = [];
afterEach(async () => {
  await Promise.all(factories.map((factory) => factory.close()));
  factories = [];
});

function coop(format: WireFormat, login = basil): CoopClient {
  const factory = factoryFor(env.sandbox);
  factories.push(factory);
  return factory.coop({ serverUrl: env.sandbox.url, ...login }, format);
}

const { fawltyTowers, argentina } = SEED.groups;

describe("Co-op reads give equal models in XML and JSON (ISO and slash dates)", () => {
  const reads: Array<[string, (client: CoopClient) => Promise<unknown>]> = [
    ["groups", (c) => c.listGroups()],
    ["members", (c) => c.listMembers(fawltyTowers.id)],
    [
      "latest statuses",
      (c) => c.latestStatuses(fawltyTowers.id).then((r) => (r.ok ? { ok: true, value: r.value.value } : r)),
    ],
    ["statuses of a day", (c) => c.statusesOfDay(fawltyTowers.id, SEED.statuses.latestDay)],
    ["a member's statuses", (c) => c.memberStatuses(fawltyTowers.id, SEED.users.polly.id, null)],
    [
      "a member's statuses of a day",
      (c) => c.memberStatuses(fawltyTowers.id, SEED.users.polly.id, SEED.statuses.latestDay),
    ],
    ["one status", (c) => c.getStatus(SEED.statuses.noteId)],
    ["group agenda", (c) => c.groupAgenda(fawltyTowers.id)],
    ["user agendas", (c) => c.userAgendas(fawltyTowers.id)],
    ["my agenda", (c) => c.myAgenda(fawltyTowers.id)],
    ["a user", (c) => c.getUser(SEED.users.basil.id)],
    ["who am I", (c) => c.whoAmI()],
    ["Harvest credential", (c) => c.getHarvestCredential(SEED.users.basil.id)],
  ];
  it.each(reads)("%s", async (_name, read) => {
    const fromXml = await read(coop("xml"));
    expect(fromXml).toMatchObject({ ok: true });
    const fromIsoJson = await read(coop("json"));
    env.sandbox.control.setJsonDates("slash");
    const fromSlashJson = await read(coop("json"));
    expect(fromIsoJson).toEqual(fromXml);
    expect(fromSlashJson).toEqual(fromXml);
  });

  it("the seed feed decodes to the original Co-op docs' sample values", async () => {
    for (const format of ["xml", "json"] as const) {
      const feed = value(await coop(format).latestStatuses(fawltyTowers.id));
      const statuses = feed.value ?? [];
      expect(statuses.length).toBeLessThanOrEqual(50);
      expect(feed.etag).not.toBeNull();
      const note = statuses.find((s) => s.type === "Note" && s.id === SEED.statuses.noteId);
      const entry = statuses.find((s) => s.type === "DayEntry" && s.id === SEED.statuses.dayEntryId);
      expect(note).toEqual(SAMPLE_NOTE);
      expect(entry).toMatchObject({
        type: "DayEntry",
        hours: 22.91,
        client: "City of Torquay",
        project: "Gourmet Night",
        spentAt: "2008-11-19",
        timerStartedAt: "2008-11-19T17:13:12.000Z",
        user: { id: 25, name: "Polly Sherman" },
      });
      // Newest first.
      const times = statuses.map((s) => s.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
    }
  });

  it("keeps a Note and a DayEntry that share an id apart", async () => {
    const everything: Status[] = [];
    for (const day of ["2008-11-16", "2008-11-17", "2008-11-18", "2008-11-19"])
      everything.push(...value(await coop("json").statusesOfDay(fawltyTowers.id, day)));
    const colliding = everything.filter((s) => s.id === SEED.statuses.collidingId);
    expect(new Set(colliding.map((s) => s.type))).toEqual(new Set(["Note", "DayEntry"]));
  });

  it("answers a conditional GET with not-modified when nothing changed", async () => {
    const client = coop("xml");
    const first = value(await client.latestStatuses(fawltyTowers.id));
    const again = value(await client.latestStatuses(fawltyTowers.id, { ifNoneMatch: first.etag }));
    expect(again).toEqual({ modified: false, value: null, etag: first.etag });
  });

  it("finds who I am by my email among group members, and says so when it cannot", async () => {
    expect(value(await coop("json").whoAmI())).toMatchObject({
      id: SEED.users.basil.id,
      email: SEED.users.basil.email,
    });
    const manuel = coop("xml", { email: SEED.users.manuel.email.toUpperCase(), password: SEED.password });
    expect(value(await manuel.whoAmI()).id).toBe(SEED.users.manuel.id);
  });
});

describe("Co-op writes", () => {
  for (const format of ["xml", "json"] as const) {
    it(`posts a note and reads it back (${format})`, async () => {
      const client = coop(format);
      const id = value(await client.postNote(argentina.id, `Manuel, <que?> & "why" ${format}`));
      const status = value(await client.getStatus(id));
      expect(status).toMatchObject({
        type: "Note",
        id,
        groupId: argentina.id,
        text: `Manuel, <que?> & "why" ${format}`,
        user: { id: SEED.users.basil.id },
      });
      expect(env.sandbox.control.statuses(argentina.id)[0]).toMatchObject({ type: "Note", id });
    });

    it(`creates, renames, hands over and deletes a group (${format})`, async () => {
      const client = coop(format);
      const id = value(
        await client.createGroup({ name: "Kitchen", timezone: "Kyev", memberEmails: [SEED.users.manuel.email] }),
      );
      expect(env.sandbox.control.groups().find((g) => g.id === id)).toMatchObject({
        name: "Kitchen",
        timezone: "Kyiv",
      });
      value(await client.updateGroup(id, { name: "Kitchen staff", timezone: "Buenos Aires" }));
      expect(value(await client.listGroups()).find((g) => g.id === id)).toMatchObject({
        name: "Kitchen staff",
        timezone: "Buenos Aires",
      });
      const refused = await client.changeGroupOwner(id, SEED.users.polly.id);
      expect(refused).toMatchObject({
        ok: false,
        error: { kind: "validation", status: 400, message: "The new owner must be a member of the group" },
      });
      value(await client.deleteGroup(id));
      expect(env.sandbox.control.groups().some((g) => g.id === id)).toBe(false);
    });

    it(`updates agendas (${format})`, async () => {
      const client = coop(format);
      value(await client.updateGroupAgenda(fawltyTowers.id, "* Rats\n* Moose"));
      value(await client.updateMyAgenda(fawltyTowers.id, "Hide the rat"));
      expect(value(await client.groupAgenda(fawltyTowers.id))).toMatchObject({
        groupId: fawltyTowers.id,
        agenda: "* Rats\n* Moose",
      });
      expect(value(await client.groupAgenda(fawltyTowers.id)).agendaHtml).toContain("<li>");
      expect(value(await client.myAgenda(fawltyTowers.id))).toMatchObject({
        userId: SEED.users.basil.id,
        agenda: "Hide the rat",
      });
    });

    it(`manages the Harvest credential, never reading the password back (${format})`, async () => {
      const client = coop(format);
      const userId = SEED.users.basil.id;
      value(await client.deleteHarvestCredential(userId));
      expect(value(await client.getHarvestCredential(userId))).toBeNull();
      const wrong = await client.createHarvestCredential(userId, {
        subdomain: "fawlty",
        email: SEED.harvest.admin.email,
        password: "wrong",
      });
      expect(wrong).toMatchObject({
        ok: false,
        error: { kind: "validation", message: "Harvest rejected the login: the email or password is wrong" },
      });
      value(
        await client.createHarvestCredential(userId, {
          subdomain: "fawlty",
          email: SEED.harvest.admin.email,
          password: SEED.harvest.admin.password,
        }),
      );
      value(
        await client.updateHarvestCredential(userId, {
          subdomain: "fawlty",
          email: SEED.harvest.admin.email,
          password: SEED.harvest.admin.password,
        }),
      );
      const credential = value(await client.getHarvestCredential(userId));
      expect(credential).toMatchObject({ subdomain: "fawlty", email: SEED.harvest.admin.email, userId });
      expect(JSON.stringify(credential)).not.toContain(SEED.harvest.admin.password);
    });
  }
});

describe("Co-op errors are values of the union", () => {
  it("auth: a wrong password", async () => {
    const result = await coop("xml", { email: basil.email, password: "basil" }).listGroups();
    expect(result).toMatchObject({ ok: false, error: { kind: "auth" } });
    if (!result.ok) expect(result.error.message).not.toContain('basil"');
  });

  it("notFound: a group I am not in, with the server's message", async () => {
    const result = await coop("json", { email: SEED.users.polly.email, password: SEED.password }).latestStatuses(
      argentina.id,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: "notFound", message: "Group not found" } });
  });

  it("validation: the server's message reaches the caller in both formats", async () => {
    for (const format of ["xml", "json"] as const) {
      const result = await coop(format).createGroup({ name: "Bar", timezone: "Atlantis", memberEmails: [] });
      expect(result).toEqual({
        ok: false,
        error: {
          kind: "validation",
          status: 400,
          message: 'Timezone "Atlantis" is not included in the list of Co-op time zones',
          hint: null,
        },
      });
    }
  });

  it("says clearly when my user id cannot be found", async () => {
    const client = coop("xml");
    for (const group of env.sandbox.control.groups()) value(await client.deleteGroup(group.id));
    const result = await client.whoAmI();
    expect(result).toMatchObject({ ok: false, error: { kind: "notFound" } });
    if (!result.ok)
      expect(result.error.message).toMatch(/no "who am I" call.*basil@fawltytowers.com belongs to no group/);
  });
});
