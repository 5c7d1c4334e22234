/** Memberships (Rails-style, inferred): list the members, add some by email, remove one or leave. */
import { textParam } from "../../http/body";
import { badRequest, notFound } from "../../http/errors";
import { z } from "zod";
import { membersDoc } from "../views";
import { created, ok, resource } from "../input";
import { emailList } from "../members";
import { id, inGroup } from "../params";
import { route } from "../route";

export const membershipRoutes = [
  // docs/coop-api.md §7.2: the members as users with their membership ids, on both paths (§7.4).
  ...["/groups/:group/users", "/groups/:group/memberships"].map((path) =>
    route({
      method: "GET",
      path,
      guard: "member",
      params: inGroup,
      handle: async ({ services, group }) =>
        ok({ doc: membersDoc(await services.store.memberships.members(group.id)) }),
    }),
  ),
  route({
    method: "POST",
    path: "/groups/:group/memberships",
    guard: "member",
    params: inGroup,
    handle: async ({ services, user, group, input }) => {
      const emails = emailList(textParam(resource(input, "membership"), "member_emails"));
      if (emails.length === 0) throw badRequest("member_emails can't be blank");
      // Everyone is invited, account or not: the same answer either way (docs/coop-api.md §7.3).
      await services.invitations.invite(group, user, services.invitations.addresses(emails));
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
