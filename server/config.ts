/**
 * The server's configuration: each flag, else its environment variable, else the default. Secrets
 * (the database URL, the SMTP URL, the metrics token; the server key in secrets.ts) may come from a
 * file named by `<VAR>_FILE`, so they need never appear in `ps`, a unit file or `docker inspect`.
 * Containers and unit files then configure the server with the environment alone, as admins expect
 * from Gitea or Umami.
 */
import { trustedProxies } from "./http/client-address";
import { readFileSync } from "node:fs";
import type { DataOptions } from "./compose";
import type { Level } from "./log";
import { LEVELS, isLevel } from "./log";

export class ConfigError extends Error {}

/** Every flag with a value, and the environment variable that stands in for it. */
export const ENVIRONMENT = {
  data: "COOP_DATA",
  database: "COOP_DATABASE_URL",
  port: "COOP_PORT",
  host: "COOP_HOST",
  "public-url": "COOP_PUBLIC_URL",
  "tls-cert": "COOP_TLS_CERT",
  "tls-key": "COOP_TLS_KEY",
  "trust-proxy": "COOP_TRUST_PROXY",
  "allow-insecure-http": "COOP_ALLOW_INSECURE_HTTP",
  "smtp-url": "COOP_SMTP_URL",
  "smtp-from": "COOP_SMTP_FROM",
  "gather-every": "COOP_GATHER_EVERY",
  "harvest-v1-url": "COOP_HARVEST_V1_URL",
  "harvest-api-url": "COOP_HARVEST_API_URL",
  "harvest-id-url": "COOP_HARVEST_ID_URL",
  "log-level": "COOP_LOG_LEVEL",
  // No flag: a token on the command line would show in `ps`.
  "metrics-token": "COOP_METRICS_TOKEN",
} as const;

export type Setting = keyof typeof ENVIRONMENT;

/** Settings whose values are secrets: their variables may name a file instead (`<VAR>_FILE`). */
const SECRET_SETTINGS: ReadonlySet<Setting> = new Set(["database", "smtp-url", "metrics-token"]);

export type Flags = Partial<Record<Setting, string | boolean | undefined>>;

export interface Sources {
  readonly flags: Flags;
  readonly env: NodeJS.ProcessEnv;
}

