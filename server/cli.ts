/**
 * `npm run server -- [command] [flags]` (or `node dist/server/coop-server.mjs …` once built): the
 * Co-op server's one command. USAGE below is what --help prints.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { MIN_PASSWORD_LENGTH, SCRYPT, hashPassword } from "./auth/passwords";
import { mintToken } from "./auth/tokens";
import type { DataOptions } from "./compose";
import { SQLITE_FILE, openData, startServer } from "./compose";
import type { Sources } from "./config";
import { ConfigError, dataConfig, linkBase, serveConfig } from "./config";
import { smtpDeliver } from "./coop/mailer";
import type { DataLock } from "./data-lock";
import { lockDataFolder } from "./data-lock";
import { LOOPBACK } from "./http/client-address";
import { jsonLogger } from "./log";
import { isEmail } from "@coop-tray/protocol/rules";
import { privateFile, privateFolder } from "./private-files";
import { restoreSqlite } from "./restore";
import { openSqlite } from "./store/open";
import type { User } from "./store/records";
import { TOKEN_KINDS } from "./store/tokens";

const USAGE = `coop-server [command] [flags]

  (start)            --data <dir> [--port 4100] [--host 127.0.0.1] [--public-url <url>] [--database <url>]
                     [--tls-cert <file> --tls-key <file>] [--trust-proxy [<proxies>]] [--allow-insecure-http]
                     [--smtp-url <url> --smtp-from <address>] [--gather-every <seconds>] [--log-level info]
                     [--harvest-v1-url <template with {subdomain}>] [--harvest-api-url <v2 base>] [--harvest-id-url <url>]
  user add           --email <e> --first-name <f> [--last-name <l>]   (password on stdin)
  user list | user passwd --email <e> (password on stdin) | user remove --email <e>
  token create --email <e> --name <n> [--kind personal|device]   prints the token, once, on its last line
  token list --email <e> | token revoke --id <n>
  invitations list   pending invitations and their links
  backup <file>      a consistent copy of the SQLite database while the server runs
  restore <file>     puts a backup in place (SQLite; the server must be stopped)

Every command takes --data and --database. Each flag has an environment variable instead:
  COOP_DATA  COOP_DATABASE_URL  COOP_PORT  COOP_HOST  COOP_PUBLIC_URL  COOP_TLS_CERT  COOP_TLS_KEY
  COOP_TRUST_PROXY  COOP_ALLOW_INSECURE_HTTP  COOP_SMTP_URL  COOP_SMTP_FROM  COOP_GATHER_EVERY
  COOP_HARVEST_V1_URL  COOP_HARVEST_API_URL  COOP_HARVEST_ID_URL  COOP_LOG_LEVEL (debug|info|warn|error)
Secrets are best given as files: COOP_DATABASE_URL_FILE, COOP_SMTP_URL_FILE, COOP_SERVER_KEY_FILE
(or COOP_SERVER_KEY: 32 bytes, base64 or hex; without it the key is <data>/server.key).
COOP_METRICS_TOKEN(_FILE) is the Bearer token for /metrics. A flag wins over its variable.
On PostgreSQL --data is optional when the key comes from COOP_SERVER_KEY(_FILE).

Exit codes: 0 done, 1 failed, 2 bad usage.`;

class UsageError extends Error {}

const OPTIONS = {
  data: { type: "string" },
  database: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  "public-url": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "trust-proxy": { type: "string" },
  "allow-insecure-http": { type: "boolean" },
  "smtp-url": { type: "string" },
  "smtp-from": { type: "string" },
  "gather-every": { type: "string" },
  "harvest-v1-url": { type: "string" },
  "harvest-api-url": { type: "string" },
  "harvest-id-url": { type: "string" },
  "log-level": { type: "string" },
  email: { type: "string" },
  "first-name": { type: "string" },
  "last-name": { type: "string" },
  name: { type: "string" },
  kind: { type: "string" },
  id: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function sources(values: Values): Sources {
  return { flags: values, env: process.env };
}

/** The data options, with the data folder made (mode 0700) when one is given. */
function dataOptions(values: Values): DataOptions {
  const options = dataConfig(sources(values));
  if (options.dataDir !== null) privateFolder(options.dataDir);
  return options;
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter and Ctrl-D): ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(`the password (on stdin) needs at least ${MIN_PASSWORD_LENGTH} characters`);
  return password;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`${flag} is required`);
  return value.trim();
}

