/**
 * The handler table: every service call, answered by the module that owns it. Each module lists
 * its own calls next to its code (`groupCalls`, `feedCalls`, …); the return type makes a call that
 * no module answers a compile error, and each slice's `satisfies` one that the contract does not name. Nothing here catches exceptions: the
 * dispatcher (main/ipc/dispatch.ts) does that once for every call.
 */
import type { ServiceHandlers } from "../../shared/contract";
import { accountCalls, type Accounts } from "../services/accounts";
import { agendaCalls, type Agendas } from "../services/agendas";
import { clientCalls, type Clients } from "../services/clients";
import { feedCalls, type FeedSync } from "../services/feeds";
import { groupCalls, type Groups } from "../services/groups";
import { harvestCalls, type HarvestCallsDeps } from "../services/harvest-calls";
import { invitationCalls, type Invitations } from "../services/invitations";
import { outboxCalls, type Outbox } from "../services/outbox";
import { shareCalls, type ShareDeps } from "../services/share-timer";
import { appStatusCalls, type AppStatus } from "./app-status";
import { settingsCalls, type SettingsEditor } from "./settings-editor";

export interface Answerers {
  readonly status: AppStatus;
  readonly accounts: Accounts;
  readonly groups: Groups;
  readonly invitations: Invitations;
  readonly feeds: FeedSync;
  readonly outbox: Outbox;
  readonly agendas: Agendas;
  readonly clients: Clients;
  readonly settings: SettingsEditor;
  readonly harvest: HarvestCallsDeps;
  readonly share: ShareDeps;
}

export function serviceHandlers(answer: Answerers): ServiceHandlers {
  return {
    ...appStatusCalls(answer.status),
    ...accountCalls(answer.accounts),
    ...groupCalls(answer.groups),
    ...invitationCalls(answer.invitations),
    ...feedCalls(answer.feeds),
    ...outboxCalls(answer.outbox),
    ...agendaCalls(answer.agendas),
    ...clientCalls(answer.clients),
    ...settingsCalls(answer.settings),
    ...harvestCalls(answer.harvest),
    ...shareCalls(answer.share),
  };
}
