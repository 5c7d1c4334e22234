/** Groups (docs/coop-api.md §5): list, create, rename or re-zone, change the owner, delete. */
import { randomBytes } from "node:crypto";
import { integerParam, textParam } from "../../http/body";
import { badRequest } from "../../http/errors";
import { groupsDoc } from "../views";
import { created, limited, ok, requiredText, resource, timezoneParam, updated } from "../input";
import type { Mails } from "../invitations";
import { emailList } from "../members";
import { inGroup, none } from "../params";
import { route } from "../route";

export const groupRoutes = [
  route({
    method: "GET",
    path: "/groups",
    guard: "user",
    params: none,
    handle: async ({ services, user }) => ok({ doc: groupsDoc(await services.store.groups.of(user.id)) }),
  }),
  route({
    method: "POST",
    path: "/groups",
    guard: "user",
    params: none,
    handle: async ({ services, user, input }) => {
      const fields = resource(input, "group");
      const name = limited(requiredText(fields, "name", "Name"), "Name");
      const timezone = timezoneParam(requiredText(fields, "timezone", "Timezone"));
      const { store, now, invitations } = services;
      const emails = invitations.addresses(emailList(textParam(fields, "member_emails")));
      const linked = (await store.credentials.of(user.id)) !== null;
      let mails: Mails = [];
      // One transaction: invitations past the daily limit (429) leave no group behind (docs/coop-api.md §8.1).
      const group = await store.groups.create(
        {
          name,
          timezone,
          ownerId: user.id,
          feedKey: String(1_000_000_000 + (randomBytes(4).readUInt32BE(0) % 8_999_999_999)),
          apiToken: randomBytes(16).toString("hex"),
        },
        now(),
        linked,
        async (tx, made) => {
          mails = await invitations.inviteIn(tx, made, user, emails);
        },
      );
      await invitations.send(mails);
      return created(`/groups/${group.id}`);
    },
  }),
  route({
    method: "PUT",
    path: "/groups/:group",
    // The group's name and zone are the owner's to set (docs/coop-api.md §5.4).
    guard: "owner",
    refusal: "Only the group owner can rename the group or change its time zone",
    params: inGroup,
    handle: async ({ services, group, input }) => {
      const fields = resource(input, "group");
      const name = textParam(fields, "name");
      const timezone = textParam(fields, "timezone");
      if (name === undefined && timezone === undefined)
        throw badRequest("Nothing to update: send name and/or timezone");
      const nextName = name === undefined ? group.name : limited(requiredText(fields, "name", "Name"), "Name");
      const nextZone = timezone === undefined ? group.timezone : timezoneParam(timezone ?? "");
      await services.store.groups.update(group.id, { name: nextName, timezone: nextZone }, services.now());
      return updated(`/groups/${group.id}`);
    },
  }),
  route({
    method: "PUT",
    path: "/groups/:group/change_owner",
    guard: "owner",
    refusal: "Only the group owner can change the owner",
    params: inGroup,
    handle: async ({ services, group, input }) => {
      const newOwner =
        integerParam(input, "new_group_owner_id") ?? integerParam(resource(input, "group"), "new_group_owner_id");
      if (newOwner === undefined || newOwner === null) throw badRequest("new_group_owner_id can't be blank");
      if ((await services.store.memberships.find(group.id, newOwner)) === null)
        throw badRequest("The new owner must be a member of the group");
      await services.store.groups.update(group.id, { ownerId: newOwner }, services.now());
      return updated(`/groups/${group.id}`);
    },
  }),
  route({
    method: "DELETE",
    path: "/groups/:group",
    guard: "owner",
    refusal: "Only the group owner can delete the group",
    params: inGroup,
    handle: async ({ services, group }) => {
      await services.store.groups.delete(group.id);
      return ok({ changed: true });
    },
  }),
];
