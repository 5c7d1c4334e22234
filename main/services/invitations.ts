/**
 * Invitations waiting for the signed-in user (docs/coop-api.md §8.4): the server adds nobody to a group
 * without consent, so the app lists what is pending and sends the user's answer. Accepting refreshes
 * the group list so the new group shows at once.
 */
import type { ServiceHandlers } from "../../shared/contract";
import { ok, type AppError, type Result } from "../../shared/errors";
import type { Invitation } from "@coop-tray/protocol/models";
import type { Connection } from "./connection";
import type { FeedSync } from "./feeds";
import type { Session } from "./session";

export interface InvitationsDeps {
  readonly session: Session;
  readonly connection: Connection;
  readonly feeds: FeedSync;
}

export class Invitations {
  constructor(private readonly deps: InvitationsDeps) {}

  async list(): Promise<Result<Invitation[]>> {
    const client = await this.deps.session.coop();
    if (!client.ok) return client;
    const result = await client.value.listInvitations({ priority: "interactive", noWait: true });
    this.report(result.ok ? null : result.error);
    // A server from before consent has no such route: nothing can be pending there.
    if (!result.ok && result.error.kind === "notFound") return ok([]);
    return result;
  }

  async answer(invitationId: number, accept: boolean): Promise<Result<null>> {
    const client = await this.deps.session.coop();
    if (!client.ok) return client;
    const result = await client.value.answerInvitation(invitationId, accept, { priority: "interactive", noWait: true });
    this.report(result.ok ? null : result.error);
    if (!result.ok) return result;
    if (accept) {
      await this.deps.feeds.refreshGroups(client.value, "interactive");
      void this.deps.feeds.syncNow();
    }
    return ok(null);
  }

  private report(error: AppError | null): void {
    this.deps.connection.report("coop", error);
  }
}

/** The contract calls this service answers. */
export function invitationCalls(invitations: Invitations) {
  return {
    listInvitations: () => invitations.list(),
    answerInvitation: ({ invitationId, accept }) => invitations.answer(invitationId, accept),
  } satisfies Partial<ServiceHandlers>;
}
