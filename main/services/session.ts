/**
 * The signed-in account and what is built for it: the Co-op client and the Harvest account (v1 or
 * v2, see harvest-account.ts). The Co-op device token (or, on servers without tokens, the password) and
 * the Harvest password come from the vault when a client is first needed and stay inside the client;
 * nothing here writes them anywhere.
 */
import { err, ok, type Result } from "../../shared/errors";
import type { AccountSummary } from "../../shared/contract";
import type { WireFormat } from "@coop-tray/protocol/models";
import type { ApiFactory, CoopClient, HarvestClient } from "@coop-tray/protocol";
import { accountKey } from "./account-key";
import { harvestKey, v1HarvestAccount, v2HarvestAccount, type HarvestAccount } from "./harvest-account";
import type { HarvestV2Links } from "./harvest-v2-link";
import type { AppStore } from "./store";
import type { StoredAccount } from "./store-schema";
import type { Vault } from "./vault";

const SIGNED_OUT = { kind: "signedOut", message: "Sign in to a Co-op server first." } as const;

export { accountKey, harvestKey };

export function summarize(account: StoredAccount): AccountSummary {
  return {
    serverUrl: account.serverUrl,
    email: account.email,
    userId: account.userId,
    name: account.name,
    signedInWith: account.signedInWith ?? "password",
    harvest: account.harvest
      ? {
          subdomain: account.harvest.subdomain,
          email: account.harvest.email,
          passwordSaved: account.harvest.passwordSaved !== false,
        }
      : null,
  };
}

export class Session {
  private coopClient: { key: string; format: WireFormat; client: CoopClient } | null = null;
  private harvestClient: { key: string; format: WireFormat; client: HarvestClient } | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly vault: Vault,
    private readonly factory: ApiFactory,
    /** The signed-in user's Harvest v2 links; without them only a v1 login counts. */
    readonly harvestV2: HarvestV2Links | null = null,
  ) {}

  get account(): StoredAccount | null {
    return this.store.doc.account;
  }

  get key(): string | null {
    const account = this.account;
    return account ? accountKey(account) : null;
  }

  get format(): WireFormat {
    return this.store.doc.settings.format;
  }

  /** The Co-op client for the signed-in account. */
  async coop(): Promise<Result<CoopClient>> {
    const account = this.account;
    if (!account) return err(SIGNED_OUT);
    const key = accountKey(account);
    if (this.coopClient && this.coopClient.key === key && this.coopClient.format === this.format)
      return ok(this.coopClient.client);
    const secret = await this.coopSecret(account);
    if (!secret.ok) return secret;
    const client = this.factory.coop(
      { serverUrl: account.serverUrl, email: account.email, ...secret.value },
      this.format,
    );
    this.coopClient = { key, format: this.format, client };
    return ok(client);
  }

  /** The device token when there is one (servers with tokens), else the password (docs/coop-api.md §2.5). */
  /**
   * Asks the Co-op server to gather this member's Harvest entries now (docs/coop-api.md §11.7), as a
   * timer started or stopped here does, so teammates see it within seconds. Best effort: a server
   * without the route changes nothing here.
   */
  async askToGather(): Promise<void> {
    const userId = this.account?.userId;
    if (userId === undefined || userId === null || !this.account?.harvest) return;
    const client = await this.coop();
    if (client.ok) await client.value.gatherNow(userId, { priority: "background" });
  }

  private async coopSecret(account: StoredAccount): Promise<Result<{ token: string } | { password: string }>> {
    const token = await this.vault.getCoopToken(account.serverUrl, account.email);
    if (!token.ok) return token;
    if (token.value !== null) return ok({ token: token.value });
    if (account.signedInWith === "token")
      return err({
        kind: "auth",
        message: "This computer's Co-op sign-in is no longer in the keychain. Sign in again.",
      });
    const password = await this.vault.getCoopPassword(account.serverUrl, account.email);
    if (!password.ok) return password;
    if (password.value === null)
      return err({ kind: "auth", message: "Your Co-op password is not saved on this computer. Sign in again." });
    return ok({ password: password.value });
  }

  /** Uses a client built from a just-verified password (sign-in) without a keychain round trip. */
  adoptCoop(client: CoopClient): void {
    const account = this.account;
    if (account) this.coopClient = { key: accountKey(account), format: client.format, client };
  }

  /**
   * The signed-in user's Harvest account: a v2 token link wins over a v1 login kept by Co-op; null
   * when signed out or nothing is linked.
   */
  harvestAccount(): HarvestAccount | null {
    const account = this.account;
    if (!account) return null;
    const link = this.harvestV2?.link ?? null;
    if (link !== null && this.harvestV2 !== null) return v2HarvestAccount(accountKey(account), link, this.harvestV2);
    return account.harvest ? v1HarvestAccount(accountKey(account), account.harvest, () => this.harvest()) : null;
  }

  /** The Harvest v1 client for the account's linked Harvest login. */
  async harvest(): Promise<Result<HarvestClient>> {
    const account = this.account;
    if (!account) return err(SIGNED_OUT);
    if (!account.harvest)
      return err({ kind: "signedOut", message: "No Harvest account is linked. Link one in Settings first." });
    const key = harvestKey(account.harvest);
    if (this.harvestClient && this.harvestClient.key === key && this.harvestClient.format === this.format)
      return ok(this.harvestClient.client);
    const password = await this.vault.getHarvestPassword(account.harvest.subdomain, account.harvest.email);
    if (!password.ok) return password;
    if (password.value === null) {
      // Said without pointing elsewhere: the place that shows it asks for the password right there.
      return err({ kind: "auth", message: "Your Harvest password is not saved on this computer yet." });
    }
    const client = this.factory.harvest(
      { subdomain: account.harvest.subdomain, email: account.harvest.email, password: password.value },
      this.format,
    );
    this.harvestClient = { key, format: this.format, client };
    return ok(client);
  }

  /**
   * The signed-in user's Co-op id. Co-op has no "who am I": found by the email among group
   * members, remembered once found. `identity` when it cannot be found.
   */
  async userId(): Promise<Result<number>> {
    const account = this.account;
    if (!account) return err(SIGNED_OUT);
    if (account.userId !== null) return ok(account.userId);
    const client = await this.coop();
    if (!client.ok) return client;
    const me = await client.value.whoAmI({ priority: "interactive", noWait: true });
    if (!me.ok) {
      if (me.error.kind === "notFound") {
        return err({
          kind: "identity",
          message: `Your Co-op user could not be found: ${account.email} is not listed in any of your groups' members.`,
        });
      }
      return me;
    }
    this.rememberIdentity(me.value.id, `${me.value.firstName} ${me.value.lastName}`.trim());
    return ok(me.value.id);
  }

  rememberIdentity(userId: number, name: string): void {
    this.store.update((doc) =>
      doc.account ? { ...doc, account: { ...doc.account, userId, name: name || doc.account.email } } : doc,
    );
  }

  /** Forget built clients (sign-out, a changed password or format). */
  invalidate(): void {
    this.coopClient = null;
    this.harvestClient = null;
    this.harvestV2?.forget();
  }

  invalidateHarvest(): void {
    this.harvestClient = null;
  }
}
