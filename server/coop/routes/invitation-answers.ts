/**
 * A signed-in user's pending invitations and their answers (docs/coop-api.md §8.4): consent before
 * membership. Only the invitee may see or answer an invitation; to anyone else it does not exist (404).
 */
import { z } from "zod";
import { HttpError, notFound } from "../../http/errors";
import type { User } from "../../store/records";
import type { CoopServices } from "../context";
import { ok, updated } from "../input";
import { id, none } from "../params";
import { route } from "../route";
import { invitationsDoc } from "../views";

const byId = z.object({ invitation: id });

async function answer(services: CoopServices, user: User, invitationId: number, accept: boolean) {
  const { store, now } = services;
  const mine = (await store.invitations.pendingFor(user.email)).find((p) => p.id === invitationId);
  if (mine === undefined) throw notFound("Invitation not found or already answered");
  // Another answer may win between the read and this update (two devices, a double click): 409, not 500.
  if (!(await store.invitations.answer(invitationId, user, accept, now())))
    throw new HttpError(409, "Invitation already answered");
  return mine;
}

export const invitationAnswerRoutes = [
  route({
    method: "GET",
    path: "/invitations",
    guard: "user",
    params: none,
    handle: async ({ services, user }) =>
      ok({ doc: invitationsDoc(await services.store.invitations.pendingFor(user.email)) }),
  }),
  route({
    method: "POST",
    path: "/invitations/:invitation/accept",
    guard: "user",
    params: byId,
    handle: async ({ services, user, params }) => {
      const invitation = await answer(services, user, params.invitation, true);
      return updated(`/groups/${invitation.groupId}`);
    },
  }),
  route({
    method: "POST",
    path: "/invitations/:invitation/decline",
    guard: "user",
    params: byId,
    handle: async ({ services, user, params }) => {
      await answer(services, user, params.invitation, false);
      return ok({ changed: true });
    },
  }),
];