/** `<VAR>`, or the contents of the file `<VAR>_FILE` names (one trailing newline dropped); never both. */
export function fromEnvironment(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  const hasDirect = direct !== undefined && direct !== "";
  const hasFile = file !== undefined && file !== "";
  if (hasDirect && hasFile) throw new ConfigError(`set ${name} or ${name}_FILE, not both`);
  if (!hasFile) return hasDirect ? direct : undefined;
  try {
    return readFileSync(file, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${name}_FILE: cannot read ${file} (${reason})`);
  }
}

function text(sources: Sources, setting: Setting): string | undefined {
  const flag = sources.flags[setting];
  if (typeof flag === "string") return flag;
  const name = ENVIRONMENT[setting];
  if (SECRET_SETTINGS.has(setting)) return fromEnvironment(sources.env, name);
  const value = sources.env[name];
  return value === undefined || value === "" ? undefined : value;
}

/** `--trust-proxy [<list>]` / COOP_TRUST_PROXY: a yes/no word, or a comma-separated list of proxies. */
function trustProxyConfig(sources: Sources): boolean | readonly string[] {
  const given = sources.flags["trust-proxy"];
  if (given === true) return true;
  const spec = typeof given === "string" ? given : sources.env[ENVIRONMENT["trust-proxy"]];
  if (spec === undefined || spec.trim() === "") return false;
  const word = spec.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(word)) return true;
  if (["0", "false", "no", "off"].includes(word)) return false;
  const entries = spec.split(",").map((entry) => entry.trim());
  try {
    trustedProxies(entries);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^--trust-proxy:? /, "");
    throw new ConfigError(`--trust-proxy (COOP_TRUST_PROXY): ${reason}`);
  }
  return entries;
}

function flag(sources: Sources, setting: Setting): boolean {
  if (sources.flags[setting] === true) return true;
  const value = sources.env[ENVIRONMENT[setting]]?.trim().toLowerCase();
  if (value === undefined || value === "") return false;
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  throw new ConfigError(`${ENVIRONMENT[setting]} wants true or false, not "${value}"`);
}

/** Where the data lives. On PostgreSQL the data folder is optional when COOP_SERVER_KEY(_FILE) gives the key. */
export function dataConfig(sources: Sources): DataOptions {
  const databaseUrl = text(sources, "database") ?? null;
  const dataDir = text(sources, "data") ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError("--database (COOP_DATABASE_URL) wants a postgres:// URL");
  const keyFromEnvironment = fromEnvironment(sources.env, "COOP_SERVER_KEY") !== undefined;
  if (dataDir === null && (databaseUrl === null || !keyFromEnvironment)) {
    throw new ConfigError(
      databaseUrl === null
        ? "give --data <dir> (or COOP_DATA) for the SQLite database"
        : "give --data <dir> (or COOP_DATA), or the server key as COOP_SERVER_KEY or COOP_SERVER_KEY_FILE",
    );
  }
  return { dataDir, databaseUrl };
}

export interface ServeConfig {
  readonly data: DataOptions;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string | null;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
  /** false, true (proxies on this host) or the proxies' addresses/CIDRs. */
  readonly trustProxy: boolean | readonly string[];
  readonly allowInsecureHttp: boolean;
  readonly smtp: { readonly url: string; readonly from: string } | null;
  readonly gatherEverySeconds: number;
  readonly harvestUrls: { readonly v1UrlTemplate?: string; readonly v2ApiUrl?: string; readonly idUrl?: string };
  readonly logLevel: Level;
  /** The Bearer token for /metrics; null = no /metrics. */
  readonly metricsToken: string | null;
}

export const DEFAULT_PORT = 4100;
export const DEFAULT_HOST = "127.0.0.1";

export function listenConfig(sources: Sources): Pick<ServeConfig, "host" | "port" | "publicUrl"> {
  const portText = text(sources, "port") ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText.trim()) || port > 65535)
    throw new ConfigError(`--port (COOP_PORT) wants 0–65535, not "${portText}"`);
  const publicUrl = text(sources, "public-url") ?? null;
  if (publicUrl !== null && !/^https?:\/\/[^/]/.test(publicUrl))
    throw new ConfigError(`--public-url (COOP_PUBLIC_URL) wants an http(s):// address, not "${publicUrl}"`);
  return { host: text(sources, "host") ?? DEFAULT_HOST, port, publicUrl };
}

/** The address invitation links start with: the public URL, else where the server listens. */
export function linkBase(sources: Sources): string {
  const { host, port, publicUrl } = listenConfig(sources);
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  return (publicUrl ?? `http://${hostInUrl}:${port}`).replace(/\/+$/, "");
}

export function logLevel(sources: Sources): Level {
  const value = text(sources, "log-level")?.trim().toLowerCase() ?? "info";
  if (!isLevel(value)) throw new ConfigError(`--log-level (COOP_LOG_LEVEL) wants ${LEVELS.join(", ")}`);
  return value;
}

export function serveConfig(sources: Sources): ServeConfig {
  const certFile = text(sources, "tls-cert");
  const keyFile = text(sources, "tls-key");
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new ConfigError("--tls-cert and --tls-key (COOP_TLS_CERT, COOP_TLS_KEY) go together");
  const smtpUrl = text(sources, "smtp-url");
  const smtpFrom = text(sources, "smtp-from");
  if (smtpUrl !== undefined && smtpFrom === undefined)
    throw new ConfigError("--smtp-url needs --smtp-from (COOP_SMTP_FROM)");
  const gatherText = text(sources, "gather-every") ?? "60";
  const gatherEverySeconds = Number(gatherText);
  if (gatherText.trim() === "" || !Number.isFinite(gatherEverySeconds) || gatherEverySeconds < 0)
    throw new ConfigError("--gather-every (COOP_GATHER_EVERY) wants seconds ≥ 0");
  const v1UrlTemplate = text(sources, "harvest-v1-url");
  const v2ApiUrl = text(sources, "harvest-api-url");
  const idUrl = text(sources, "harvest-id-url");
  return {
    data: dataConfig(sources),
    ...listenConfig(sources),
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : null,
    trustProxy: trustProxyConfig(sources),
    allowInsecureHttp: flag(sources, "allow-insecure-http"),
    smtp: smtpUrl !== undefined && smtpFrom !== undefined ? { url: smtpUrl, from: smtpFrom } : null,
    gatherEverySeconds,
    harvestUrls: {
      ...(v1UrlTemplate === undefined ? {} : { v1UrlTemplate }),
      ...(v2ApiUrl === undefined ? {} : { v2ApiUrl }),
      ...(idUrl === undefined ? {} : { idUrl }),
    },
    logLevel: logLevel(sources),
    metricsToken: text(sources, "metrics-token")?.trim() || null,
  };
}
