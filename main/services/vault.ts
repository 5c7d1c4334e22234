/**
 * The credential vault: the only place a password or a token is kept, in the OS keychain via keytar.
 * A Co-op server that issues tokens leaves only the device token here, never the password.
 * When no keychain is available every call fails with a `keychain` error; there is no plain-text
 * fallback. Error messages are built here and never carry the secret.
 */
import { err, ok, type AppError, type Result } from "../../shared/errors";

/** The keytar shape (and all the vault needs of it). */
export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export const KEYCHAIN_SERVICE = "Co-op Tray";

const NO_KEYCHAIN_MESSAGE =
  "No system keychain is available, so passwords cannot be saved (on Linux, install and unlock a Secret Service such as GNOME Keyring). Nothing was stored in plain text.";

export function coopAccountName(serverUrl: string, email: string): string {
  return `coop:${serverUrl}:${email.toLowerCase()}`;
}

/** The device token a Co-op server issued at sign-in (docs/coop-api.md §2.5): kept instead of the password. */
export function coopTokenAccountName(serverUrl: string, email: string): string {
  return `coop-token:${serverUrl}:${email.toLowerCase()}`;
}

export function harvestAccountName(subdomain: string, email: string): string {
  return `harvest:${subdomain.toLowerCase()}:${email.toLowerCase()}`;
}

/**
 * A Harvest v2 personal access token reaches every account of its user, so it is kept once per
 * Harvest API base (the real one, or a sandbox's), not per account; and per Co-op user who linked it
 * (`owner`, the account key), so another user signing in on this computer never reads it. Without an
 * owner: the entry scripts set by hand for the CLI.
 */
export function harvestTokenAccountName(apiBase: string, owner?: string): string {
  const base = `harvest-token:${apiBase.trim().replace(/\/+$/, "").toLowerCase()}`;
  return owner === undefined ? base : `${base}|${owner}`;
}

export interface KeytarProbe {
  readonly keychain: Keychain | null;
  /** Why no keychain is available, for logs and loud test failures. */
  readonly reason: string | null;
}

/**
 * Loads keytar and checks that a Secret Service answers. The native module may be missing (not
 * built for this platform) and, on Linux, there may be no session bus or no unlocked keyring.
 */
