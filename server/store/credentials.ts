/** Harvest credentials and the time entries gathered through them (the DayEntries of the feed). */
import { sql } from "kysely";
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Journal, NewEvent, Writer } from "../events/journal";
import { emailKey } from "./users";
import type { Credential, TimeEntry } from "./records";
import type { CredentialsTable, Database, TimeEntriesTable } from "./schema";

export const toCredential = (r: Selectable<CredentialsTable>): Credential => ({
  id: r.id,
  userId: r.user_id,
  subdomain: r.subdomain,
  email: r.email,
  secret: r.secret,
  gatheredUntil: r.gathered_until === null ? null : Number(r.gathered_until),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** A credential as a row; without an id, the database gives one. */
export const credentialRow = (c: Omit<Credential, "id"> & { readonly id?: number }): Insertable<CredentialsTable> => ({
  ...(c.id === undefined ? {} : { id: c.id }),
  user_id: c.userId,
  subdomain: c.subdomain,
  email: c.email,
  secret: c.secret,
  gathered_until: c.gatheredUntil,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

/** A gathered entry as a row, owned by the credential's user. */
export const timeEntryRow = (
  credential: Pick<Credential, "id" | "userId">,
  e: TimeEntry,
): Insertable<TimeEntriesTable> => ({
  credential_id: credential.id,
  harvest_id: e.id,
  user_id: credential.userId,
  spent_at: e.spentAt,
  client: e.client,
  project: e.project,
  task: e.task,
  hours: e.hours,
  notes: e.notes,
  timer_started_at: e.timerStartedAt,
  created_at: e.createdAt,
  updated_at: e.updatedAt,
});

/** Past this many changed entries in one gathering, each linked group gets one `gathered` event instead. */
const EVENTS_PER_GATHERING = 50;

async function linkedGroups(tx: Writer, userId: number): Promise<number[]> {
  const rows = await tx
    .selectFrom("memberships")
    .select("group_id")
    .where("user_id", "=", userId)
    .where("harvest_linked", "=", 1)
    .execute();
  return rows.map((r) => r.group_id);
}

type EntryChange = { readonly id: number; readonly action: NewEvent["action"] };

/** What a stored entry's new version did: a timer started or stopped, or other fields edited. */
function change(before: { timer_started_at: number | null; updated_at: number } | undefined, e: TimeEntry) {
  if (before === undefined) return e.timerStartedAt !== null ? "started" : "created";
  const wasRunning = before.timer_started_at !== null;
  const running = e.timerStartedAt !== null;
  if (!wasRunning && running) return "started";
  if (wasRunning && !running) return "stopped";
  return Number(before.updated_at) === e.updatedAt ? null : "updated";
}

/** The events for a member's changed entries: one per entry and linked group, or one `gathered` per group. */
function gatheringEvents(userId: number, groups: readonly number[], changes: readonly EntryChange[]): NewEvent[] {
  if (changes.length === 0) return [];
  return groups.flatMap((groupId): NewEvent[] =>
    changes.length > EVENTS_PER_GATHERING
      ? [{ kind: "status", action: "gathered", groupId, userId, statusType: "DayEntry" }]
      : changes.map((c) => ({
          kind: "status",
          action: c.action,
          groupId,
          userId,
          statusId: c.id,
          statusType: "DayEntry",
        })),
  );
}

export class Credentials {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly journal: Journal,
  ) {}

  async of(userId: number): Promise<Credential | null> {
    const row = await this.db.selectFrom("credentials").selectAll().where("user_id", "=", userId).executeTakeFirst();
    return row === undefined ? null : toCredential(row);
  }

  async all(): Promise<Credential[]> {
    const rows = await this.db.selectFrom("credentials").selectAll().orderBy("id").execute();
    return rows.map(toCredential);
  }

  /** Creates or replaces the user's credential; a changed login starts gathering afresh. Links their memberships. */
  async save(
    userId: number,
    login: { subdomain: string; email: string; secret: string },
    at: number,
  ): Promise<Credential> {
    return this.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom("credentials").selectAll().where("user_id", "=", userId).executeTakeFirst();
      let row: Selectable<CredentialsTable>;
      if (existing === undefined) {
        row = await tx
          .insertInto("credentials")
          .values(credentialRow({ userId, ...login, gatheredUntil: null, createdAt: at, updatedAt: at }))
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        const sameAccount =
          existing.subdomain === login.subdomain && emailKey(existing.email) === emailKey(login.email);
        if (!sameAccount) await tx.deleteFrom("time_entries").where("credential_id", "=", existing.id).execute();
        row = await tx
          .updateTable("credentials")
          .set({
            subdomain: login.subdomain,
            email: login.email,
            secret: login.secret,
            updated_at: at,
            gathered_until: sameAccount ? existing.gathered_until : null,
          })
          .where("id", "=", existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      await tx.updateTable("memberships").set({ harvest_linked: 1 }).where("user_id", "=", userId).execute();
      return toCredential(row);
    });
  }

  /** Deleting the credential unlinks every membership: the user's DayEntries leave the feeds. */
  async delete(userId: number): Promise<void> {
    await this.journal.write(async (tx) => {
      const groups = await linkedGroups(tx, userId);
      const existing = await tx.selectFrom("credentials").select("id").where("user_id", "=", userId).executeTakeFirst();
      if (existing !== undefined)
        await tx.deleteFrom("time_entries").where("credential_id", "=", existing.id).execute();
      await tx.deleteFrom("credentials").where("user_id", "=", userId).execute();
      await tx.updateTable("memberships").set({ harvest_linked: 0 }).where("user_id", "=", userId).execute();
      const gone = existing === undefined ? [] : [{ id: 0, action: "deleted" as const }];
      return {
        result: undefined,
        events: gatheringEvents(userId, groups, gone).map((e) => ({ ...e, statusId: null })),
      };
    });
  }

  /**
   * Gathered entries in: new ones inserted, known ones updated (a timer stopped, hours changed),
   * `deletedIds` removed, and the credential's cursor moved on, all at once.
   */
  async storeGathered(
    credential: Credential,
    entries: readonly TimeEntry[],
    deletedIds: readonly number[],
    until: number | null,
    replaceAll = false,
    window: { readonly from: string; readonly to: string | null } | null = null,
  ): Promise<void> {
    await this.journal.write(async (tx) => {
      const changes: EntryChange[] = [];
      const ids = entries.map((e) => e.id);
      const before = new Map<number, { timer_started_at: number | null; updated_at: number }>();
      if (!replaceAll && ids.length > 0 && ids.length <= EVENTS_PER_GATHERING) {
        const rows = await tx
          .selectFrom("time_entries")
          .select(["harvest_id", "timer_started_at", "updated_at"])
          .where("credential_id", "=", credential.id)
          .where("harvest_id", "in", ids)
          .execute();
        for (const row of rows) before.set(Number(row.harvest_id), row);
      }
      if (replaceAll) await tx.deleteFrom("time_entries").where("credential_id", "=", credential.id).execute();
      if (window !== null) {
        // Entries Harvest no longer lists on days it listed in full were deleted there.
        const inWindow = (e: TimeEntry) => e.spentAt >= window.from && (window.to === null || e.spentAt <= window.to);
        const kept = entries.filter(inWindow).map((e) => e.id);
        let gone = tx
          .deleteFrom("time_entries")
          .where("credential_id", "=", credential.id)
          .where("spent_at", ">=", window.from);
        if (window.to !== null) gone = gone.where("spent_at", "<=", window.to);
        if (kept.length > 0) gone = gone.where("harvest_id", "not in", kept);
        await gone.execute();
      }
      for (const e of entries) {
        const action = ids.length > EVENTS_PER_GATHERING ? "updated" : change(before.get(e.id), e);
        if (action !== null) changes.push({ id: e.id, action });
        const row = timeEntryRow(credential, e);
        const { credential_id: _credential, harvest_id: _harvest, ...changed } = row;
        // Unchanged rows are left alone, so re-reading a window does not move the feed's version.
        await tx
          .insertInto("time_entries")
          .values(row)
          .onConflict((oc) =>
            oc
              .columns(["credential_id", "harvest_id"])
              .doUpdateSet(changed)
              .where((eb) =>
                eb.or([
                  eb("time_entries.updated_at", "<>", eb.ref("excluded.updated_at")),
                  eb("time_entries.hours", "<>", eb.ref("excluded.hours")),
                  eb("time_entries.notes", "<>", eb.ref("excluded.notes")),
                  eb("time_entries.spent_at", "<>", eb.ref("excluded.spent_at")),
                  eb("time_entries.project", "<>", eb.ref("excluded.project")),
                  eb("time_entries.task", "<>", eb.ref("excluded.task")),
                  eb("time_entries.client", "<>", eb.ref("excluded.client")),
                  eb(
                    sql`coalesce(time_entries.timer_started_at, -1)`,
                    "<>",
                    sql`coalesce(excluded.timer_started_at, -1)`,
                  ),
                ]),
              ),
          )
          .execute();
      }
      if (deletedIds.length > 0) {
        const gone = await tx
          .deleteFrom("time_entries")
          .where("credential_id", "=", credential.id)
          .where("harvest_id", "in", [...deletedIds])
          .returning("harvest_id")
          .execute();
        for (const row of gone) changes.push({ id: Number(row.harvest_id), action: "deleted" });
      }
      await tx.updateTable("credentials").set({ gathered_until: until }).where("id", "=", credential.id).execute();
      const groups = changes.length === 0 ? [] : await linkedGroups(tx, credential.userId);
      return { result: undefined, events: gatheringEvents(credential.userId, groups, changes) };
    });
  }
}
