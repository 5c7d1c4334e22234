/**
 * `PUT /users/<id>` (docs/coop-api.md §10.2): one's own password, only with the current one. A wrong
 * current password is a failed sign-in like any other (the verifier counts and slows it) and answers
 * 422, not 401, so a client does not take it for its own credentials having expired.
 *
 * A change revokes every token of the user but the one the request came with: whoever knew the old
 * password could have minted tokens with it, and changing a password is what one does on suspecting
 * exactly that. The app that made the change (signed in with its device token) stays signed in.
 */
import { MIN_PASSWORD_LENGTH, hashPassword } from "../auth/passwords";
import { textParam } from "../http/body";
import { HttpError } from "../http/errors";
import type { Reply } from "../router";
import type { User } from "../store/records";
import type { CoopRequest, SignedInWith } from "./route";
import { ok, resource } from "./input";
import { userDoc } from "./views";

type Request = CoopRequest<"self", unknown> & { readonly user: User; readonly via: SignedInWith };

export async function changePassword({ ctx, services, user, input, via }: Request): Promise<Reply> {
  const fields = resource(input, "user");
  const next = textParam(fields, "password");
  if (typeof next !== "string" || next.length < MIN_PASSWORD_LENGTH)
    throw new HttpError(422, `Password is too short (at least ${MIN_PASSWORD_LENGTH} characters)`);
  const current = textParam(fields, "current_password") ?? "";
  const verified = await services.verifier.verify(user.email, current, ctx.remoteAddress);
  if (verified?.id !== user.id) throw new HttpError(422, "Current password is wrong");
  const { store, now } = services;
  await store.users.changePassword(user.id, await hashPassword(next), now(), via.kind === "token" ? via.tokenId : null);
  services.verifier.forget(user.id);
  return { ...ok({ doc: userDoc(user, (await store.credentials.of(user.id)) !== null) }), changed: true };
}
