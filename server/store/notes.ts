/** Notes and the feed they appear in with the members' gathered time entries (see feed.ts). */
import type { Insertable, Kysely, Selectable } from "kysely";
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

export class Notes {
  constructor(private readonly db: Kysely<Database>) {}

  async feed(filter: FeedFilter): Promise<FeedItem[]> {
    const rows = await feedQuery(this.db, filter).execute();
    return rows.map((row) => feedItem(row, filter.groupId));
  }

  async byId(id: number): Promise<Note | null> {
    if (!Number.isSafeInteger(id)) return null;
    const row = await this.db.selectFrom("notes").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toNote(row);
  }

  async create(groupId: number, userId: number, text: string, at: number): Promise<Note> {
    const row = await this.db
      .insertInto("notes")
      .values(noteRow({ groupId, userId, text, createdAt: at, updatedAt: at }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toNote(row);
  }

  async update(id: number, text: string, at: number): Promise<void> {
    await this.db.updateTable("notes").set({ text, updated_at: at }).where("id", "=", id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom("notes").where("id", "=", id).execute();
  }
}
