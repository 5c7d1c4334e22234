/** Notes and the feed they appear in with the members' gathered time entries (see feed.ts). */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Journal, NewEvent } from "../events/journal";
import { feedItem, feedQuery } from "./feed";
import type { FeedFilter } from "./feed";
import type { FeedItem, Note } from "./records";
import type { Database, NotesTable } from "./schema";

export const toNote = (r: Selectable<NotesTable>): Note => ({
  id: r.id,
  groupId: r.group_id,
  userId: r.user_id,
  text: r.text,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** A note as a row; without an id, the database gives one. */
export const noteRow = (n: Omit<Note, "id"> & { readonly id?: number }): Insertable<NotesTable> => ({
  ...(n.id === undefined ? {} : { id: n.id }),
  group_id: n.groupId,
  user_id: n.userId,
  text: n.text,
  created_at: n.createdAt,
  updated_at: n.updatedAt,
});

const noteEvent = (groupId: number, userId: number, id: number, action: NewEvent["action"]): NewEvent => ({
  kind: "status",
  action,
  groupId,
  userId,
  statusId: id,
  statusType: "Note",
});

export class Notes {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly journal: Journal,
  ) {}

  async feed(filter: FeedFilter): Promise<FeedItem[]> {
    const rows = await feedQuery(this.db, filter).execute();
    return rows.map((row) => feedItem(row, filter.groupId));
  }

  async byId(id: number): Promise<Note | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.db.selectFrom("notes").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toNote(row);
  }

  create(groupId: number, userId: number, text: string, at: number): Promise<Note> {
    return this.journal.write(async (tx) => {
      const row = await tx
        .insertInto("notes")
        .values(noteRow({ groupId, userId, text, createdAt: at, updatedAt: at }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return { result: toNote(row), events: [noteEvent(row.group_id, row.user_id, row.id, "created")] };
    });
  }

  update(id: number, text: string, at: number): Promise<void> {
    return this.journal.write(async (tx) => {
      const row = await tx
        .updateTable("notes")
        .set({ text, updated_at: at })
        .where("id", "=", id)
        .returning(["group_id", "user_id"])
        .executeTakeFirst();
      return { result: undefined, events: row ? [noteEvent(row.group_id, row.user_id, id, "updated")] : [] };
    });
  }

  delete(id: number): Promise<void> {
    return this.journal.write(async (tx) => {
      const row = await tx
        .deleteFrom("notes")
        .where("id", "=", id)
        .returning(["group_id", "user_id"])
        .executeTakeFirst();
      return { result: undefined, events: row ? [noteEvent(row.group_id, row.user_id, id, "deleted")] : [] };
    });
  }
}
