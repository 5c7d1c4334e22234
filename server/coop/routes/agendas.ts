/** Agendas: the group's (docs/coop-api.md §9.1), everyone's (§9.2), one's own (§9.3). */
import type { Params } from "../../http/body";
import { textParam } from "../../http/body";
import { badRequest } from "../../http/errors";
import { list } from "../../render/nodes";
import { limited, ok, updated } from "../input";
import { inGroup } from "../params";
import { route } from "../route";
import { groupAgendaDoc, userAgendaNode } from "../views";

function agendaText(params: Params): string {
  const value = textParam(params, "agenda");
  if (value === undefined || value === null)
    throw badRequest('agenda can\'t be missing (send <agenda>text</agenda> or {"agenda": "text"})');
  return limited(value, "Agenda");
}

export const agendaRoutes = [
  route({
    method: "GET",
    path: "/groups/:group/agenda",
    guard: "member",
    params: inGroup,
    handle: ({ group }) => ok({ doc: groupAgendaDoc(group) }),
  }),
  route({
    method: "PUT",
    path: "/groups/:group/agenda",
    // The group's agenda is the owner's; each member writes their own (my_agenda): docs/coop-api.md §9.1.
    guard: "owner",
    refusal: "Only the group owner can change the group's agenda",
    params: inGroup,
    handle: async ({ services, group, input }) => {
      await services.store.groups.update(group.id, { agenda: agendaText(input) }, null);
      return updated(`/groups/${group.id}/agenda`);
    },
  }),
  route({
    method: "GET",
    path: "/groups/:group/user_agendas",
    guard: "member",
    params: inGroup,
    handle: async ({ services, group }) => {
      const agendas = (await services.store.memberships.inGroup(group.id)).map((ms) =>
        userAgendaNode(ms.userId, ms.agenda),
      );
      return ok({ doc: { root: "user_agendas", node: list("user_agenda", agendas), rooted: false } });
    },
  }),
  route({
    method: "GET",
    path: "/groups/:group/my_agenda",
    guard: "member",
    params: inGroup,
    handle: async ({ services, user, group }) => {
      const membership = await services.store.memberships.find(group.id, user.id);
      return ok({
        doc: { root: "user_agenda", node: userAgendaNode(user.id, membership?.agenda ?? ""), rooted: false },
      });
    },
  }),
  route({
    method: "PUT",
    path: "/groups/:group/my_agenda",
    guard: "member",
    params: inGroup,
    handle: async ({ services, user, group, input }) => {
      await services.store.memberships.setAgenda(group.id, user.id, agendaText(input));
      return updated(`/groups/${group.id}/my_agenda`);
    },
  }),
];
