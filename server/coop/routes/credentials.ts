/** The signed-in user's own Harvest credential (docs/coop-api.md §11); checked with Harvest before it is kept. */
import { textParam } from "../../http/body";
import { HttpError, badRequest, notFound } from "../../http/errors";
import type { Params } from "../../http/body";
import type { User } from "../../store/records";
import type { CoopServices } from "../context";
import { created, ok, requiredText, resource, updated } from "../input";
import { ofUser } from "../params";
import { route } from "../route";
import { credentialDoc } from "../views";

const NOT_YOURS = "Harvest credential not found: you can only see and change your own";
const PATH = "/users/:user/harvest_credential";

/** The login from the body, checked with Harvest first (400 with Harvest's reason when refused). */
async function saveCredential(services: CoopServices, user: User, input: Params): Promise<void> {
  const fields = resource(input, "harvest_credential");
  const subdomain = requiredText(fields, "subdomain", "Subdomain");
  const email = requiredText(fields, "email", "Email");
  const password = textParam(fields, "password");
  if (password === undefined || password === null || password === "") throw badRequest("Password can't be blank");
  // An address off Harvest is refused before any request is sent there (docs/coop-api.md §16.2).
  const refusal = services.harvest.refusal?.({ subdomain, email, password }) ?? null;
  if (refusal !== null) throw new HttpError(422, refusal);
  const verdict = await services.harvest.verify({ subdomain, email, password });
  if (!verdict.ok) throw badRequest(`Harvest rejected the login: ${verdict.message}`);
  const { store, secrets, now } = services;
  await store.credentials.save(user.id, { subdomain, email, secret: secrets.seal(password) }, now());
  await services.gatherNow(user.id);
}

async function requireCredential(services: CoopServices, user: User): Promise<void> {
  if ((await services.store.credentials.of(user.id)) === null) throw notFound("You have no Harvest credential");
}

export const credentialRoutes = [
  route({
    method: "GET",
    path: PATH,
    guard: "self",
    refusal: NOT_YOURS,
    params: ofUser,
    handle: async ({ services, user }) => {
      const credential = await services.store.credentials.of(user.id);
      if (credential === null) throw notFound("You have no Harvest credential");
      return ok({ doc: credentialDoc(credential) });
    },
  }),
  route({
    method: "POST",
    path: PATH,
    guard: "self",
    refusal: NOT_YOURS,
    params: ofUser,
    handle: async ({ services, user, input }) => {
      if ((await services.store.credentials.of(user.id)) !== null)
        throw badRequest("You already have a Harvest credential: update or delete it instead");
      await saveCredential(services, user, input);
      return created(`/users/${user.id}/harvest_credential`);
    },
  }),
  route({
    method: "PUT",
    path: PATH,
    guard: "self",
    refusal: NOT_YOURS,
    params: ofUser,
    handle: async ({ services, user, input }) => {
      await requireCredential(services, user);
      await saveCredential(services, user, input);
      return updated(`/users/${user.id}/harvest_credential`);
    },
  }),
  route({
    method: "DELETE",
    path: PATH,
    guard: "self",
    refusal: NOT_YOURS,
    params: ofUser,
    handle: async ({ services, user }) => {
      await requireCredential(services, user);
      await services.store.credentials.delete(user.id);
      return ok({ changed: true });
    },
  }),
  // §11.7: a timer started or stopped in the tray; teammates' streams hear it within seconds.
  route({
    method: "POST",
    path: `${PATH}/gather`,
    guard: "self",
    refusal: NOT_YOURS,
    params: ofUser,
    handle: async ({ services, user }) => {
      await requireCredential(services, user);
      const last = lastGathered.get(services)?.get(user.id) ?? -Infinity;
      const now = services.now();
      // Asked again within moments (a start then a stop): the last gathering is fresh, so nothing goes to
      // Harvest, and the answer is 202 rather than a 429 that would pause the whole client.
      if (now - last < GATHER_EVERY_MS) return { status: 202 };
      const mine = lastGathered.get(services) ?? new Map<number, number>();
      lastGathered.set(services, mine.set(user.id, now));
      await services.gatherNow(user.id);
      return ok();
    },
  }),
];

/** One asked-for gathering per member this often: each costs a Harvest round trip. */
const GATHER_EVERY_MS = 5000;
const lastGathered = new WeakMap<CoopServices, Map<number, number>>();
