/**
 * The group a member route names, joined onto a sign-in read (a token's or a remembered password's)
 * so that signing in and the membership check are one query: the group's columns under
 * `group_<column>` (all null when the user is not a member) and its feed version.
 */
import type { SelectQueryBuilder, Selectable } from "kysely";
import { toGroup } from "./groups";
import { param } from "./prepared";
import type { MemberGroup } from "./records";
import type { Database, GroupsTable } from "./schema";

export type MemberColumns = {
  readonly [K in keyof GroupsTable as `group_${K & string}`]: Selectable<GroupsTable>[K] | null;
} & {
  readonly group_feed_version: number | null;
};

/**
 * Joins the group with the stand-in id 0 (the compiled statement's first parameter) if `users.id` is
 * one of its members.
 */
export function joinMemberGroup<O>(query: SelectQueryBuilder<Database, "users" | "tokens", O>) {
  return query
    .leftJoin("memberships", (join) =>
      join.onRef("memberships.user_id", "=", "users.id").on("memberships.group_id", "=", param(0, "integer")),
    )
    .leftJoin("groups", "groups.id", "memberships.group_id")
    .leftJoin("feed_versions", "feed_versions.group_id", "groups.id")
    .select([
      "groups.id as group_id",
      "groups.name as group_name",
      "groups.timezone as group_timezone",
      "groups.owner_id as group_owner_id",
      "groups.created_at as group_created_at",
      "groups.updated_at as group_updated_at",
      "groups.feed_key as group_feed_key",
      "groups.api_token as group_api_token",
      "groups.agenda as group_agenda",
      "feed_versions.version as group_feed_version",
    ]);
}

/** The joined group, or null when the user is not a member of it. */
export function memberGroupOf(row: MemberColumns): MemberGroup | null {
  if (row.group_id === null) return null;
  return {
    ...toGroup({
      id: row.group_id,
      name: row.group_name ?? "",
      timezone: row.group_timezone ?? "UTC",
      owner_id: row.group_owner_id ?? 0,
      created_at: row.group_created_at ?? 0,
      updated_at: row.group_updated_at ?? 0,
      feed_key: row.group_feed_key ?? "",
      api_token: row.group_api_token ?? "",
      agenda: row.group_agenda ?? "",
    }),
    feedVersion: Number(row.group_feed_version ?? 0),
  };
}
