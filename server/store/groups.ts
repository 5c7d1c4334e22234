/** Groups: one by id, a user's groups with their member counts, creation with the owner as first member. */
import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import type { Journal } from "../events/journal";
import { membershipRow } from "./memberships";
import type { StoreHandle } from "./open";
import { param, preparedRead } from "./prepared";
import type { Group, GroupWithCount, MemberGroup } from "./records";
import type { Database, GroupsTable } from "./schema";

export const toGroup = (r: Selectable<GroupsTable>): Group => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  ownerId: r.owner_id,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  feedKey: r.feed_key,
  apiToken: r.api_token,
  agenda: r.agenda,
});

/** A group as a row; without an id, the database gives one. */
export const groupRow = (g: Omit<Group, "id"> & { readonly id?: number }): Insertable<GroupsTable> => ({
  ...(g.id === undefined ? {} : { id: g.id }),
  name: g.name,
  timezone: g.timezone,
  owner_id: g.ownerId,
  created_at: g.createdAt,
  updated_at: g.updatedAt,
  feed_key: g.feedKey,
  api_token: g.apiToken,
  agenda: g.agenda,
});

export interface NewGroup {
  readonly name: string;
  readonly timezone: string;
  readonly ownerId: number;
  readonly feedKey: string;
  readonly apiToken: string;
}

/** The group and what hangs on it; Harvest time entries belong to the member and stay. */
export async function deleteGroupIn(
  tx: Kysely<Database> | Transaction<Database>,
  id: number,
  journal: Journal,
): Promise<void> {
  await journal.record(tx, [{ kind: "group", action: "deleted", groupId: id, userId: null }]);
  await tx.deleteFrom("notes").where("group_id", "=", id).execute();
  await tx.deleteFrom("memberships").where("group_id", "=", id).execute();
  await tx.deleteFrom("invitations").where("group_id", "=", id).execute();
  await tx.deleteFrom("groups").where("id", "=", id).execute();
}

export class Groups {
  /** `ofMember`'s read, (group id, user id): compiled once (prepared.ts). */
  private readonly memberRead;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly journal: Journal,
    handle: StoreHandle,
  ) {
    this.memberRead = preparedRead(
      handle,
      db
        .selectFrom("groups")
        .innerJoin("memberships", "memberships.group_id", "groups.id")
        .leftJoin("feed_versions", "feed_versions.group_id", "groups.id")
        .selectAll("groups")
        .select("feed_versions.version as feed_version")
        .where("groups.id", "=", 0)
        .where("memberships.user_id", "=", param(0, "integer")),
    );
  }

  async byId(id: number): Promise<Group | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.db.selectFrom("groups").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toGroup(row);
  }

  /**
   * The group if the user is a member of it, with its feed version read in the same query: every member
   * route asks this, and the feed's cache (coop/feed-cache.ts) needs the version, so a cached feed read
   * is this one query after sign-in.
   */
  async ofMember(groupId: number, userId: number): Promise<MemberGroup | null> {
    if (!Number.isSafeInteger(groupId)) return null;
    const row = await this.memberRead(groupId, userId);
    return row === undefined ? null : { ...toGroup(row), feedVersion: Number(row.feed_version ?? 0) };
  }

  async of(userId: number): Promise<GroupWithCount[]> {
    const rows = await this.db
      .selectFrom("groups")
      .innerJoin("memberships as mine", (j) =>
        j.onRef("mine.group_id", "=", "groups.id").on("mine.user_id", "=", userId),
      )
      .selectAll("groups")
      .select((eb) =>
        eb
          .selectFrom("memberships")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("memberships.group_id", "=", "groups.id")
          .as("memberships_count"),
      )
      .orderBy("groups.id")
      .execute();
    return rows.map((r) => ({ ...toGroup(r), membershipsCount: Number(r.memberships_count ?? 0) }));
  }

  /** The group with its owner as first member; `within` runs in the same transaction (a throw makes nothing). */
  async create(
    input: NewGroup,
    at: number,
    linked: boolean,
    within?: (tx: Transaction<Database>, group: Group) => Promise<void>,
  ): Promise<Group> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto("groups")
        .values(groupRow({ ...input, createdAt: at, updatedAt: at, agenda: "" }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("memberships")
        .values(membershipRow({ groupId: row.id, userId: input.ownerId, harvestLinked: linked, agenda: "" }))
        .execute();
      await this.journal.record(tx, [
        { kind: "membership", action: "created", groupId: row.id, userId: input.ownerId },
      ]);
      const group = toGroup(row);
      await within?.(tx, group);
      return group;
    });
  }

  async update(
    id: number,
    fields: { name?: string; timezone?: string; ownerId?: number; agenda?: string },
    at: number | null,
  ): Promise<void> {
    const set: Partial<{ name: string; timezone: string; owner_id: number; agenda: string; updated_at: number }> = {};
    if (fields.name !== undefined) set.name = fields.name;
    if (fields.timezone !== undefined) set.timezone = fields.timezone;
    if (fields.ownerId !== undefined) set.owner_id = fields.ownerId;
    if (fields.agenda !== undefined) set.agenda = fields.agenda;
    if (at !== null) set.updated_at = at;
    await this.journal.write(async (tx) => {
      await tx.updateTable("groups").set(set).where("id", "=", id).execute();
      return { result: undefined, events: [{ kind: "group", action: "updated", groupId: id, userId: null } as const] };
    });
  }

  delete(id: number): Promise<void> {
    return this.db.transaction().execute((tx) => deleteGroupIn(tx, id, this.journal));
  }
}
