/**
 * Connecting the app to Harvest v2 with a personal access token: list the token's Harvest accounts
 * (Harvest ID), let the user pick one when there are several, check the token on that account
 * (`users/me`, `company`), then keep the token in the OS keychain and only the account's facts in
 * the store. The token never reaches the store, a log or the renderer; while an account is being
 * picked it waits in memory only.
 *
 * A link belongs to the Co-op user who made it: the store keeps it under their account key and the
 * keychain keeps the token under it too, so signing out hides it, another user never reads or uses
 * it, and the same user signing in again finds it as they left it.
 */
import type { HarvestAccountRef } from "@coop-tray/protocol/harvest-v2";
import type { HarvestConnectOutcome, HarvestV2Summary } from "../../shared/harvest-v2-state";
import { err, ok, type AppError, type Result } from "../../shared/errors";
import type { ApiFactory, HarvestV2Client } from "@coop-tray/protocol";
import { accountKey } from "./account-key";
import type { Clock } from "./clock";
import type { AppStore } from "./store";
import type { HarvestV2Link } from "./store-schema";
import type { Vault } from "./vault";

/** Harvest's v2 API, when the app is not pointed at another (a sandbox). */
export { DEFAULT_HARVEST_API_URL } from "@coop-tray/protocol/rules";

/** Where Harvest issues personal access tokens (docs/harvest.md §3.1). */
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
const SIGNED_OUT: AppError = { kind: "signedOut", message: "Sign in to a Co-op server first." };
const NOT_CONNECTED: AppError = {
  kind: "signedOut",
  message: "Harvest is not connected. Connect it with a personal access token first.",
};

export class HarvestV2Links {
  /** A token waiting for the user to pick an account (memory only, dropped on any other outcome). */
  private pending: { owner: string; token: string; accounts: readonly HarvestAccountRef[] } | null = null;
  private built: { key: string; client: HarvestV2Client } | null = null;

  constructor(private readonly deps: HarvestV2LinkDeps) {}

  /** The signed-in Co-op user's account key, or null when signed out. */
  get owner(): string | null {
    const account = this.deps.store.doc.account;
    return account === null ? null : accountKey(account);
  }

  /** The signed-in user's link; never another user's. */
  get link(): HarvestV2Link | null {
    const owner = this.owner;
    return owner === null ? null : (this.deps.store.doc.harvestLinks[owner] ?? null);
  }

  summary(): HarvestV2Summary | null {
    const link = this.link;
    return link === null ? null : summarizeLink(link);
  }

  /** Lists the token's Harvest accounts; links the only one, or asks which. */
  async connect(rawToken: string): Promise<Result<ConnectOutcome>> {
    this.pending = null;
    const owner = this.owner;
    if (owner === null) return err(SIGNED_OUT);
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
    if (accounts.length === 1) return this.complete(owner, token, accounts[0]!);
    this.pending = { owner, token, accounts };
    return ok({ kind: "chooseAccount", accounts });
  }

  async chooseAccount(accountId: number): Promise<Result<ConnectOutcome>> {
    const pending = this.pending;
    // A token pasted by someone who has signed out since is theirs: it is not offered to the next user.
    if (pending === null || pending.owner !== this.owner)
      return err(invalid("Paste the token again: it is not kept while no account is chosen."));
    const account = pending.accounts.find((a) => a.id === accountId);
    if (account === undefined) return err(invalid("Choose one of the accounts listed."));
    return this.complete(pending.owner, pending.token, account);
  }

  private async complete(owner: string, token: string, account: HarvestAccountRef): Promise<Result<ConnectOutcome>> {
    const client = this.deps.factory.harvestV2({ token, accountId: account.id });
    const me = await client.me({ priority: "interactive", noWait: true });
    if (!me.ok) return me;
    // The company's timer mode; a member may be refused it (Harvest's docs leave it open: docs/harvest.md §7.3): then duration mode.
    const company = await client.company({ priority: "interactive", noWait: true });
    if (!company.ok && company.error.kind !== "notFound") return company;
    if (this.owner !== owner) return err(SIGNED_OUT);
    const saved = await this.deps.vault.setHarvestToken(this.deps.apiUrl, token, owner);
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
    this.deps.store.update((doc) => ({ ...doc, harvestLinks: { ...doc.harvestLinks, [owner]: link } }));
    this.built = { key: builtKey(owner, link), client };
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
    const owner = this.owner;
    const current = this.link;
    // Signed out (or another user) while the answers were on their way: nothing to update.
    if (owner === null || current === null) return err(NOT_CONNECTED);
    const updated: HarvestV2Link = {
      ...current,
      accessRoles: [...me.value.accessRoles],
      timezone: me.value.timezone,
      ...(company.ok ? { wantsTimestampTimers: company.value.wantsTimestampTimers, clock: company.value.clock } : {}),
    };
    this.deps.store.update((doc) => ({ ...doc, harvestLinks: { ...doc.harvestLinks, [owner]: updated } }));
    return ok(summarizeLink(updated));
  }

  /** Forgets the signed-in user's link, their recent tasks and v2 clients, and removes their token from the keychain. */
  async disconnect(): Promise<Result<null>> {
    this.pending = null;
    this.built = null;
    const owner = this.owner;
    const link = this.link;
    if (owner === null || link === null) return ok(null);
    const removed = await this.deps.vault.deleteHarvestToken(link.apiUrl, owner);
    if (!removed.ok) return removed;
    this.deps.store.update((doc) => {
      const { [owner]: _gone, ...others } = doc.harvestLinks;
      return {
        ...doc,
        harvestLinks: others,
        recentTasks: doc.recentTasks.filter((r) => r.owner !== owner),
        clients: doc.clients?.owner.startsWith("v2:") ? null : doc.clients,
      };
    });
    return ok(null);
  }

  /** The v2 client for the linked account, with the token read from the keychain once. */
  async client(): Promise<Result<HarvestV2Client>> {
    const owner = this.owner;
    const link = this.link;
    if (owner === null || link === null) return err(NOT_CONNECTED);
    const key = builtKey(owner, link);
    if (this.built !== null && this.built.key === key) return ok(this.built.client);
    const token = await this.deps.vault.getHarvestToken(link.apiUrl, owner);
    if (!token.ok) return token;
    if (token.value === null)
      return err({
        kind: "auth",
        message: "The Harvest token is not in this computer's keychain any more. Connect Harvest again.",
      });
    // Signed out while the keychain answered: the token is not handed to whoever is signed in now.
    if (this.owner !== owner) return err(NOT_CONNECTED);
    const client = this.deps.factory.harvestV2({ token: token.value, accountId: link.accountId });
    this.built = { key, client };
    return ok(client);
  }

  /** Drops the built client and a pending token (the Co-op user changed). */
  forget(): void {
    this.pending = null;
    this.built = null;
  }
}

function builtKey(owner: string, link: HarvestV2Link): string {
  return `${owner}|${link.apiUrl}|${link.accountId}`;
}
