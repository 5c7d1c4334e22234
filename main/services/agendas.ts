/** Agendas (docs/coop-api.md §9): the group's and the user's own, read together, updated one at a time. */
import type { AgendaView, ServiceHandlers } from "../../shared/contract";
import { ok, type Result } from "../../shared/errors";
import type { GroupAgenda, UserAgenda } from "@coop-tray/protocol/models";
import type { Connection } from "./connection";
import type { Session } from "./session";

export class Agendas {
  constructor(
    private readonly session: Session,
    private readonly connection: Connection,
  ) {}

  async get(groupId: number): Promise<Result<AgendaView>> {
    const client = await this.session.coop();
    if (!client.ok) return client;
    const [group, mine] = await Promise.all([
      client.value.groupAgenda(groupId, { priority: "interactive", noWait: true }),
      client.value.myAgenda(groupId, { priority: "interactive", noWait: true }),
    ]);
    this.connection.report("coop", group.ok ? (mine.ok ? null : mine.error) : group.error);
    if (!group.ok) return group;
    if (!mine.ok) return mine;
    return ok({ group: group.value, mine: mine.value });
  }

  async updateGroup(groupId: number, agenda: string): Promise<Result<GroupAgenda>> {
    const client = await this.session.coop();
    if (!client.ok) return client;
    const saved = await client.value.updateGroupAgenda(groupId, agenda, { priority: "interactive", noWait: true });
    this.connection.report("coop", saved.ok ? null : saved.error);
    if (!saved.ok) return saved;
    // The server renders the HTML: read it back.
    return client.value.groupAgenda(groupId, { priority: "interactive", noWait: true });
  }

  async updateMine(groupId: number, agenda: string): Promise<Result<UserAgenda>> {
    const client = await this.session.coop();
    if (!client.ok) return client;
    const saved = await client.value.updateMyAgenda(groupId, agenda, { priority: "interactive", noWait: true });
    this.connection.report("coop", saved.ok ? null : saved.error);
    if (!saved.ok) return saved;
    return client.value.myAgenda(groupId, { priority: "interactive", noWait: true });
  }
}

/** The contract calls this service answers. */
export function agendaCalls(agendas: Agendas) {
  return {
    getAgendas: ({ groupId }) => agendas.get(groupId),
    updateGroupAgenda: ({ groupId, agenda }) => agendas.updateGroup(groupId, agenda),
    updateMyAgenda: ({ groupId, agenda }) => agendas.updateMine(groupId, agenda),
  } satisfies Partial<ServiceHandlers>;
}
