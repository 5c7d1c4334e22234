/**
 * The sandbox's hold on the server's database (SQLite): seeding it, and the synchronous reads its
 * control API offers tests (`control.statuses`, `control.groups`). Reads reuse the server's own
 * Kysely queries, compiled and run on the same better-sqlite3 connection, so what a test sees is
 * what the API serves.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { Compilable } from "kysely";
import { feedItem, feedQuery } from "../server/index";
import type { FeedRow } from "../server/index";
import type { StoreHandle } from "../server/index";
import { TABLES } from "../server/index";
import { emailKey } from "../server/index";
import type { SecretBox } from "../server/index";
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
      this.run(
        db.insertInto("users").values(
          state.users.map((u) => ({
            id: u.id,
            first_name: u.firstName,
            last_name: u.lastName,
            email: u.email,
            email_key: emailKey(u.email),
            password_hash: u.password === null ? null : this.seedHash,
            city: u.city,
            avatar_thumb_url: u.avatarThumbUrl,
            created_at: u.createdAt,
            updated_at: u.updatedAt,
          })),
        ),
      );
      this.run(
        db.insertInto("groups").values(
          state.groups.map((g) => ({
            id: g.id,
            name: g.name,
            timezone: g.timezone,
            owner_id: g.ownerId,
            created_at: g.createdAt,
            updated_at: g.updatedAt,
            feed_key: g.feedKey,
            api_token: g.apiToken,
            agenda: g.agenda,
          })),
        ),
      );
      this.run(
        db.insertInto("memberships").values(
          state.memberships.map((m) => ({
            id: m.id,
            group_id: m.groupId,
            user_id: m.userId,
            harvest_linked: m.harvestLinked ? 1 : 0,
            agenda: m.agenda,
          })),
        ),
      );
      this.run(
        db.insertInto("notes").values(
          state.notes.map((n) => ({
            id: n.id,
            group_id: n.groupId,
            user_id: n.userId,
            text: n.text,
            created_at: n.createdAt,
            updated_at: n.updatedAt,
          })),
        ),
      );
      for (const c of state.credentials) {
        const account = world.account(c.subdomain);
        const harvestUser = account === null ? null : world.harvestUser(account, c.email);
        this.run(
          db.insertInto("credentials").values({
            id: c.id,
            user_id: c.userId,
            subdomain: c.subdomain,
            email: c.email,
            secret: this.secrets.seal(harvestUser?.password ?? ""),
            gathered_until: null,
            created_at: c.createdAt,
            updated_at: c.updatedAt,
          }),
        );
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
        for (const e of account.timeEntries.filter((entry) => entry.userId === harvestUser.id)) {
          this.run(
            db.insertInto("time_entries").values({
              credential_id: c.id,
              harvest_id: e.id,
              user_id: c.user_id,
              spent_at: e.spentAt,
              client: e.client,
              project: e.project,
              task: e.task,
              hours: e.hours,
              notes: e.notes,
              timer_started_at: e.timerStartedAt,
              created_at: e.createdAt,
              updated_at: e.updatedAt,
            }),
          );
        }
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
    const groups = this.all<{ id: number; name: string; timezone: string; owner_id: number }>(
      db.selectFrom("groups").select(["id", "name", "timezone", "owner_id"]).orderBy("id"),
    );
    const memberships = this.all<{ group_id: number; user_id: number }>(
      db.selectFrom("memberships").select(["group_id", "user_id"]).orderBy("id"),
    );
    return groups.map((g) => ({
      id: g.id,
      name: g.name,
      timezone: g.timezone,
      ownerId: g.owner_id,
      memberIds: memberships.filter((m) => m.group_id === g.id).map((m) => m.user_id),
    }));
  }
}
