/**
 * Groups (docs/coop-api.md §5, §7): create with invitations and a Co-op time zone, edit, change owner,
 * delete, members.
 */
import type { GroupInput, GroupSummary, ServiceHandlers } from "../../shared/contract";
import { err, isTransient, ok, type AppError, type Result } from "../../shared/errors";
import type { Group, Member } from "@coop-tray/protocol/models";
import { canonicalTimeZone, isEmail } from "@coop-tray/protocol/rules";
import type { CoopClient } from "@coop-tray/protocol";
import type { Clock } from "./clock";
import type { Connection } from "./connection";
import type { FeedSync } from "./feeds";
import type { Session } from "./session";
import type { AppStore } from "./store";

/** A listGroups call this soon after the last refresh answers from the cache. */
const GROUPS_FRESH_MS = 30_000;

export interface GroupsDeps {
  readonly store: AppStore;
  readonly session: Session;
  readonly connection: Connection;
  readonly feeds: FeedSync;
  readonly clock: Clock;
}

export class Groups {
  constructor(private readonly deps: GroupsDeps) {}

  /**
   * The group list; `force` asks Co-op even when the cached list is fresh, and syncs every group's
   * feed (the user pressed Refresh).
   */
  async list(options: { readonly force?: boolean } = {}): Promise<Result<GroupSummary[]>> {
    const { store, session, feeds, clock } = this.deps;
    const client = await session.coop();
    if (!client.ok) return client;
    const syncedAt = store.doc.groups.syncedAt;
    if (!options.force && syncedAt !== null && clock.now() - syncedAt < GROUPS_FRESH_MS) return ok(feeds.summaries());
    const result = await feeds.refreshGroups(client.value, "interactive");
    // Offline or throttled: the cached list is better than nothing.
    if (!result.ok && !(isTransient(result.error) && syncedAt !== null)) return result;
    // Refresh means everything: every group's latest statuses (their unread counts), not only the open one's.
    if (options.force && result.ok) await feeds.syncNow();
    return ok(feeds.summaries());
  }

  async create(input: GroupInput & { readonly memberEmails: readonly string[] }): Promise<Result<Group>> {
    const checked = checkGroup(input);
    if (!checked.ok) return checked;
    const emails = memberEmails(input.memberEmails);
    if (!emails.ok) return emails;
    return this.withClient(async (client) => {
      const created = await client.createGroup(
        { ...checked.value, memberEmails: emails.value },
        { priority: "interactive", noWait: true },
      );
      this.report(created.ok ? null : created.error);
      if (!created.ok) return created;
      return this.reloaded(created.value);
    });
  }

  async update(input: GroupInput & { readonly groupId: number }): Promise<Result<Group>> {
    const checked = checkGroup(input);
    if (!checked.ok) return checked;
    return this.withClient(async (client) => {
      const updated = await client.updateGroup(input.groupId, checked.value, { priority: "interactive", noWait: true });
      this.report(updated.ok ? null : updated.error);
      if (!updated.ok) return updated;
      return this.reloaded(input.groupId);
    });
  }

  async changeOwner(groupId: number, newOwnerId: number): Promise<Result<null>> {
    return this.withClient(async (client) => {
      const changed = await client.changeGroupOwner(groupId, newOwnerId, { priority: "interactive", noWait: true });
      this.report(changed.ok ? null : changed.error);
      if (!changed.ok) return changed;
      await this.deps.feeds.refreshGroups(client, "interactive");
      return ok(null);
    });
  }

  async remove(groupId: number): Promise<Result<null>> {
    return this.withClient(async (client) => {
      const deleted = await client.deleteGroup(groupId, { priority: "interactive", noWait: true });
      this.report(deleted.ok ? null : deleted.error);
      if (!deleted.ok) return deleted;
      // Refreshing the list also drops the group's cached feed, days and members.
      const refreshed = await this.deps.feeds.refreshGroups(client, "interactive");
      if (!refreshed.ok) {
        this.deps.store.update((doc) => ({
          ...doc,
          groups: { ...doc.groups, list: doc.groups.list.filter((g) => g.id !== groupId) },
        }));
        this.deps.feeds.emitGroupsIfChanged();
      }
      return ok(null);
    });
  }

