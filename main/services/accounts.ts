/**
 * Accounts: sign in to a Co-op server (verified by a real call, then exchanged for a device token where the
 * server offers them), sign out (the token revoked, secrets and cached account data removed), and the Harvest login that Co-op keeps for the user (docs/coop-api.md §11), checked
 * directly with Harvest's `who_am_i`. Passwords go to the vault and nowhere else.
 */
import { hostname } from "node:os";
import type { AccountSummary, HarvestLoginInput, ServiceHandlers, SignInInput } from "../../shared/contract";
import { err, ok, type AppError, type Result } from "../../shared/errors";
import type { CoopToken, HarvestCredential, WhoAmI } from "@coop-tray/protocol/models";
import type { ApiFactory, CoopClient } from "@coop-tray/protocol";
import { assumeHttps, httpUrlProblem, isEmail, normalizeSubdomain } from "@coop-tray/protocol/rules";
import type { Connection } from "./connection";
import { accountKey, harvestKey, summarize, type Session } from "./session";
import { StoreWriteError, emptyAccountData, writeFailureMessage, type AppStore } from "./store";
import type { StoredAccount, StoreDoc } from "./store-schema";
import type { Vault } from "./vault";

export interface AccountLifecycle {
  /** Stop polling and sending for the current account (before it changes). */
  stopAccount(): Promise<void>;
  /** Start polling and sending for the (new) current account. */
  startAccount(): void;
  /** Something the renderer shows changed (account, groups, outbox). */
  accountChanged(): void;
}

export interface AccountsDeps {
  readonly store: AppStore;
  readonly session: Session;
  readonly vault: Vault;
  readonly factory: ApiFactory;
  readonly connection: Connection;
  readonly lifecycle: AccountLifecycle;
  /** A one-off message for the user (a sign-out the server could not be told of). */
  readonly notify?: (message: string) => void;
  /** Names the device token ("Co-op Tray on <name>"); default: the host name. */
  readonly deviceName?: string;
}

export class Accounts {
  constructor(private readonly deps: AccountsDeps) {}

  async signIn(input: SignInInput): Promise<Result<AccountSummary>> {
    const { store, session, vault, factory, connection, lifecycle } = this.deps;
    const serverUrl = normalizeServerUrl(input.serverUrl);
    if (!serverUrl.ok) return serverUrl;
    const email = input.email.trim();
    if (!isEmail(email)) return err(invalid("Enter the email address you sign in to Co-op with."));
    if (input.password.length === 0) return err(invalid("Enter your Co-op password."));
    // Without a keychain the password could only be kept in plain text: refuse before any call.
    if (!vault.available)
      return vault.setCoopPassword(serverUrl.value, email, input.password) as Promise<Result<never>>;

    const client = factory.coop({ serverUrl: serverUrl.value, email, password: input.password }, session.format);
    const groups = await client.listGroups({ priority: "interactive", noWait: true });
    connection.report("coop", groups.ok ? null : groups.error);
    if (!groups.ok) {
      if (groups.error.kind === "auth")
        return err({ kind: "auth", message: "Co-op did not accept this email and password." });
      return groups;
    }

    // The password goes to the server once more, for a device token; only the token is kept
    // (docs/coop-api.md §2.5). A server without tokens keeps the password in the keychain, as before.
    const issued = await client.createToken(`Co-op Tray on ${this.deps.deviceName ?? hostname()}`, "device", {
      priority: "interactive",
      noWait: true,
    });
    if (!issued.ok) return issued;
    const token = issued.value?.token ?? null;
    const signedIn =
      token === null ? client : factory.coop({ serverUrl: serverUrl.value, email, token }, session.format);
    const me = await signedIn.whoAmI({ priority: "interactive", noWait: true });
    // Not found is fine (a user in no group): a server with tokens said the id; else it is looked up
    // again when a call needs it.
    const userId = me.ok ? me.value.id : (issued.value?.userId ?? null);
    const name = me.ok ? `${me.value.firstName} ${me.value.lastName}`.trim() || email : email;

    const previous = store.doc.account;
    const next: StoredAccount = { serverUrl: serverUrl.value, email, userId, name, harvest: null };
    const sameAccount = previous !== null && accountKey(previous) === accountKey(next);
    await lifecycle.stopAccount();
    // The token this computer held until now is replaced: it should not stay live on the server.
    if (previous) await this.revokeDeviceToken(previous);
    if (previous && !sameAccount) await this.forget(previous);

    const saved =
      token === null
        ? await vault.setCoopPassword(serverUrl.value, email, input.password)
        : await vault.setCoopToken(serverUrl.value, email, token);
    if (!saved.ok) {
      if (token !== null)
        await factory.coop({ serverUrl: serverUrl.value, email, token }, session.format).revokeCurrentToken();
      lifecycle.accountChanged();
      return saved;
    }
    // A password kept by an earlier sign-in (before this server had tokens) must not stay behind.
    if (token !== null) await vault.deleteCoopPassword(serverUrl.value, email);
    try {
      store.commit((doc) => ({
        ...(sameAccount ? doc : clearAccountData(doc)),
        account: {
          ...next,
          signedInWith: token === null ? "password" : "token",
          harvest: sameAccount && previous ? previous.harvest : null,
          userId: userId ?? (sameAccount && previous ? previous.userId : null),
        },
        groups: { list: groups.value, syncedAt: null },
      }));
    } catch (error) {
      // The disk refused the account: no password may stay in the keychain for an account that is
      // not on disk. The same account signing in again stays signed in as it was.
      if (!(error instanceof StoreWriteError)) throw error;
      if (!sameAccount) await vault.deleteCoopPassword(serverUrl.value, email);
      if (!sameAccount) await vault.deleteCoopToken(serverUrl.value, email);
      else lifecycle.startAccount();
      lifecycle.accountChanged();
      return err({ kind: "internal", message: writeFailureMessage(error, "the sign-in") });
    }
    session.invalidate();
    session.adoptCoop(signedIn);
    if (userId !== null) {
      const credential = await signedIn.getHarvestCredential(userId, { priority: "interactive", noWait: true });
      if (credential.ok) await this.rememberHarvest(credential.value);
    }
    lifecycle.startAccount();
    lifecycle.accountChanged();
    return ok(summarize(store.doc.account as StoredAccount));
  }

