/**
 * Telling statuses apart: a Note's and a DayEntry's ids come from different tables (a DayEntry's is
 * Harvest's) and collide, so a status is keyed by both. Here rather than beside the models, so the
 * renderer can key its lists without loading the models' zod schemas.
 */
import type { Status } from "../models";

export type StatusKey = `${Status["type"]}:${number}`;

export function statusKey(status: Pick<Status, "type" | "id">): StatusKey {
  return `${status.type}:${status.id}`;
}
