/** Memberships (Rails-style, inferred): list the members, add some by email, remove one or leave. */
import { textParam } from "../../http/body";
import { badRequest, notFound } from "../../http/errors";
import { z } from "zod";
import { membersDoc, membershipsDoc } from "../views";
import { created, ok, resource } from "../input";
import { emailList, invite } from "../members";
import { id, inGroup } from "../params";
import { route } from "../route";

export const membershipRoutes = [
  // docs/coop-api.md §7.2: the group's members as users.
  route({
    method: "GET",
    path: "/groups/:group/users",
    guard: "member",
    params: inGroup,
    handle: async ({ services, group }) => ok({ doc: membersDoc(await services.store.memberships.members(group.id)) }),
  }),
  // The Rails-style listing: the same users, each with the membership id removing or leaving takes (§7.4).
  route({
    method: "GET",
    path: "/groups/:group/memberships",
    guard: "member",
    params: inGroup,
    handle: async ({ services, group }) => {
      const { memberships } = services.store;
      const [users, rows] = await Promise.all([memberships.members(group.id), memberships.inGroup(group.id)]);
      return ok({ doc: membershipsDoc(users, new Map(rows.map((row) => [row.userId, row.id] as const))) });
    },
  }),
  route({
    method: "POST",
    path: "/groups/:group/memberships",
    guard: "member",
    params: inGroup,
    handle: async ({ services, user, group, input }) => {
      const emails = emailList(textParam(resource(input, "membership"), "member_emails"));
      if (emails.length === 0) throw badRequest("member_emails can't be blank");
      await invite(services, group, user, emails);
      return created(`/groups/${group.id}/memberships`);
    },
  }),
  route({
    method: "DELETE",
    path: "/groups/:group/memberships/:membership",
    guard: "member",
    params: z.object({ group: id, membership: id }),
    handle: async ({ services, user, group, params }) => {
      const { store } = services;
      const target = (await store.memberships.inGroup(group.id)).find((ms) => ms.id === params.membership);
      if (target === undefined) throw notFound("Membership not found");
      if (target.userId !== user.id && group.ownerId !== user.id)
        throw badRequest("Only the group owner can remove other members");
      if (target.userId === group.ownerId) throw badRequest("The owner cannot leave: change the owner first");
      await store.memberships.leave(group.id, target.userId);
      return ok({ changed: true });
    },
  }),
];