  async signOut(): Promise<Result<null>> {
    const previous = this.deps.store.doc.account;
    await this.deps.lifecycle.stopAccount();
    if (!previous) return ok(null);
    const unrevoked = await this.revokeDeviceToken(previous);
    const problem = await this.forget(previous);
    // Signed out here all the same: what is left to do is the server's, so it is a notice, not a failure.
    if (unrevoked !== null) this.deps.notify?.(unrevoked);
    this.deps.lifecycle.accountChanged();
    return problem ? err(problem) : ok(null);
  }

  /**
   * Sign-out revokes the device token on the server (`DELETE /tokens/current`). Unreachable, the token
   * is still forgotten here; the message returned says it may still be live, to revoke from another device.
   */
  private async revokeDeviceToken(account: StoredAccount): Promise<string | null> {
    const { vault, factory, session, connection } = this.deps;
    const token = await vault.getCoopToken(account.serverUrl, account.email);
    if (!token.ok || token.value === null) return null;
    const client = factory.coop(
      { serverUrl: account.serverUrl, email: account.email, token: token.value },
      session.format,
    );
    const result = await client.revokeCurrentToken({ priority: "interactive", noWait: true });
    connection.report("coop", result.ok ? null : result.error);
    // Already revoked (elsewhere, or by a password change) is what signing out wanted.
    if (result.ok || result.error.kind === "auth" || result.error.kind === "notFound") return null;
    return `Signed out on this computer, but ${account.serverUrl} could not be told (${result.error.message}), so this computer's token may still work there until you revoke it in Settings on another device.`;
  }

  /** Removes the account's secrets and cached data; unsent notes stay for this account only. */
  private async forget(account: StoredAccount): Promise<AppError | null> {
    const { store, session, vault, connection } = this.deps;
    const owner = accountKey(account);
    store.commit((doc) => ({
      ...clearAccountData(doc),
      account: null,
      outbox: doc.outbox.filter((r) => !(r.owner === owner && r.state === "sent")),
    }));
    session.invalidate();
    connection.reset();
    const problems: string[] = [];
    for (const removed of [
      await vault.deleteCoopPassword(account.serverUrl, account.email),
      await vault.deleteCoopToken(account.serverUrl, account.email),
    ])
      if (!removed.ok && vault.available) problems.push(removed.error.message);
    if (account.harvest) {
      const harvest = await vault.deleteHarvestPassword(account.harvest.subdomain, account.harvest.email);
      if (!harvest.ok && vault.available) problems.push(harvest.error.message);
    }
    return problems.length > 0 ? { kind: "keychain", message: `Signed out, but: ${problems.join(" ")}` } : null;
  }

