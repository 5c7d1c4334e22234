/**
 * `npm run server -- [command] [flags]`: the Co-op server's one command.
 *
 *   (start)            --data <dir> [--port 4100] [--host 127.0.0.1] [--public-url <url>] [--database <url>]
 *                      [--tls-cert <file> --tls-key <file>] [--trust-proxy] [--allow-insecure-http]
 *                      [--smtp-url <url> --smtp-from <address>] [--gather-every <seconds>]
 *                      [--harvest-v1-url <template with {subdomain}>] [--harvest-api-url <v2 base>] [--harvest-id-url <url>]
 *   user add           --email <e> --first-name <f> [--last-name <l>]   (password on stdin)
 *   user list | user passwd --email <e> (password on stdin) | user remove --email <e>
 *   invitations list   pending invitations and their links
 *   backup <file>      a consistent copy of the SQLite database while the server runs
 *
 * Every command takes --data and --database. Exit codes: 0 done, 1 failed, 2 bad usage.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { MIN_PASSWORD_LENGTH, SCRYPT, hashPassword } from "./auth/passwords";
import type { DataOptions } from "./compose";
import { SQLITE_FILE, openData, startServer } from "./compose";
import { smtpDeliver } from "./coop/mailer";
import { jsonLogger } from "./log";
import { isEmail } from "@coop-tray/protocol/rules";
import { openSqlite } from "./store/open";
import { join } from "node:path";

class UsageError extends Error {}

const OPTIONS = {
  data: { type: "string" },
  database: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  "public-url": { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "trust-proxy": { type: "boolean" },
  "allow-insecure-http": { type: "boolean" },
  "smtp-url": { type: "string" },
  "smtp-from": { type: "string" },
  "gather-every": { type: "string" },
  "harvest-v1-url": { type: "string" },
  "harvest-api-url": { type: "string" },
  "harvest-id-url": { type: "string" },
  email: { type: "string" },
  "first-name": { type: "string" },
  "last-name": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function dataOptions(values: Values): DataOptions {
  const databaseUrl = values.database ?? process.env["COOP_DATABASE_URL"] ?? null;
  const dataDir = values.data ?? null;
  if (dataDir === null && (databaseUrl === null || (process.env["COOP_SERVER_KEY"] ?? "") === "")) {
    throw new UsageError("give --data <dir> (with --database, COOP_SERVER_KEY may stand in for it)");
  }
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new UsageError("--database wants a postgres:// URL");
  return { dataDir, databaseUrl };
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
        if ((await store.userByEmail(email)) !== null) throw new Error(`a user with the email ${email} already exists`);
        const hash = await hashPassword(await readPassword());
        const user = await store.createUser(
          { firstName, lastName: values["last-name"]?.trim() ?? "", email, passwordHash: hash },
          Date.now(),
        );
        out(`added user ${user.id} ${user.email}`);
        return;
      }
      case "list": {
        for (const user of await store.users()) {
          out(
            `${user.id}\t${user.email}\t${`${user.firstName} ${user.lastName}`.trim()}${user.passwordHash === null ? "\t(cannot sign in)" : ""}`,
          );
        }
        return;
      }
      case "passwd": {
        const email = required(values.email, "--email");
        const user = await store.userByEmail(email);
        if (user === null) throw new Error(`no user with the email ${email}`);
        await store.setPasswordHash(user.id, await hashPassword(await readPassword()), Date.now());
        out(`changed the password of ${user.email}`);
        return;
      }
      case "remove": {
        const email = required(values.email, "--email");
        const user = await store.userByEmail(email);
        if (user === null) throw new Error(`no user with the email ${email}`);
        await store.removeUser(user.id);
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

async function invitationsCommand(sub: string | undefined, values: Values): Promise<void> {
  if (sub !== "list") throw new UsageError("invitations list");
  const { store, secrets } = await openData(dataOptions(values));
  try {
    const base = (
      values["public-url"] ??
      process.env["COOP_PUBLIC_URL"] ??
      `http://${values.host ?? "127.0.0.1"}:${values.port ?? "4100"}`
    ).replace(/\/+$/, "");
    const pending = await store.pendingInvitations();
    if (pending.length === 0) out("no pending invitations");
    for (const invitation of pending) {
      const group = await store.group(invitation.groupId);
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
    await sqlite.backup(file);
  } finally {
    sqlite.close();
  }
  out(`backed up ${source} to ${file}`);
}

async function serve(values: Values): Promise<void> {
  const port = Number(values.port ?? "4100");
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port wants 0–65535");
  const certFile = values["tls-cert"];
  const keyFile = values["tls-key"];
  if ((certFile === undefined) !== (keyFile === undefined))
    throw new UsageError("--tls-cert and --tls-key go together");
  const smtpUrl = values["smtp-url"] ?? process.env["COOP_SMTP_URL"];
  const smtpFrom = values["smtp-from"] ?? process.env["COOP_SMTP_FROM"];
  if (smtpUrl !== undefined && smtpFrom === undefined) throw new UsageError("--smtp-url needs --smtp-from");
  const gatherEvery = Number(values["gather-every"] ?? "60");
  if (!Number.isFinite(gatherEvery) || gatherEvery < 0) throw new UsageError("--gather-every wants seconds ≥ 0");
  const log = jsonLogger((line) => process.stderr.write(line));
  const server = await startServer({
    ...dataOptions(values),
    host: values.host ?? "127.0.0.1",
    port,
    publicUrl: values["public-url"] ?? null,
    tls:
      certFile !== undefined && keyFile !== undefined
        ? { cert: readFileSync(certFile), key: readFileSync(keyFile) }
        : null,
    trustProxy: values["trust-proxy"] === true,
    allowInsecureHttp: values["allow-insecure-http"] === true,
    log,
    deliver: smtpUrl !== undefined && smtpFrom !== undefined ? smtpDeliver(smtpUrl, smtpFrom) : null,
    gatherEverySeconds: gatherEvery,
    harvestUrls: {
      ...(values["harvest-v1-url"] === undefined ? {} : { v1UrlTemplate: values["harvest-v1-url"] }),
      ...(values["harvest-api-url"] === undefined ? {} : { v2ApiUrl: values["harvest-api-url"] }),
      ...(values["harvest-id-url"] === undefined ? {} : { idUrl: values["harvest-id-url"] }),
    },
  });
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
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, sub] = positionals;
  if (values.help === true) {
    out(
      readFileSync(new URL(import.meta.url), "utf8")
        .split("*/")[0]
        ?.replace(/^\/\*\*\n/, "")
        .replace(/^ \* ?/gm, "") ?? "",
    );
    return;
  }
  if (command === undefined || command === "start") return serve(values);
  if (command === "user") return userCommand(sub, values);
  if (command === "invitations") return invitationsCommand(sub, values);
  if (command === "backup") return backupCommand(sub, values);
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`coop-server: ${error.message} (see --help)\n`);
    process.exit(2);
  }
  process.stderr.write(`coop-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