async function userCommand(sub: string | undefined, values: Values): Promise<void> {
  const { store } = await openData(dataOptions(values));
  try {
    switch (sub) {
      case "add": {
        const email = required(values.email, "--email");
        if (!isEmail(email)) throw new UsageError(`${email} is not an email address`);
        const firstName = required(values["first-name"], "--first-name");
        if ((await store.users.byEmail(email)) !== null)
          throw new Error(`a user with the email ${email} already exists`);
        const hash = await hashPassword(await readPassword());
        const user = await store.users.create(
          { firstName, lastName: values["last-name"]?.trim() ?? "", email, passwordHash: hash },
          Date.now(),
        );
        out(`added user ${user.id} ${user.email}`);
        return;
      }
      case "list": {
        for (const user of await store.users.all()) {
          out(
            `${user.id}\t${user.email}\t${`${user.firstName} ${user.lastName}`.trim()}${user.passwordHash === null ? "\t(cannot sign in)" : ""}`,
          );
        }
        return;
      }
      case "passwd": {
        const email = required(values.email, "--email");
        const user = await store.users.byEmail(email);
        if (user === null) throw new Error(`no user with the email ${email}`);
        // Every token goes too (docs/coop-api.md §10.2): an operator re-passwords an account on suspicion.
        const revoked = await store.users.changePassword(
          user.id,
          await hashPassword(await readPassword()),
          Date.now(),
          null,
        );
        out(`changed the password of ${user.email} and revoked its ${revoked ?? 0} token${revoked === 1 ? "" : "s"}`);
        return;
      }
      case "remove": {
        const email = required(values.email, "--email");
        const user = await store.users.byEmail(email);
        if (user === null) throw new Error(`no user with the email ${email}`);
        await store.users.remove(user.id);
        out(`removed user ${user.id} ${user.email}`);
        return;
      }
      default:
        throw new UsageError("user add | user list | user passwd | user remove");
    }
  } finally {
    await store.close();
  }
}

/** Personal access tokens for scripts (docs/coop-api.md §2.5): the secret is shown here once, never stored. */
async function tokenCommand(sub: string | undefined, values: Values): Promise<void> {
  const { store } = await openData(dataOptions(values));
  const userOf = async (): Promise<User> => {
    const email = required(values.email, "--email");
    const user = await store.users.byEmail(email);
    if (user === null) throw new Error(`no user with the email ${email}`);
    return user;
  };
  try {
    switch (sub) {
      case "create": {
        const user = await userOf();
        const name = required(values.name, "--name");
        const kind = TOKEN_KINDS.find((k) => k === (values.kind ?? "personal"));
        if (kind === undefined) throw new UsageError(`--kind is one of ${TOKEN_KINDS.join(", ")}`);
        const { token, secret } = await mintToken(store, user.id, name, kind, Date.now());
        out(`created ${kind} token ${token.id} "${name}" for ${user.email}; it is shown only now:`);
        out(secret);
        return;
      }
      case "list": {
        const user = await userOf();
        const tokens = await store.tokens.active(user.id);
        if (tokens.length === 0) out(`no tokens for ${user.email}`);
        for (const token of tokens) {
          const used =
            token.lastUsedAt === null ? "never used" : `last used ${new Date(token.lastUsedAt).toISOString()}`;
          out(`${token.id}\t${token.kind}\t${token.name}\tcreated ${new Date(token.createdAt).toISOString()}\t${used}`);
        }
        return;
      }
      case "revoke": {
        const id = Number(required(values.id, "--id"));
        const token = Number.isSafeInteger(id) ? await store.tokens.byId(id) : null;
        if (token === null || !(await store.tokens.revoke(token.userId, token.id, Date.now())))
          throw new Error(`no live token with the id ${values.id}`);
        out(`revoked token ${token.id} "${token.name}"`);
        return;
      }
      default:
        throw new UsageError("token create | token list | token revoke");
    }
  } finally {
    await store.close();
  }
}

async function invitationsCommand(sub: string | undefined, values: Values): Promise<void> {
  if (sub !== "list") throw new UsageError("invitations list");
  const { store, secrets } = await openData(dataOptions(values));
  try {
    const base = linkBase(sources(values));
    const pending = await store.invitations.pending();
    if (pending.length === 0) out("no pending invitations");
    for (const invitation of pending) {
      const group = await store.groups.byId(invitation.groupId);
      out(
        `${invitation.email}\t${group?.name ?? invitation.groupId}\t${base}/invitations/${secrets.open(invitation.tokenSealed)}`,
      );
    }
  } finally {
    await store.close();
  }
}

