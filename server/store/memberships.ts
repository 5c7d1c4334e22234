/** Memberships: who is in which group, their agenda there, and whether their Harvest entries show. */
import type { Insertable, Kysely, Selectable, Transaction } from "kysely";
import { toUser } from "./users";
import type { Membership, User } from "./records";
import type { Journal } from "../events/journal";
import type { Database, MembershipsTable } from "./schema";

export const toMembership = (r: Selectable<MembershipsTable>): Membership => ({
  id: r.id,
  groupId: r.group_id,
  userId: r.user_id,
  harvestLinked: Number(r.harvest_linked) === 1,
  agenda: r.agenda,
});

/** A membership as a row; without an id, the database gives one. */
export const membershipRow = (m: Omit<Membership, "id"> & { readonly id?: number }): Insertable<MembershipsTable> => ({
  ...(m.id === undefined ? {} : { id: m.id }),
  group_id: m.groupId,
  user_id: m.userId,
  harvest_linked: m.harvestLinked ? 1 : 0,
  agenda: m.agenda,
});

/** Whether the user is a member of the group. */
export async function isMemberIn(
  tx: Kysely<Database> | Transaction<Database>,
  groupId: number,
  userId: number,
): Promise<boolean> {
  const row = await tx
    .selectFrom("memberships")
    .select("id")
    .where("group_id", "=", groupId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds the user unless already a member; the membership links to Harvest when they hold a credential. */
export async function joinIn(
  tx: Kysely<Database> | Transaction<Database>,
  groupId: number,
  userId: number,
  journal: Journal,
): Promise<boolean> {
  if (await isMemberIn(tx, groupId, userId)) return false;
  const credential = await tx.selectFrom("credentials").select("id").where("user_id", "=", userId).executeTakeFirst();
  await tx
    .insertInto("memberships")
    .values(membershipRow({ groupId, userId, harvestLinked: credential !== undefined, agenda: "" }))
    .execute();
  await journal.record(tx, [{ kind: "membership", action: "created", groupId, userId }]);
  return true;
}

export class Memberships {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly journal: Journal,
  ) {}

  async find(groupId: number, userId: number): Promise<Membership | null> {
    const row = await this.db
      .selectFrom("memberships")
      .selectAll()
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row === undefined ? null : toMembership(row);
  }

  async inGroup(groupId: number): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom("memberships")
      .selectAll()
      .where("group_id", "=", groupId)
      .orderBy("id")
      .execute();
    return rows.map(toMembership);
  }

  /** The group's members, each with the id of their membership (what removing or leaving names). */
  async members(groupId: number): Promise<Array<{ readonly membershipId: number; readonly user: User }>> {
    const rows = await this.db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .selectAll("users")
      .select("memberships.id as membership_id")
      .where("memberships.group_id", "=", groupId)
      .orderBy("memberships.id")
      .execute();
    return rows.map((r) => ({ membershipId: r.membership_id, user: toUser(r) }));
  }

  async shareGroup(a: number, b: number): Promise<boolean> {
    const row = await this.db
      .selectFrom("memberships as x")
      .innerJoin("memberships as y", "y.group_id", "x.group_id")
      .select("x.id")
      .where("x.user_id", "=", a)
      .where("y.user_id", "=", b)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  join(groupId: number, userId: number): Promise<boolean> {
    return this.db.transaction().execute((tx) => joinIn(tx, groupId, userId, this.journal));
  }

  leave(groupId: number, userId: number): Promise<void> {
    return this.journal.write(async (tx) => {
      const gone = await tx
        .deleteFrom("memberships")
        .where("group_id", "=", groupId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      const left = Number(gone.numDeletedRows) > 0;
      return {
        result: undefined,
        events: left ? [{ kind: "membership", action: "deleted", groupId, userId } as const] : [],
      };
    });
  }

  async setAgenda(groupId: number, userId: number, agenda: string): Promise<void> {
    await this.db
      .updateTable("memberships")
      .set({ agenda })
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .execute();
  }

  async setLinked(userId: number, linked: boolean): Promise<void> {
    await this.db
      .updateTable("memberships")
      .set({ harvest_linked: linked ? 1 : 0 })
      .where("user_id", "=", userId)
      .execute();
  }
}