export async function probeKeytar(options: { timeoutMs?: number } = {}): Promise<KeytarProbe> {
  let keychain: Keychain;
  try {
    const loaded = (await import("keytar")) as Partial<Keychain> & { default?: Partial<Keychain> };
    // keytar is CommonJS: Node's ESM interop may expose only some functions by name, all on `default`.
    const candidate = [loaded.default, loaded].find(isKeychain);
    if (!candidate) return { keychain: null, reason: "the keytar module does not have the expected functions" };
    keychain = candidate;
  } catch (error) {
    return { keychain: null, reason: `the keytar native module could not be loaded: ${describe(error)}` };
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // A lookup of an account that never exists: cheap, reads no secret, but needs a live service.
    await Promise.race([
      keychain.getPassword(KEYCHAIN_SERVICE, "availability-probe"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        timer.unref?.();
      }),
    ]);
    return { keychain, reason: null };
  } catch (error) {
    return { keychain: null, reason: `the system keychain did not answer: ${describe(error)}` };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** keytar, or null when the native module or the Secret Service is unavailable. */
export async function loadKeytar(): Promise<Keychain | null> {
  return (await probeKeytar()).keychain;
}

export interface Vault {
  readonly available: boolean;
  getCoopPassword(serverUrl: string, email: string): Promise<Result<string | null>>;
  setCoopPassword(serverUrl: string, email: string, password: string): Promise<Result<null>>;
  deleteCoopPassword(serverUrl: string, email: string): Promise<Result<null>>;
  getCoopToken(serverUrl: string, email: string): Promise<Result<string | null>>;
  setCoopToken(serverUrl: string, email: string, token: string): Promise<Result<null>>;
  deleteCoopToken(serverUrl: string, email: string): Promise<Result<null>>;
  getHarvestPassword(subdomain: string, email: string): Promise<Result<string | null>>;
  setHarvestPassword(subdomain: string, email: string, password: string): Promise<Result<null>>;
  deleteHarvestPassword(subdomain: string, email: string): Promise<Result<null>>;
  getHarvestToken(apiBase: string, owner?: string): Promise<Result<string | null>>;
  setHarvestToken(apiBase: string, token: string, owner?: string): Promise<Result<null>>;
  deleteHarvestToken(apiBase: string, owner?: string): Promise<Result<null>>;
}

export function createVault(keychain: Keychain | null, service: string = KEYCHAIN_SERVICE): Vault {
  const unavailable = (): { ok: false; error: AppError } => err({ kind: "keychain", message: NO_KEYCHAIN_MESSAGE });

  async function get(account: string, what: string): Promise<Result<string | null>> {
    if (!keychain) return unavailable();
    try {
      const value = await keychain.getPassword(service, account);
      return ok(typeof value === "string" && value.length > 0 ? value : null);
    } catch (error) {
      return err({
        kind: "keychain",
        message: `Could not read the ${what} from the system keychain: ${describe(error)}`,
      });
    }
  }

  async function set(account: string, password: string, what: string): Promise<Result<null>> {
    if (!keychain) return unavailable();
    try {
      await keychain.setPassword(service, account, password);
      return ok(null);
    } catch (error) {
      return err({
        kind: "keychain",
        message: `Could not save the ${what} in the system keychain: ${describe(error, password)}`,
      });
    }
  }

  async function remove(account: string, what: string): Promise<Result<null>> {
    if (!keychain) return unavailable();
    try {
      await keychain.deletePassword(service, account);
      return ok(null);
    } catch (error) {
      return err({
        kind: "keychain",
        message: `Could not remove the ${what} from the system keychain: ${describe(error)}`,
      });
    }
  }

  return {
    available: keychain !== null,
    getCoopPassword: (serverUrl, email) => get(coopAccountName(serverUrl, email), "Co-op password"),
    setCoopPassword: (serverUrl, email, password) => set(coopAccountName(serverUrl, email), password, "Co-op password"),
    deleteCoopPassword: (serverUrl, email) => remove(coopAccountName(serverUrl, email), "Co-op password"),
    getCoopToken: (serverUrl, email) => get(coopTokenAccountName(serverUrl, email), "Co-op device token"),
    setCoopToken: (serverUrl, email, token) => set(coopTokenAccountName(serverUrl, email), token, "Co-op device token"),
    deleteCoopToken: (serverUrl, email) => remove(coopTokenAccountName(serverUrl, email), "Co-op device token"),
    getHarvestPassword: (subdomain, email) => get(harvestAccountName(subdomain, email), "Harvest password"),
    setHarvestPassword: (subdomain, email, password) =>
      set(harvestAccountName(subdomain, email), password, "Harvest password"),
    deleteHarvestPassword: (subdomain, email) => remove(harvestAccountName(subdomain, email), "Harvest password"),
    getHarvestToken: (apiBase, owner) => get(harvestTokenAccountName(apiBase, owner), "Harvest access token"),
    setHarvestToken: (apiBase, token, owner) =>
      set(harvestTokenAccountName(apiBase, owner), token, "Harvest access token"),
    deleteHarvestToken: (apiBase, owner) => remove(harvestTokenAccountName(apiBase, owner), "Harvest access token"),
  };
}

function isKeychain(value: Partial<Keychain> | undefined): value is Keychain {
  return (
    value !== undefined &&
    typeof value.getPassword === "function" &&
    typeof value.setPassword === "function" &&
    typeof value.deletePassword === "function" &&
    typeof value.findCredentials === "function"
  );
}

/** A short, secret-free description of a thrown value. */
function describe(error: unknown, secret?: string): string {
  let text = error instanceof Error ? error.message : String(error);
  if (secret) text = text.split(secret).join("[hidden]");
  text = text.replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || "unknown error";
}
