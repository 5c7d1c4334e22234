// The live event stream, GET /events (docs/coop-api.md §15), over real HTTP on both databases: members
// hear their groups' events and nobody else's, Last-Event-ID replays, a client past the replay bound
// is told to reset, and on PostgreSQL an event written through one instance reaches another's streams.
import { afterEach, describe, expect, it } from "vitest";
import { openEventStream, subscribeEvents } from "@coop-tray/protocol/event-stream";
import type { ServerEvent } from "@coop-tray/protocol/event-stream";
import { DATABASES, POSTGRES } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const basic = (email: string, password: string): string =>
  `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;

const ALICE = ["alice@example.com", "alice-pw"] as const;
const BOB = ["bob@example.com", "bob-pw"] as const;
const EVE = ["eve@example.com", "eve-pw"] as const;

/** Collects a stream's events; `next()` waits for the next one (or fails after `ms`). */
async function listen(url: string, login: readonly [string, string], lastEventId: string | null = null) {
  const controller = new AbortController();
  const opening = await openEventStream({
    baseUrl: url,
    authorization: basic(...login),
    lastEventId,
    signal: controller.signal,
  });
  if (opening.kind !== "open") throw new Error(`stream not open: ${opening.kind}`);
  const seen: ServerEvent[] = [];
  const waiters: (() => void)[] = [];
  const ended = (async () => {
    for await (const event of opening.events) {
      seen.push(event);
      waiters.splice(0).forEach((wake) => wake());
    }
  })();
  let read = 0;
  return {
    seen,
    ended,
    async next(ms = 2000): Promise<ServerEvent> {
      const deadline = Date.now() + ms;
      while (seen.length <= read) {
        if (Date.now() > deadline) throw new Error(`no event within ${ms} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return seen[read++] as ServerEvent;
    },
    close: () => controller.abort(),
  };
}

async function post(url: string, login: readonly [string, string], groupId: number, text: string): Promise<number> {
  const response = await fetch(`${url}/groups/${groupId}/statuses.json`, {
    method: "POST",
    headers: { authorization: basic(...login), "content-type": "application/json" },
    body: JSON.stringify({ status: text }),
  });
  expect(response.status).toBe(201);
  return Number(/\/statuses\/(\d+)/.exec(response.headers.get("location") ?? "")?.[1]);
}

