/** Co-op resources as documents (field order as in the original Co-op docs' samples). */
import type { Credential, FeedItem, Group, GroupWithCount, User } from "../store/records";
import type { PendingInvitation } from "../store/store";
import { bool, date, float, int, list, obj, str, strOrNil, time } from "../render/nodes";
import type { Doc, Node } from "../render/nodes";
import { textileToHtml } from "../textile";

/**
 * Co-op rendered group times in US Eastern (the original docs' group sample; docs/coop-api.md §3.5),
 * statuses in UTC, users in US Pacific (the 2012 capture).
 */
export const GROUP_ZONE = "America/New_York";
export const STATUS_ZONE = "UTC";
export const USER_ZONE = "America/Los_Angeles";

export const fullName = (user: User): string => `${user.firstName} ${user.lastName}`.trim();

export function groupNode(group: GroupWithCount): Node {
  return obj([
    ["id", int(group.id)],
    ["name", str(group.name)],
    ["timezone", str(group.timezone)],
    ["updated_at", time(group.updatedAt, GROUP_ZONE)],
    ["created_at", time(group.createdAt, GROUP_ZONE)],
    ["feed_key", str(group.feedKey)],
    ["memberships_count", int(group.membershipsCount)],
    // Not in Co-op's surviving docs (docs/coop-api.md §5.1, §14); sent so a client can offer owner-only actions to the owner.
    ["owner_id", int(group.ownerId)],
  ]);
}

export const groupsDoc = (groups: readonly GroupWithCount[]): Doc => ({
  root: "groups",
  node: list(
    "group",
    groups.map((g) => groupNode(g)),
  ),
  rooted: false,
});

function statusUser(user: User): Node {
  return obj([
    ["id", int(user.id)],
    ["name", str(fullName(user))],
    ["email", str(user.email)],
    ["avatar_thumb_url", str(user.avatarThumbUrl)],
  ]);
}

export function statusNode(item: FeedItem): Node {
  if (item.type === "Note") {
    const { note } = item;
    return obj([
      ["id", int(note.id)],
      ["type", str("Note")],
      ["text", str(note.text)],
      ["group_id", int(note.groupId)],
      ["user", statusUser(item.user)],
      ["updated_at", time(note.updatedAt, STATUS_ZONE)],
      ["created_at", time(note.createdAt, STATUS_ZONE)],
    ]);
  }
  const { entry } = item;
  const fields: Array<readonly [string, Node]> = [
    ["id", int(entry.id)],
    ["type", str("DayEntry")],
    ["text", str(entry.notes)],
    ["hours", float(entry.hours)],
    ["client", str(entry.client)],
    ["project", str(entry.project)],
    ["task", str(entry.task)],
    ["group_id", int(item.groupId)],
  ];
  // Present only while the timer runs, as in the original docs' sample (docs/coop-api.md §6.1).
  if (entry.timerStartedAt !== null) fields.push(["timer_started_at", time(entry.timerStartedAt, STATUS_ZONE)]);
  fields.push(
    ["spent_at", date(entry.spentAt)],
    ["user", statusUser(item.user)],
    ["created_at", time(entry.createdAt, STATUS_ZONE)],
  );
  return obj(fields);
}

export const statusesDoc = (items: readonly FeedItem[]): Doc => ({
  root: "statuses",
  node: list("status", items.map(statusNode)),
  rooted: false,
});

export const statusDoc = (item: FeedItem): Doc => ({ root: "status", node: statusNode(item), rooted: false });

function memberFields(user: User): Array<readonly [string, Node]> {
  return [
    ["id", int(user.id)],
    ["first_name", str(user.firstName)],
    ["last_name", str(user.lastName)],
    ["email", str(user.email)],
    ["city", strOrNil(user.city)],
    ["avatar_thumb_url", str(user.avatarThumbUrl)],
    ["updated_at", time(user.updatedAt, USER_ZONE)],
  ];
}

/** Each member with the id of their membership, which removing a member or leaving names (docs/coop-api.md §7.1). */
/** A group's members as users, each with its membership's id, which removing or leaving takes (§7.2, §7.4). */
export const membersDoc = (members: ReadonlyArray<{ readonly membershipId: number; readonly user: User }>): Doc => ({
  root: "users",
  node: list(
    "user",
    members.map((m) => obj([...memberFields(m.user), ["membership_id", int(m.membershipId)]])),
  ),
  rooted: false,
});

export const userDoc = (user: User, hasCredential: boolean): Doc => ({
  root: "user",
  node: obj([
    ...memberFields(user),
    ["created_at", time(user.createdAt, USER_ZONE)],
    ["has_harvest_credential", bool(hasCredential)],
  ]),
  rooted: false,
});

export const groupAgendaDoc = (group: Group): Doc => ({
  root: "agenda",
  node: obj([
    ["group_id", int(group.id)],
    ["agenda", str(group.agenda)],
    ["agenda_html", str(textileToHtml(group.agenda))],
  ]),
  rooted: false,
});

export const userAgendaNode = (userId: number, agenda: string): Node =>
  obj([
    ["user_id", int(userId)],
    ["agenda", str(agenda)],
    ["agenda_html", str(textileToHtml(agenda))],
  ]);

export const credentialDoc = (credential: Credential): Doc => ({
  root: "harvest_credential",
  node: obj([
    ["id", int(credential.id)],
    ["email", str(credential.email)],
    ["subdomain", str(credential.subdomain)],
    ["user_id", int(credential.userId)],
    ["updated_at", time(credential.updatedAt, STATUS_ZONE)],
    ["created_at", time(credential.createdAt, STATUS_ZONE)],
  ]),
  rooted: false,
});

/** The signed-in user's pending invitations (docs/coop-api.md §8.4). */
export const invitationsDoc = (pending: readonly PendingInvitation[]): Doc => ({
  root: "invitations",
  node: list(
    "invitation",
    pending.map((p) =>
      obj([
        ["id", int(p.id)],
        ["group_id", int(p.groupId)],
        ["group_name", str(p.groupName)],
        ["inviter_name", strOrNil(p.inviterName)],
        ["created_at", time(p.createdAt, USER_ZONE)],
      ]),
    ),
  ),
  rooted: false,
});
