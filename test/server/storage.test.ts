// The store on both databases: the same typed queries give the same answers on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../server/store/open";
import type { StoreLocation } from "../../server/store/open";
import { Store } from "../../server/store/store";
import { dayRange } from "../../server/coop/days";
import { DATABASES, POSTGRES_URL } from "./databases";
import type { TestDatabase } from "./databases";
import { join } from "node:path";

describe.each(DATABASES)("the store on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const location = (): StoreLocation =>
    db.options.databaseUrl === null
      ? { sqliteFile: join(db.options.dataDir, "coop.sqlite") }
      : { postgresUrl: db.options.databaseUrl };

  beforeEach(async () => {
    db = await kind.fresh();
    store = new Store(await openStore(location()));
  });
  afterEach(async () => {
    await store.close();
    await db.dispose();
  });

  const people = async () => {
    const ann = await store.users.create(
      { firstName: "Ann", lastName: "Lee", email: "Ann@Example.com", passwordHash: "x" },
      1000,
    );
    const bob = await store.users.create(
      { firstName: "Bob", lastName: "Ray", email: "bob@example.com", passwordHash: "y" },
      1000,
    );
    const group = await store.groups.create(
      { name: "Team", timezone: "London", ownerId: ann.id, feedKey: "1", apiToken: "t" },
      1000,
      false,
    );
    await store.memberships.join(group.id, bob.id);
    return { ann, bob, group };
  };

  it("finds users by email whatever the case, and keeps emails unique", async () => {
    const { ann } = await people();
    expect((await store.users.byEmail("ann@EXAMPLE.com"))?.id).toBe(ann.id);
    await expect(
      store.users.create({ firstName: "A", lastName: "", email: "ANN@example.com", passwordHash: null }, 1),
    ).rejects.toThrow();
  });

  it("reads a user with the group a route names in one go: the group and its feed version for a member, null otherwise", async () => {
    const { ann, bob, group } = await people();
    const carl = await store.users.create(
      { firstName: "Carl", lastName: "Oz", email: "carl@example.com", passwordHash: "z" },
      1000,
    );
    const version = await store.feedVersion(group.id);
    const member = await store.users.byIdAsMember(bob.id, group.id);
    expect(member?.user).toEqual(await store.users.byId(bob.id));
    expect(member?.group).toEqual({ ...(await store.groups.byId(group.id)), feedVersion: version });
    expect(member?.group).toEqual(await store.groups.ofMember(group.id, bob.id));
    expect((await store.users.byIdAsMember(ann.id, group.id))?.group?.ownerId).toBe(ann.id);
    const outsider = await store.users.byIdAsMember(carl.id, group.id);
    expect(outsider).toEqual({ user: await store.users.byId(carl.id), group: null });
    expect((await store.users.byIdAsMember(bob.id, group.id + 1000))?.group).toBeNull();
    expect(await store.users.byIdAsMember(carl.id + 1000, group.id)).toBeNull();
    // A post moves the version the read brings (the feed cache's key).
    await store.notes.create(group.id, bob.id, "Tea", 2000);
    expect((await store.users.byIdAsMember(bob.id, group.id))?.group?.feedVersion).toBeGreaterThan(version);
  });

  it("serves the newest 50 of a feed, newest first, Notes and linked time entries merged, ties by id", async () => {
    const { ann, bob, group } = await people();
    for (let i = 0; i < 60; i += 1)
      await store.notes.create(group.id, i % 2 === 0 ? ann.id : bob.id, `note ${i}`, 10_000 + i * 1000);
    const credential = await store.credentials.save(bob.id, { subdomain: "x", email: "b@x", secret: "s" }, 1);
    const entry = {
      spentAt: "1970-01-01",
      client: "C",
      project: "P",
      task: "T",
      hours: 1.5,
      notes: "entry",
      timerStartedAt: null,
      updatedAt: 1,
    };
    await store.credentials.storeGathered(credential, [{ ...entry, id: 7, createdAt: 10_000 + 58_500 }], [], 5, false);
    const feed = await store.notes.feed({ groupId: group.id, limit: 50 });
    expect(feed).toHaveLength(50);
    expect(feed[0]).toMatchObject({ type: "Note", createdAt: 69_000 });
    expect(feed[1]).toMatchObject({ type: "DayEntry", id: 7, entry: { hours: 1.5, client: "C" } });
    const times = feed.map((item) => item.createdAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Unlinking (deleting the credential) takes the entry out of the feed.
    await store.credentials.delete(bob.id);
    expect((await store.notes.feed({ groupId: group.id, limit: 50 })).some((item) => item.type === "DayEntry")).toBe(
      false,
    );
  });

  it("answers a day in the group's zone as an instant range", async () => {
    const { ann, group } = await people();
    // Buenos Aires is UTC-3 in 2024: 02:00 UTC on the 2nd is still the 1st there.
    const [from, to] = dayRange("2024-03-01", "America/Argentina/Buenos_Aires");
    expect(to - from).toBe(86_400_000);
    await store.notes.create(group.id, ann.id, "late", Date.parse("2024-03-02T02:00:00Z"));
    await store.notes.create(group.id, ann.id, "next", Date.parse("2024-03-02T04:00:00Z"));
    const day = await store.notes.feed({ groupId: group.id, range: [from, to] });
    expect(day.map((item) => (item.type === "Note" ? item.note.text : ""))).toEqual(["late"]);
  });

  it("updates gathered entries in place and moves the cursor, in one transaction", async () => {
    const { bob, group } = await people();
    const credential = await store.credentials.save(bob.id, { subdomain: "x", email: "b@x", secret: "s" }, 1);
    const entry = {
      id: 1,
      spentAt: "2024-01-01",
      client: "C",
      project: "P",
      task: "T",
      hours: 1,
      notes: "n",
      timerStartedAt: 5,
      createdAt: 5,
      updatedAt: 5,
    };
    await store.credentials.storeGathered(credential, [entry], [], 100, false);
    await store.credentials.storeGathered(
      credential,
      [{ ...entry, hours: 2, timerStartedAt: null, updatedAt: 9 }],
      [],
      200,
      false,
    );
    const [item] = await store.notes.feed({ groupId: group.id, limit: 50 });
    expect(item).toMatchObject({ type: "DayEntry", entry: { hours: 2, timerStartedAt: null } });
    expect((await store.credentials.of(bob.id))?.gatheredUntil).toBe(200);
    await store.credentials.storeGathered(credential, [], [1], 300, false);
    expect(await store.notes.feed({ groupId: group.id, limit: 50 })).toEqual([]);
  });

  it("removing a user hands their groups to another member and deletes what was theirs", async () => {
    const { ann, bob, group } = await people();
    await store.notes.create(group.id, ann.id, "mine", 5);
    await store.notes.create(group.id, bob.id, "bob's", 6);
    expect(await store.users.remove(ann.id)).toBe(true);
    expect((await store.groups.byId(group.id))?.ownerId).toBe(bob.id);
    expect((await store.notes.feed({ groupId: group.id })).map((i) => (i.type === "Note" ? i.note.text : ""))).toEqual([
      "bob's",
    ]);
    expect(await store.users.byId(ann.id)).toBeNull();
  });

  it("deleting a group takes its notes and memberships, not its members", async () => {
    const { ann, bob, group } = await people();
    await store.notes.create(group.id, ann.id, "gone", 5);
    await store.groups.delete(group.id);
    expect(await store.groups.byId(group.id)).toBeNull();
    expect(await store.groups.of(bob.id)).toEqual([]);
    expect(await store.users.byId(bob.id)).not.toBeNull();
  });

  it("counts members per group", async () => {
    const { ann } = await people();
    expect((await store.groups.of(ann.id))[0]?.membershipsCount).toBe(2);
  });

  it("migrating an up-to-date database again changes nothing", async () => {
    const { ann } = await people();
    await store.close();
    store = new Store(await openStore(location()));
    expect((await store.users.byId(ann.id))?.email).toBe("Ann@Example.com");
  });
});

it.skipIf(POSTGRES_URL !== null)("PostgreSQL is skipped here: no COOP_TEST_DATABASE_URL is set (CI sets one)", () => {
  expect(POSTGRES_URL).toBeNull();
});