async function backupCommand(file: string | undefined, values: Values): Promise<void> {
  if (file === undefined) throw new UsageError("backup <file>");
  const options = dataOptions(values);
  if (options.databaseUrl !== null) throw new UsageError("on PostgreSQL, back up with pg_dump (see the README)");
  const source = join(options.dataDir ?? ".", SQLITE_FILE);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  if (existsSync(file)) throw new Error(`${file} exists: give a new file`);
  // SQLite's online backup: a consistent snapshot even while the server writes (WAL).
  const sqlite = openSqlite(source);
  try {
    privateFile(file);
    await sqlite.backup(file);
    privateFile(file);
  } finally {
    sqlite.close();
  }
  out(`backed up ${source} to ${file}`);
}

async function restoreCommand(file: string | undefined, values: Values): Promise<void> {
  if (file === undefined) throw new UsageError("restore <file>");
  const options = dataOptions(values);
  if (options.databaseUrl !== null)
    throw new UsageError("on PostgreSQL, restore with pg_restore or psql (see the README)");
  if (options.dataDir === null) throw new UsageError("restore needs --data <dir> (or COOP_DATA)");
  const target = join(options.dataDir, SQLITE_FILE);
  const { movedAside } = restoreSqlite(options.dataDir, target, file);
  out(`restored ${file} as ${target}${movedAside === null ? "" : ` (the previous database is kept as ${movedAside})`}`);
}

/** `--trust-proxy` with no value (last, or before another flag) stands for `--trust-proxy=loopback`. */
function bareTrustProxy(argv: readonly string[]): string[] {
  return argv.map((arg, i) =>
    arg === "--trust-proxy" && (argv[i + 1] === undefined || argv[i + 1]?.startsWith("-") === true)
      ? `--trust-proxy=${LOOPBACK}`
      : arg,
  );
}

async function serve(values: Values): Promise<void> {
  const config = serveConfig(sources(values));
  const log = jsonLogger((line) => process.stderr.write(line), Date.now, config.logLevel);
  const { dataDir, databaseUrl } = config.data;
  if (dataDir !== null) privateFolder(dataDir);
  // On SQLite the running server owns its data folder, so `restore` (or a second server) cannot swap
  // the database under it; the lock goes when the process does.
  const lock: DataLock | null =
    databaseUrl === null && dataDir !== null ? lockDataFolder(dataDir, "stop it first") : null;
  let server;
  try {
    server = await startServer({
      ...config.data,
      host: config.host,
      port: config.port,
      publicUrl: config.publicUrl,
      tls:
        config.tls === null ? null : { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
      trustProxy: config.trustProxy,
      allowInsecureHttp: config.allowInsecureHttp,
      log,
      deliver: config.smtp === null ? null : smtpDeliver(config.smtp.url, config.smtp.from),
      gatherEverySeconds: config.gatherEverySeconds,
      harvestUrls: config.harvestUrls,
      metricsToken: config.metricsToken,
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  out(`coop-server listening on ${server.url}`);
  log.log("info", "started", {
    url: server.url,
    database: server.store.dialect,
    hashing: `scrypt N=2^${SCRYPT.log2N} r=${SCRYPT.r} p=${SCRYPT.p}`,
  });
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    log.log("info", "draining", { signal });
    server.close().then(
      () => {
        lock?.release();
        log.log("info", "stopped", {});
        process.exit(0);
      },
      (error: unknown) => {
        log.log("error", "stop failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

async function main(argv: readonly string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: bareTrustProxy(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, sub] = positionals;
  if (values.help === true) return out(USAGE);
  if (command === undefined || command === "start") return serve(values);
  if (command === "user") return userCommand(sub, values);
  if (command === "token") return tokenCommand(sub, values);
  if (command === "invitations") return invitationsCommand(sub, values);
  if (command === "backup") return backupCommand(sub, values);
  if (command === "restore") return restoreCommand(sub, values);
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    process.stderr.write(`coop-server: ${error.message} (see --help)\n`);
    process.exit(2);
  }
  process.stderr.write(`coop-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
