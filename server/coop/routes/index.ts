/** Every Co-op route, one file per resource; the pipeline finds the first that matches. */
import type { CoopRoute } from "../route";
import { agendaRoutes } from "./agendas";
import { credentialRoutes } from "./credentials";
import { eventRoutes } from "./events";
import { groupRoutes } from "./groups";
import { invitationAnswerRoutes } from "./invitation-answers";
import { invitationRoutes } from "./invitations";
import { membershipRoutes } from "./memberships";
import { statusRoutes } from "./statuses";
import { tokenRoutes } from "./tokens";
import { userRoutes } from "./users";

export { LATEST_LIMIT } from "./statuses";

export const coopRoutes: readonly CoopRoute[] = [
  ...groupRoutes,
  ...membershipRoutes,
  ...statusRoutes,
  ...agendaRoutes,
  ...userRoutes,
  ...credentialRoutes,
  ...invitationAnswerRoutes,
  ...invitationRoutes,
  ...eventRoutes,
  ...tokenRoutes,
];