describe.each(DATABASES)("GET /events on $name", (kind) => {
  let db: TestDatabase;
  const servers: TestServer[] = [];
  const closers: (() => void)[] = [];

  async function setUp(): Promise<{
    server: TestServer;
    ids: { alice: number; bob: number; eve: number };
    team: number;
    other: number;
  }> {
    db = await kind.fresh();
    const server = await startTestServer(db);
    servers.push(server);
    const ids = {
      alice: await server.addUser(...ALICE),
      bob: await server.addUser(...BOB),
      eve: await server.addUser(...EVE),
    };
    const { store } = server.server;
    const team = (await store.groups.create(newGroup("Team", ids.alice), Date.now(), false)).id;
    await store.memberships.join(team, ids.bob);
    const other = (await store.groups.create(newGroup("Other", ids.eve), Date.now(), false)).id;
    return { server, ids, team, other };
  }

  afterEach(async () => {
    closers.splice(0).forEach((close) => close());
    for (const server of servers.splice(0)) await server.close();
    await db.dispose();
  });

  it("streams a note to the other members of its group, never to a non-member", async () => {
    const { server, ids, team, other } = await setUp();
    const bob = await listen(server.url, BOB);
    const eve = await listen(server.url, EVE);
    closers.push(bob.close, eve.close);
    await warm(server.url, ALICE);
    const started = Date.now();
    const noteId = await post(server.url, ALICE, team, "Fixing the boiler");
    const event = await bob.next(1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(event.event).toBe("status");
    expect(JSON.parse(event.data)).toMatchObject({
      type: "status",
      action: "created",
      group_id: team,
      user_id: ids.alice,
      status_id: noteId,
      status_type: "Note",
    });
    expect(Number(event.id)).toBeGreaterThan(0);
    // Eve's first event is her own group's, not the team's.
    await post(server.url, EVE, other, "Eve's note");
    const eves = await eve.next(1000);
    expect(JSON.parse(eves.data)).toMatchObject({ group_id: other });
    expect(eve.seen.every((e) => (JSON.parse(e.data) as { group_id: number }).group_id !== team)).toBe(true);
  });

  it("answers a wrong password with 401 and no stream", async () => {
    const { server } = await setUp();
    const opening = await openEventStream({ baseUrl: server.url, authorization: basic(BOB[0], "wrong") });
    expect(opening.kind).toBe("unauthorized");
    const plain = await fetch(`${server.url}/events`);
    expect(plain.status).toBe(401);
  });

  it("replays what a client missed after Last-Event-ID, in order, its groups only", async () => {
    const { server, team, other } = await setUp();
    const bob = await listen(server.url, BOB);
    closers.push(bob.close);
    await post(server.url, ALICE, team, "one");
    const first = await bob.next();
    bob.close();
    const two = await post(server.url, ALICE, team, "two");
    await post(server.url, EVE, other, "not for Bob");
    const three = await post(server.url, BOB, team, "three");
    const again = await listen(server.url, BOB, first.id);
    closers.push(again.close);
    const replayed = [await again.next(), await again.next()];
    expect(replayed.map((e) => (JSON.parse(e.data) as { status_id: number }).status_id)).toEqual([two, three]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(again.seen).toHaveLength(2);
  });

  it("tells a client past the replay bound to reset and re-read", async () => {
    const { server, team } = await setUp();
    for (const text of ["a", "b", "c"]) await post(server.url, ALICE, team, text);
    const { store } = server.server;
    // A day later everything but the newest event is past the bound.
    await store.events.prune(Date.now() + 25 * 60 * 60 * 1000);
    const { newest } = await store.events.bounds();
    const bob = await listen(server.url, BOB, "1");
    closers.push(bob.close);
    const reset = await bob.next();
    expect(reset.event).toBe("reset");
    expect(reset.id).toBe(String(newest));
    // And continues live from there.
    const four = await post(server.url, ALICE, team, "d");
    expect(JSON.parse((await bob.next()).data)).toMatchObject({ status_id: four });
  });

  it("starts a new member's events when they join, and stops them when they leave", async () => {
    const { server, ids, team } = await setUp();
    const eve = await listen(server.url, EVE);
    closers.push(eve.close);
    await server.server.store.memberships.join(team, ids.eve);
    expect(JSON.parse((await eve.next()).data)).toMatchObject({
      type: "membership",
      action: "created",
      group_id: team,
    });
    const note = await post(server.url, ALICE, team, "welcome Eve");
    expect(JSON.parse((await eve.next()).data)).toMatchObject({ status_id: note });
    await server.server.store.memberships.leave(team, ids.eve);
    expect(JSON.parse((await eve.next()).data)).toMatchObject({ type: "membership", action: "deleted" });
    await post(server.url, ALICE, team, "after Eve left");
    await expect(eve.next(500)).rejects.toThrow(/no event/);
  });

  it("ends its streams on shutdown, so the server stops at once", async () => {
    const { server } = await setUp();
    const bob = await listen(server.url, BOB);
    expect(server.server.events?.count).toBe(1);
    const started = Date.now();
    await server.close();
    servers.splice(0);
    await bob.ended;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("loses no event for a client that reconnects after the server is killed and restarted", async () => {
    const { server, team } = await setUp();
    const port = server.server.port;
    const heard: ServerEvent[] = [];
    const states: string[] = [];
    const subscription = subscribeEvents({
      baseUrl: server.url,
      authorization: basic(...BOB),
      onEvent: (e) => heard.push(e),
      onState: (s) => states.push(s),
      backoffMs: 100,
    });
    closers.push(() => subscription.close());
    await until(() => states.includes("connected"));
    const before = await post(server.url, ALICE, team, "before");
    await until(() => heard.length === 1);
    await server.close();
    servers.splice(0);
    const restarted = await startTestServer(db, { port });
    servers.push(restarted);
    // Written while the client is still away (it waits out its backoff and the server's retry:).
    const during = await post(restarted.url, ALICE, team, "while away");
    await until(() => heard.length === 2, 6000);
    const after = await post(restarted.url, ALICE, team, "after");
    await until(() => heard.length === 3);
    expect(heard.map((e) => (JSON.parse(e.data) as { status_id: number }).status_id)).toEqual([before, during, after]);
  });
});

describe.runIf(POSTGRES !== null)("GET /events across two instances on one PostgreSQL database", () => {
  it("an event written through one instance reaches a subscriber of the other", async () => {
    const db = await (POSTGRES as NonNullable<typeof POSTGRES>).fresh();
    const one = await startTestServer(db);
    const two = await startTestServer(db);
    try {
      const alice = await one.addUser(...ALICE);
      const bob = await one.addUser(...BOB);
      const team = (await one.server.store.groups.create(newGroup("Team", alice), Date.now(), false)).id;
      await one.server.store.memberships.join(team, bob);
      const stream = await listen(two.url, BOB);
      await warm(one.url, ALICE);
      const started = Date.now();
      const note = await post(one.url, ALICE, team, "across instances");
      const event = await stream.next(1000);
      expect(Date.now() - started).toBeLessThan(500);
      expect(JSON.parse(event.data)).toMatchObject({ group_id: team, status_id: note });
      stream.close();
    } finally {
      await one.close();
      await two.close();
      await db.dispose();
    }
  });
});

/** Signs in once, so a timed request pays for the password hash no more (the server caches sign-ins). */
async function warm(url: string, login: readonly [string, string]): Promise<void> {
  const response = await fetch(`${url}/groups.json`, { headers: { authorization: basic(...login) } });
  expect(response.status).toBe(200);
}

function newGroup(name: string, ownerId: number) {
  return { name, timezone: "UTC", ownerId, feedKey: `feed-${name}`, apiToken: `token-${name}` };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A Harvest entry as the gatherer hands it over: a timer running since 1000. */
const runningEntry = (id: number) => ({
  id,
  spentAt: "2026-12-07",
  client: "C",
  project: "P",
  task: "T",
  hours: 0,
  notes: "",
  timerStartedAt: 1000,
  createdAt: 1000,
  updatedAt: 1000,
});

describe("time entry events as the gatherer stores them", () => {
  it("says started, stopped, updated and deleted, once per linked group", async () => {
    const db = await DATABASES[0]!.fresh();
    const server = await startTestServer(db);
    try {
      const { store } = server.server;
      const alice = await server.addUser(...ALICE);
      const team = (await store.groups.create(newGroup("Team", alice), Date.now(), false)).id;
      const credential = await store.credentials.save(alice, { subdomain: "s", email: ALICE[0], secret: "x" }, 1);
      const entry = runningEntry(9001);
      const { newest } = await store.events.bounds();
      await store.credentials.storeGathered(credential, [entry], [], 2000);
      await store.credentials.storeGathered(credential, [entry], [], 2000); // unchanged: nothing
      await store.credentials.storeGathered(
        credential,
        [{ ...entry, timerStartedAt: null, updatedAt: 3000 }],
        [],
        3000,
      );
      await store.credentials.storeGathered(
        credential,
        [{ ...entry, timerStartedAt: null, notes: "n", updatedAt: 4000 }],
        [],
        4000,
      );
      await store.credentials.storeGathered(credential, [], [9001], 5000);
      const events = await store.events.after(newest);
      expect(events.map((e) => [e.kind, e.action, e.groupId, e.statusId, e.statusType])).toEqual(
        ["started", "stopped", "updated", "deleted"].map((action) => ["status", action, team, 9001, "DayEntry"]),
      );
    } finally {
      await server.close();
      await db.dispose();
    }
  });
});

describe("POST /users/<id>/harvest_credential/gather", () => {
  it("gathers the member now, so a started timer reaches teammates' streams; self only; once per 5 s", async () => {
    const db = await DATABASES[0]!.fresh();
    let running = true;
    const entry = runningEntry(77);
    const server = await startTestServer(db, {
      harvest: {
        verify: () => Promise.resolve({ ok: true as const }),
        gather: () =>
          Promise.resolve({
            entries: [running ? entry : { ...entry, timerStartedAt: null, updatedAt: 2000 }],
            deletedIds: [],
            until: 1,
            complete: false,
          }),
      },
    });
    try {
      const { store } = server.server;
      const alice = await server.addUser(...ALICE);
      const bob = await server.addUser(...BOB);
      const team = (await store.groups.create(newGroup("Team", alice), Date.now(), false)).id;
      await store.memberships.join(team, bob);
      const gather = (id: number, login: readonly [string, string]) =>
        fetch(`${server.url}/users/${id}/harvest_credential/gather.json`, {
          method: "POST",
          headers: { authorization: basic(...login) },
        });
      expect((await gather(alice, ALICE)).status).toBe(404); // no credential yet
      const stream = await listen(server.url, BOB);
      const saved = await fetch(`${server.url}/users/${alice}/harvest_credential.json`, {
        method: "POST",
        headers: { authorization: basic(...ALICE), "content-type": "application/json" },
        body: JSON.stringify({ harvest_credential: { subdomain: "s", email: ALICE[0], password: "h" } }),
      });
      expect(saved.status).toBe(201);
      // Saving gathers at once: the running timer.
      expect(JSON.parse((await stream.next()).data)).toMatchObject({
        action: "started",
        status_id: 77,
        group_id: team,
      });
      running = false;
      expect((await gather(alice, BOB)).status).toBe(404); // not Bob's
      expect((await gather(alice, ALICE)).status).toBe(200);
      expect(JSON.parse((await stream.next()).data)).toMatchObject({
        action: "stopped",
        status_id: 77,
        group_id: team,
      });
      // Asked again at once: accepted, nothing sent to Harvest, and no pause for the client (no 429).
      const again = await gather(alice, ALICE);
      expect(again.status).toBe(202);
      expect(again.headers.get("retry-after")).toBeNull();
      stream.close();
    } finally {
      await server.close();
      await db.dispose();
    }
  });
});
