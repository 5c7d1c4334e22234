/** Users (docs/coop-api.md §10): oneself, or someone sharing a group. */
import { notFound } from "../../http/errors";
import { changePassword } from "../password-change";
import { ok } from "../input";
import { ofUser } from "../params";
import { route } from "../route";
import { userDoc } from "../views";

export const userRoutes = [
  route({
    method: "GET",
    path: "/users/:user",
    guard: "user",
    params: ofUser,
    handle: async ({ services, user, params }) => {
      const { store } = services;
      const target = await store.users.byId(params.user);
      if (target === null || (target.id !== user.id && !(await store.memberships.shareGroup(user.id, target.id))))
        throw notFound("User not found");
      return ok({ doc: userDoc(target, (await store.credentials.of(target.id)) !== null) });
    },
  }),
  route({
    method: "PUT",
    path: "/users/:user",
    guard: "self",
    refusal: "User not found",
    params: ofUser,
    handle: changePassword,
  }),
];