  async getHarvestCredential(): Promise<Result<HarvestCredential | null>> {
    const { connection } = this.deps;
    const context = await this.coopWithUser();
    if (!context.ok) return context;
    const result = await context.value.client.getHarvestCredential(context.value.userId, {
      priority: "interactive",
      noWait: true,
    });
    connection.report("coop", result.ok ? null : result.error);
    if (!result.ok) return result;
    await this.rememberHarvest(result.value);
    return ok(result.value);
  }

  linkHarvest(login: HarvestLoginInput): Promise<Result<HarvestCredential>> {
    return this.saveHarvest(login, "create");
  }

  updateHarvest(login: HarvestLoginInput): Promise<Result<HarvestCredential>> {
    return this.saveHarvest(login, "update");
  }

  private async saveHarvest(input: HarvestLoginInput, mode: "create" | "update"): Promise<Result<HarvestCredential>> {
    const { vault, factory, session, connection } = this.deps;
    const login = normalizeHarvestLogin(input);
    if (!login.ok) return login;
    if (!vault.available)
      return vault.setHarvestPassword(login.value.subdomain, login.value.email, login.value.password) as Promise<
        Result<never>
      >;
    const context = await this.coopWithUser();
    if (!context.ok) return context;
    const { client, userId } = context.value;
    const saved =
      mode === "create"
        ? await client.createHarvestCredential(userId, login.value, { priority: "interactive", noWait: true })
        : await client.updateHarvestCredential(userId, login.value, { priority: "interactive", noWait: true });
    connection.report("coop", saved.ok ? null : saved.error);
    if (!saved.ok) return saved;

    const previous = session.account?.harvest ?? null;
    const stored = await vault.setHarvestPassword(login.value.subdomain, login.value.email, login.value.password);
    if (!stored.ok) return stored;
    if (previous && harvestKey(previous) !== harvestKey(login.value)) {
      await vault.deleteHarvestPassword(previous.subdomain, previous.email);
    }
    this.setHarvest({ subdomain: login.value.subdomain, email: login.value.email, passwordSaved: true });

    // Co-op accepted it; check it directly with Harvest as well.
    const harvest = factory.harvest(login.value, session.format);
    const who = await harvest.whoAmI({ priority: "interactive", noWait: true });
    connection.report("harvest", who.ok ? null : who.error);
    if (!who.ok) return who;

    const credential = await client.getHarvestCredential(userId, { priority: "interactive", noWait: true });
    if (!credential.ok) return credential;
    if (!credential.value)
      return err({ kind: "internal", message: "Co-op saved the Harvest login but does not show it." });
    await this.rememberHarvest(credential.value);
    return ok(credential.value);
  }

  async unlinkHarvest(): Promise<Result<null>> {
    const { vault, session, connection } = this.deps;
    const context = await this.coopWithUser();
    if (!context.ok) return context;
    const result = await context.value.client.deleteHarvestCredential(context.value.userId, {
      priority: "interactive",
      noWait: true,
    });
    connection.report("coop", result.ok ? null : result.error);
    // Already gone in Co-op is what the user wanted.
    if (!result.ok && result.error.kind !== "notFound") return result;
    const previous = session.account?.harvest ?? null;
    this.setHarvest(null);
    if (previous) {
      const removed = await vault.deleteHarvestPassword(previous.subdomain, previous.email);
      if (!removed.ok) return removed;
    }
    return ok(null);
  }

  async verifyHarvest(): Promise<Result<WhoAmI>> {
    const client = await this.deps.session.harvest();
    if (!client.ok) return client;
    const who = await client.value.whoAmI({ priority: "interactive", noWait: true });
    this.deps.connection.report("harvest", who.ok ? null : who.error);
    return who;
  }

  async listTokens(): Promise<Result<readonly CoopToken[]>> {
    const client = await this.deps.session.coop();
    if (!client.ok) return client;
    const tokens = await client.value.listTokens({ priority: "interactive", noWait: true });
    this.deps.connection.report("coop", tokens.ok ? null : tokens.error);
    return tokens;
  }

  async revokeToken(tokenId: number): Promise<Result<null>> {
    const client = await this.deps.session.coop();
    if (!client.ok) return client;
    const revoked = await client.value.revokeToken(tokenId, { priority: "interactive", noWait: true });
    this.deps.connection.report("coop", revoked.ok ? null : revoked.error);
    return revoked.ok ? ok(null) : revoked;
  }

