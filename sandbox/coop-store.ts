/**
 * The sandbox's hold on the server's database (SQLite): seeding it, and the synchronous reads its
 * control API offers tests (`control.statuses`, `control.groups`). Reads reuse the server's own
 * Kysely queries, compiled and run on the same better-sqlite3 connection, so what a test sees is
 * what the API serves.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Compilable, Selectable } from "kysely";
import {
  TABLES,
  credentialRow,
  feedItem,
  feedQuery,
  groupRow,
  membershipRow,
  noteRow,
  timeEntryRow,
  toGroup,
  toMembership,
  userRow,
} from "../server/index";
import type { FeedRow, GroupsTable, MembershipsTable, SecretBox, StoreHandle } from "../server/index";
import type { SeedState } from "./model/state";
import type { World } from "./model/world";
import type { GroupView, StatusView } from "./types";

export class CoopHarness {
  private readonly sqlite: BetterSqlite3.Database;

  constructor(
    private readonly handle: StoreHandle,
    private readonly secrets: SecretBox,
    /** The seed users' password hash, computed once per process (scrypt is slow on purpose). */
    private readonly seedHash: string,
  ) {
    if (handle.sqlite === null) throw new Error("the sandbox runs on SQLite");
    this.sqlite = handle.sqlite;
  }

  private run(query: Compilable): void {
    const { sql, parameters } = query.compile();
    this.sqlite.prepare(sql).run(...(parameters as unknown[]));
  }

  private all<T>(query: Compilable): T[] {
    const { sql, parameters } = query.compile();
    return this.sqlite.prepare(sql).all(...(parameters as unknown[])) as T[];
  }

  isEmpty(): boolean {
    return (this.sqlite.prepare("select count(*) as n from users").get() as { n: number }).n === 0;
  }

  /** Empties every table and writes the seed's Co-op part, then mirrors the linked time entries. */
  seed(state: SeedState, world: World): void {
    const { db } = this.handle;
    this.sqlite.transaction(() => {
      for (const table of TABLES) this.run(db.deleteFrom(table));
      this.sqlite.prepare("delete from sqlite_sequence").run();
      const seedHash = this.seedHash;
      this.run(
        db
          .insertInto("users")
          .values(state.users.map((u) => userRow({ ...u, passwordHash: u.password === null ? null : seedHash }))),
      );
      this.run(db.insertInto("groups").values(state.groups.map(groupRow)));
      this.run(db.insertInto("memberships").values(state.memberships.map(membershipRow)));
      this.run(db.insertInto("notes").values(state.notes.map(noteRow)));
      for (const c of state.credentials) {
        const account = world.account(c.subdomain);
        const harvestUser = account === null ? null : world.harvestUser(account, c.email);
        const secret = this.secrets.seal(harvestUser?.password ?? "");
        this.run(db.insertInto("credentials").values(credentialRow({ ...c, secret, gatheredUntil: null })));
      }
      this.mirrorTimeEntries(world);
    })();
  }

  /** What gathering would store, done at once: every credential's whole timesheet from the emulation. */
  mirrorTimeEntries(world: World): void {
    const { db } = this.handle;
    const credentials = this.all<{ id: number; user_id: number; subdomain: string; email: string }>(
      db.selectFrom("credentials").select(["id", "user_id", "subdomain", "email"]),
    );
    this.sqlite.transaction(() => {
      this.run(db.deleteFrom("time_entries"));
      for (const c of credentials) {
        const account = world.account(c.subdomain);
        const harvestUser = account === null ? null : world.harvestUser(account, c.email);
        if (account === null || harvestUser === null) continue;
        const credential = { id: c.id, userId: c.user_id };
        for (const e of account.timeEntries.filter((entry) => entry.userId === harvestUser.id))
          this.run(db.insertInto("time_entries").values(timeEntryRow(credential, e)));
      }
    })();
  }

  /** A group's whole feed as a client would see it, newest first. */
  statuses(groupId: number): StatusView[] {
    return this.all<FeedRow>(feedQuery(this.handle.db, { groupId })).map((row) => {
      const item = feedItem(row, groupId);
      return {
        type: item.type,
        id: item.id,
        text: item.type === "Note" ? item.note.text : item.entry.notes,
        userId: item.user.id,
        createdAt: new Date(item.createdAt).toISOString(),
      };
    });
  }

  groups(): GroupView[] {
    const { db } = this.handle;
    const groups = this.all<Selectable<GroupsTable>>(db.selectFrom("groups").selectAll().orderBy("id")).map(toGroup);
    const memberships = this.all<Selectable<MembershipsTable>>(
      db.selectFrom("memberships").selectAll().orderBy("id"),
    ).map(toMembership);
    return groups.map((g) => ({
      id: g.id,
      name: g.name,
      timezone: g.timezone,
      ownerId: g.ownerId,
      memberIds: memberships.filter((m) => m.groupId === g.id).map((m) => m.userId),
    }));
  }
}