  async members(groupId: number): Promise<Result<Member[]>> {
    return this.withClient(async (client) => {
      const result = await client.listMembers(groupId, { priority: "interactive", noWait: true });
      this.report(result.ok ? null : result.error);
      const cached = this.deps.store.doc.members[String(groupId)];
      if (!result.ok) return isTransient(result.error) && cached ? ok(cached.list) : result;
      const now = this.deps.clock.now();
      this.deps.store.update((doc) => ({
        ...doc,
        members: { ...doc.members, [String(groupId)]: { list: result.value, fetchedAt: now } },
      }));
      return ok(result.value);
    });
  }

  /**
   * Adds people to a group by email (docs/coop-api.md §7.3): users join at once, other addresses get
   * an invitation. Answers the member list as it is now.
   */
  async invite(groupId: number, addresses: readonly string[]): Promise<Result<Member[]>> {
    const emails = memberEmails(addresses);
    if (!emails.ok) return emails;
    if (emails.value.length === 0) return err(invalid("Enter at least one email address."));
    return this.withClient(async (client) => {
      const added = await client.addMembers(groupId, emails.value, { priority: "interactive", noWait: true });
      this.report(added.ok ? null : added.error);
      if (!added.ok) return added;
      void this.deps.feeds.refreshGroups(client, "interactive");
      return this.members(groupId);
    });
  }

  /**
   * Removes a membership (docs/coop-api.md §7.4): the owner removes anyone, a member removes their own
   * (leaving). Leaving drops the group from the list; otherwise answers the member list as it is now.
   */
  async removeMember(groupId: number, membershipId: number): Promise<Result<Member[]>> {
    return this.withClient(async (client) => {
      const removed = await client.removeMembership(groupId, membershipId, { priority: "interactive", noWait: true });
      this.report(removed.ok ? null : removed.error);
      if (!removed.ok) return removed;
      // Refreshing the list drops a group the user left, with its cached feed, days and members.
      await this.deps.feeds.refreshGroups(client, "interactive");
      const stillMember = this.deps.store.doc.groups.list.some((g) => g.id === groupId);
      return stillMember ? this.members(groupId) : ok([]);
    });
  }

  private async withClient<T>(run: (client: CoopClient) => Promise<Result<T>>): Promise<Result<T>> {
    const client = await this.deps.session.coop();
    if (!client.ok) return client;
    return run(client.value);
  }

  /** Create and update answer without a body: read the group back from the list. */
  private async reloaded(groupId: number): Promise<Result<Group>> {
    const client = await this.deps.session.coop();
    if (!client.ok) return client;
    const groups = await this.deps.feeds.refreshGroups(client.value, "interactive");
    if (!groups.ok) return groups;
    const group = groups.value.find((g) => g.id === groupId);
    if (!group) return err({ kind: "notFound", message: `Group ${groupId} was saved but is not in your group list.` });
    void this.deps.feeds.syncNow();
    return ok(group);
  }

  private report(error: AppError | null): void {
    this.deps.connection.report("coop", error);
  }
}

function checkGroup(input: GroupInput): Result<{ name: string; timezone: string }> {
  const name = input.name.trim();
  if (name.length === 0) return err(invalid("A group needs a name."));
  const timezone = canonicalTimeZone(input.timezone);
  if (!timezone) return err(invalid(`Co-op does not know the time zone "${input.timezone}". Pick one from the list.`));
  return ok({ name, timezone });
}

/** The addresses typed, trimmed, blanks dropped; any that is not an email is named in the refusal. */
function memberEmails(addresses: readonly string[]): Result<string[]> {
  const emails = addresses.map((e) => e.trim()).filter((e) => e.length > 0);
  const bad = emails.filter((e) => !isEmail(e));
  return bad.length > 0 ? err(invalid(`Not an email address: ${bad.join(", ")}`)) : ok(emails);
}

function invalid(message: string): AppError {
  return { kind: "invalidInput", message, issues: [message] };
}

/** The contract calls this service answers. */
export function groupCalls(groups: Groups) {
  return {
    listGroups: () => groups.list(),
    refreshGroups: () => groups.list({ force: true }),
    createGroup: (input) => groups.create(input),
    updateGroup: (input) => groups.update(input),
    changeGroupOwner: ({ groupId, newOwnerId }) => groups.changeOwner(groupId, newOwnerId),
    deleteGroup: ({ groupId }) => groups.remove(groupId),
    listMembers: ({ groupId }) => groups.members(groupId),
    inviteMembers: ({ groupId, emails }) => groups.invite(groupId, emails),
    removeMember: ({ groupId, membershipId }) => groups.removeMember(groupId, membershipId),
  } satisfies Partial<ServiceHandlers>;
}