  /**
   * The server revokes every other token (docs/coop-api.md §10.2); this computer's stays. On a server
   * without tokens the keychain's password is replaced by the new one.
   */
  async changePassword(current: string, next: string): Promise<Result<null>> {
    const { vault, session, connection } = this.deps;
    const context = await this.coopWithUser();
    if (!context.ok) return context;
    const changed = await context.value.client.changePassword(context.value.userId, current, next, {
      priority: "interactive",
      noWait: true,
    });
    connection.report("coop", changed.ok ? null : changed.error);
    if (!changed.ok) return changed;
    const account = session.account;
    if (account && account.signedInWith !== "token") {
      const saved = await vault.setCoopPassword(account.serverUrl, account.email, next);
      session.invalidate();
      if (!saved.ok) return saved;
    }
    return ok(null);
  }

  private async coopWithUser(): Promise<Result<{ client: CoopClient; userId: number }>> {
    const client = await this.deps.session.coop();
    if (!client.ok) return client;
    const userId = await this.deps.session.userId();
    if (!userId.ok) return userId;
    return ok({ client: client.value, userId: userId.value });
  }

  /** Co-op's link, and whether this computer's keychain has its password (so the UI can say so once). */
  private async rememberHarvest(credential: HarvestCredential | null): Promise<void> {
    if (!credential) return this.setHarvest(null);
    const password = await this.deps.vault.getHarvestPassword(credential.subdomain, credential.email);
    this.setHarvest({
      subdomain: credential.subdomain,
      email: credential.email,
      passwordSaved: password.ok && password.value !== null,
    });
  }

  private setHarvest(harvest: StoredAccount["harvest"]): void {
    const { store, session, lifecycle } = this.deps;
    const account = store.doc.account;
    if (!account) return;
    if (JSON.stringify(account.harvest) === JSON.stringify(harvest)) return;
    store.commit((doc) => ({
      ...doc,
      account: doc.account ? { ...doc.account, harvest } : null,
      // Clients belong to a Harvest account: a different (or no) login starts over.
      clients: doc.clients && harvest && doc.clients.owner === harvestKey(harvest) ? doc.clients : null,
    }));
    session.invalidateHarvest();
    lifecycle.accountChanged();
  }
}

function clearAccountData(doc: StoreDoc): StoreDoc {
  return { ...doc, ...emptyAccountData() };
}

/** The server address as typed, made whole: https is assumed when no scheme is typed. */
export function normalizeServerUrl(input: string): Result<string> {
  const typed = assumeHttps(input);
  const problem = httpUrlProblem(typed);
  if (problem !== null)
    return err(invalid(`Enter your team's Co-op server address, e.g. https://coop.example.com. ${problem}`));
  const url = new URL(typed);
  const path = url.pathname.replace(/\/+$/, "");
  return ok(`${url.protocol}//${url.host}${path}`);
}

function normalizeHarvestLogin(input: HarvestLoginInput): Result<HarvestLoginInput> {
  const subdomain = normalizeSubdomain(input.subdomain);
  const email = input.email.trim();
  if (subdomain === null)
    return err(
      invalid("The Harvest subdomain is the first part of your Harvest address (letters, digits and dashes)."),
    );
  if (!isEmail(email)) return err(invalid("Enter the email address you sign in to Harvest with."));
  if (input.password.length === 0) return err(invalid("Enter your Harvest password."));
  return ok({ subdomain, email, password: input.password });
}

function invalid(message: string): AppError {
  return { kind: "invalidInput", message, issues: [message] };
}

/** The contract calls this service answers. */
export function accountCalls(accounts: Accounts) {
  return {
    signIn: (input) => accounts.signIn(input),
    signOut: () => accounts.signOut(),
    getHarvestCredential: () => accounts.getHarvestCredential(),
    linkHarvest: (login) => accounts.linkHarvest(login),
    updateHarvest: (login) => accounts.updateHarvest(login),
    unlinkHarvest: () => accounts.unlinkHarvest(),
    verifyHarvest: () => accounts.verifyHarvest(),
    listTokens: () => accounts.listTokens(),
    revokeToken: ({ tokenId }) => accounts.revokeToken(tokenId),
    changePassword: ({ currentPassword, newPassword }) => accounts.changePassword(currentPassword, newPassword),
  } satisfies Partial<ServiceHandlers>;
}
