/**
 * Connecting the app to Harvest v2 with a personal access token: list the token's Harvest accounts
 * (Harvest ID), let the user pick one when there are several, check the token on that account
 * (`users/me`, `company`), then keep the token in the OS keychain and only the account's facts in
 * the store. The token never reaches the store, a log or the renderer; while an account is being
 * picked it waits in memory only.
 */
import type { HarvestAccountRef } from "@coop-tray/protocol/harvest-v2";
import type { HarvestConnectOutcome, HarvestV2Summary } from "../../shared/harvest-v2-state";
import { err, ok, type AppError, type Result } from "../../shared/errors";
import type { ApiFactory, HarvestV2Client } from "@coop-tray/protocol";
import type { Clock } from "./clock";
import type { AppStore } from "./store";
import type { HarvestV2Link } from "./store-schema";
import type { Vault } from "./vault";

/** Where Harvest issues personal access tokens (§4.1). */
export { HARVEST_TOKEN_PAGE } from "@coop-tray/protocol/rules";

export type { HarvestV2Summary };
export type ConnectOutcome = HarvestConnectOutcome;

export interface HarvestV2LinkDeps {
  readonly store: AppStore;
  readonly vault: Vault;
  readonly factory: ApiFactory;
  readonly clock: Clock;
  /** The v2 base the factory was built with (the keychain entry is per base). */
  readonly apiUrl: string;
}

export function summarizeLink(link: HarvestV2Link): HarvestV2Summary {
  const roles = link.accessRoles;
  return {
    accountId: link.accountId,
    accountName: link.accountName,
    userName: link.userName,
    email: link.email,
    canManageClients:
      roles.includes("administrator") || (roles.includes("manager") && roles.includes("client_and_task_manager")),
    wantsTimestampTimers: link.wantsTimestampTimers,
    clock: link.clock,
  };
}

const invalid = (message: string): AppError => ({ kind: "invalidInput", message, issues: [message] });

export class HarvestV2Links {
  /** A token waiting for the user to pick an account (memory only, dropped on any other outcome). */
  private pending: { token: string; accounts: readonly HarvestAccountRef[] } | null = null;
  private built: { key: string; client: HarvestV2Client } | null = null;

  constructor(private readonly deps: HarvestV2LinkDeps) {}

  get link(): HarvestV2Link | null {
    return this.deps.store.doc.harvestV2;
  }

  summary(): HarvestV2Summary | null {
    const link = this.link;
    return link === null ? null : summarizeLink(link);
  }

  /** Lists the token's Harvest accounts; links the only one, or asks which. */
  async connect(rawToken: string): Promise<Result<ConnectOutcome>> {
    this.pending = null;
    const token = rawToken.trim();
    if (token === "") return err(invalid("Paste your Harvest personal access token."));
    if (!this.deps.vault.available)
      return err({
        kind: "keychain",
        message: "No system keychain is available, so the token cannot be kept safely. Nothing was saved.",
      });
    const identity = await this.deps.factory.harvestId(token).accounts({ priority: "interactive", noWait: true });
    if (!identity.ok) return identity;
    const accounts = identity.value.accounts.filter((account) => account.product === "harvest");
    if (accounts.length === 0)
      return err({
        kind: "validation",
        status: 0,
        message: "This token reaches no Harvest account (only other Harvest products).",
        hint: null,
      });
    if (accounts.length === 1) return this.complete(token, accounts[0]!);
    this.pending = { token, accounts };
    return ok({ kind: "chooseAccount", accounts });
  }

  async chooseAccount(accountId: number): Promise<Result<ConnectOutcome>> {
    const pending = this.pending;
    if (pending === null) return err(invalid("Paste the token again: it is not kept while no account is chosen."));
    const account = pending.accounts.find((a) => a.id === accountId);
    if (account === undefined) return err(invalid("Choose one of the accounts listed."));
    return this.complete(pending.token, account);
  }

  private async complete(token: string, account: HarvestAccountRef): Promise<Result<ConnectOutcome>> {
    const client = this.deps.factory.harvestV2({ token, accountId: account.id });
    const me = await client.me({ priority: "interactive", noWait: true });
    if (!me.ok) return me;
    // The company's timer mode; a member may be refused it (§4.6 leaves it open): then duration mode.
    const company = await client.company({ priority: "interactive", noWait: true });
    if (!company.ok && company.error.kind !== "notFound") return company;
    const saved = await this.deps.vault.setHarvestToken(this.deps.apiUrl, token);
    if (!saved.ok) return saved;
    this.pending = null;
    const link: HarvestV2Link = {
      apiUrl: this.deps.apiUrl,
      accountId: account.id,
      accountName: account.name || (company.ok ? company.value.name : `Account ${account.id}`),
      userId: me.value.id,
      userName: `${me.value.firstName} ${me.value.lastName}`.trim() || me.value.email,
      email: me.value.email,
      timezone: me.value.timezone,
      accessRoles: [...me.value.accessRoles],
      wantsTimestampTimers: company.ok ? company.value.wantsTimestampTimers : false,
      clock: company.ok ? company.value.clock : null,
      linkedAt: this.deps.clock.now(),
    };
    this.deps.store.update((doc) => ({ ...doc, harvestV2: link }));
    this.built = { key: `${link.apiUrl}|${link.accountId}`, client };
    return ok({ kind: "connected", link: summarizeLink(link) });
  }

  /** Re-reads the company's timer mode and the user's roles (they may change in Harvest). */
  async refresh(): Promise<Result<HarvestV2Summary>> {
    const client = await this.client();
    if (!client.ok) return client;
    const [me, company] = await Promise.all([
      client.value.me({ priority: "background" }),
      client.value.company({ priority: "background" }),
    ]);
    if (!me.ok) return me;
    this.deps.store.update((doc) =>
      doc.harvestV2 === null
        ? doc
        : {
            ...doc,
            harvestV2: {
              ...doc.harvestV2,
              accessRoles: [...me.value.accessRoles],
              timezone: me.value.timezone,
              ...(company.ok
                ? { wantsTimestampTimers: company.value.wantsTimestampTimers, clock: company.value.clock }
                : {}),
            },
          },
    );
    return ok(this.summary()!);
  }

  /** Forgets the link and removes the token from the keychain. */
  async disconnect(): Promise<Result<null>> {
    this.pending = null;
    this.built = null;
    const link = this.link;
    if (link !== null) {
      const removed = await this.deps.vault.deleteHarvestToken(link.apiUrl);
      if (!removed.ok) return removed;
    }
    this.deps.store.update((doc) => ({
      ...doc,
      harvestV2: null,
      recentTasks: [],
      clients: doc.clients?.owner.startsWith("v2:") ? null : doc.clients,
    }));
    return ok(null);
  }

  /** The v2 client for the linked account, with the token read from the keychain once. */
  async client(): Promise<Result<HarvestV2Client>> {
    const link = this.link;
    if (link === null)
      return err({
        kind: "signedOut",
        message: "Harvest is not connected. Connect it with a personal access token first.",
      });
    const key = `${link.apiUrl}|${link.accountId}`;
    if (this.built !== null && this.built.key === key) return ok(this.built.client);
    const token = await this.deps.vault.getHarvestToken(link.apiUrl);
    if (!token.ok) return token;
    if (token.value === null)
      return err({
        kind: "auth",
        message: "The Harvest token is not in this computer's keychain any more. Connect Harvest again.",
      });
    const client = this.deps.factory.harvestV2({ token: token.value, accountId: link.accountId });
    this.built = { key, client };
    return ok(client);
  }
}
