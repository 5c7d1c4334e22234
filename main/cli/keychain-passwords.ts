/**
 * Where the CLI's passwords come from: the environment first (COOP_PASSWORD / HARVEST_PASSWORD),
 * then the OS keychain entries the app saved when the user signed in or linked Harvest. The
 * keychain is loaded only when the environment has no password, so scripts that pass one never
 * touch it.
 */
import { normalizeServerUrl } from "../services/accounts";
import { createVault, loadKeytar, type Keychain } from "../services/vault";
import { envPasswords, envToken, type CliHooks } from "./run";

type ResolvePassword = NonNullable<CliHooks["resolvePassword"]>;
type ResolveToken = NonNullable<CliHooks["resolveToken"]>;

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
