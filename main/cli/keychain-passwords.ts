/**
 * Where the CLI's tokens and passwords come from: the environment first (COOP_TOKEN, COOP_PASSWORD,
 * HARVEST_PASSWORD), then the OS keychain entries the app saved when the user signed in (a device
 * token, or the password on servers without tokens) or linked Harvest. The
 * keychain is loaded only when the environment has no password, so scripts that pass one never
 * touch it.
 */
import { normalizeServerUrl } from "../services/accounts";
import { createVault, loadKeytar, type Keychain } from "../services/vault";
import { envCoopToken, envPasswords, envToken, type CliHooks } from "./run";

type ResolvePassword = NonNullable<CliHooks["resolvePassword"]>;
type ResolveToken = NonNullable<CliHooks["resolveToken"]>;
type ResolveCoopToken = NonNullable<CliHooks["resolveCoopToken"]>;

/**
 * COOP_TOKEN first; then, unless COOP_PASSWORD names a login explicitly, the device token the app saved
 * for this server and email at sign-in (docs/coop-api.md §2.5).
 */
export function keychainCoopToken(loadKeychain: () => Promise<Keychain | null> = loadKeytar): ResolveCoopToken {
  return async (request, io) => {
    const fromEnv = await envCoopToken(request, io);
    if (fromEnv !== null || (io.env.COOP_PASSWORD ?? "") !== "") return fromEnv;
    const server = normalizeServerUrl(request.server);
    if (!server.ok) return null;
    const vault = createVault(await loadKeychain());
    if (!vault.available) return null;
    const stored = await vault.getCoopToken(server.value, request.email.trim());
    return stored.ok ? stored.value : null;
  };
}

/** HARVEST_TOKEN first, then the token the app saved for this Harvest API base. */
export function keychainToken(loadKeychain: () => Promise<Keychain | null> = loadKeytar): ResolveToken {
  return async (apiBase, io) => {
    const fromEnv = await envToken(apiBase, io);
    if (fromEnv !== null) return fromEnv;
    const vault = createVault(await loadKeychain());
    if (!vault.available) return null;
    const stored = await vault.getHarvestToken(apiBase);
    return stored.ok ? stored.value : null;
  };
}

export function keychainPasswords(loadKeychain: () => Promise<Keychain | null> = loadKeytar): ResolvePassword {
  let vault: ReturnType<typeof createVault> | null = null;
  return async (request, io) => {
    const fromEnv = await envPasswords(request, io);
    if (fromEnv !== null) return fromEnv;
    vault ??= createVault(await loadKeychain());
    if (!vault.available) return null;
    if (request.service === "coop") {
      const server = normalizeServerUrl(request.account);
      if (!server.ok) return null;
      const stored = await vault.getCoopPassword(server.value, request.email.trim());
      return stored.ok ? stored.value : null;
    }
    const stored = await vault.getHarvestPassword(request.account.trim().toLowerCase(), request.email.trim());
    return stored.ok ? stored.value : null;
  };
}
