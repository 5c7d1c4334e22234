/**
 * The CLI as a function: `runCli(argv, io)` resolves to an exit code and never throws, so tests
 * call it in-process and `index.ts` wires it to the real process.
 */
import type { ApiError, ApiResult } from "../../shared/errors";
import { createApiFactory, type ApiFactoryInternals } from "@coop-tray/protocol";
import type { ApiFactory, ApiFactoryOptions, CallOptions, CoopClient, HarvestClient } from "@coop-tray/protocol";
import { DEFAULT_HARVEST_URL_TEMPLATE } from "@coop-tray/protocol/rules";
import { dayArg, parseArgs, positiveInt, UsageError, USAGE, type CliOptions, type ParsedArgs } from "./args";
import { formatClients, formatCredential, formatFeed, formatGroups, formatMember, formatRateLimit } from "./format";
import { accountIdOf, apiBaseOf, CLIENT_COMMANDS, idBaseOf, V2_ONLY_COMMANDS, type V2Io } from "./harvest-v2-commands";
import { runAccounts, runClientCommandV2, runTimeCommand } from "./harvest-v2-commands";
import { APP_USER_AGENT } from "../app/user-agent";
import { watchGroup, type WatchLogin } from "./watch";

/** Aborts on Ctrl-C or SIGTERM, so `watch` closes its stream and exits 0. */
function interrupted(): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  return controller.signal;
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

interface PasswordRequest {
  readonly service: "coop" | "harvest";
  /** The Co-op server URL or the Harvest account's subdomain. */
  readonly account: string;
  readonly email: string;
}

export interface CliHooks {
  /**
   * Where passwords come from. The default reads COOP_PASSWORD / HARVEST_PASSWORD; the app wires
   * the OS keychain in here. Resolve null when there is none.
   */
  readonly resolvePassword?: (request: PasswordRequest, io: CliIo) => Promise<string | null>;
  /**
   * Where the Harvest v2 token comes from. The default reads HARVEST_TOKEN; the process entry adds
   * the keychain entry the app saved for that API base. Resolve null when there is none.
   */
  readonly resolveToken?: (apiBase: string, io: CliIo) => Promise<string | null>;
  /**
   * Where a Co-op token comes from (docs/coop-api.md §2.5), tried before the password. The default reads
   * COOP_TOKEN; the process entry adds the device token the app saved. Resolve null when there is none.
   */
  readonly resolveCoopToken?: (
    request: { readonly server: string; readonly email: string },
    io: CliIo,
  ) => Promise<string | null>;
  /** The clock for "today" (tests fix it). */
  readonly now?: () => Date;
  /** Ends a long-running command (watch); default: Ctrl-C (SIGINT) or SIGTERM. */
  readonly signal?: AbortSignal;
  /** Factory options (tests compress retries and timeouts). */
  readonly api?: ApiFactoryOptions & ApiFactoryInternals;
}

const EXIT = { ok: 0, server: 1, usage: 2, auth: 3, invalid: 4, throttled: 5, offline: 6, malformed: 7 } as const;

function exitCodeFor(error: ApiError): number {
  switch (error.kind) {
    case "auth":
      return EXIT.auth;
    case "validation":
    case "notFound":
      return EXIT.invalid;
    case "throttled":
      return EXIT.throttled;
    case "offline":
      return EXIT.offline;
    case "malformed":
      return EXIT.malformed;
    case "server":
      return EXIT.server;
  }
}

/** One line for stderr: the kind in words, then the message (server text and Hint included). */
function describeError(error: ApiError): string {
  switch (error.kind) {
    case "validation":
      return `Refused: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ""}`;
    case "throttled":
      return `Throttled: ${error.message}`;
    case "offline":
      return `Offline: ${error.message}`;
    case "malformed":
      return `Unreadable response: ${error.message}`;
    case "auth":
      return `Login refused: ${error.message}`;
    case "notFound":
      return `Not found: ${error.message}`;
    case "server":
      return `Server error: ${error.message}`;
  }
}

export const envPasswords: NonNullable<CliHooks["resolvePassword"]> = async (request, io) => {
  const value = request.service === "coop" ? io.env.COOP_PASSWORD : io.env.HARVEST_PASSWORD;
  return value === undefined || value === "" ? null : value;
};

export const envToken: NonNullable<CliHooks["resolveToken"]> = async (_apiBase, io) => {
  const value = io.env.HARVEST_TOKEN?.trim();
  return value === undefined || value === "" ? null : value;
};

export const envCoopToken: NonNullable<CliHooks["resolveCoopToken"]> = async (_request, io) => {
  const value = io.env.COOP_TOKEN?.trim();
  return value === undefined || value === "" ? null : value;
};

class Failure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

function unwrap<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Failure(result.error);
  return result.value;
}

interface Context {
  readonly args: ParsedArgs;
  readonly io: CliIo;
  readonly hooks: CliHooks;
  readonly factory: ApiFactory;
  readonly call: CallOptions;
  readonly makeFactory: (extra: ApiFactoryOptions) => ApiFactory;
}

/**
 * Runs the command on Harvest v2 when it applies: always for the v2-only commands, and for the
 * client commands whenever an account is given (with a token from the environment or the keychain).
 * False when the command is not a v2 one here (the v1 path takes it).
 */
async function harvestV2(ctx: Context): Promise<boolean> {
  const { command, positionals, options } = ctx.args;
  const v2Only = V2_ONLY_COMMANDS.has(command);
  if (!v2Only && !CLIENT_COMMANDS.has(command)) return false;
  const accountId = accountIdOf(options, ctx.io.env);
  if (!v2Only && accountId === null) return false;
  const apiBase = apiBaseOf(options, ctx.io.env);
  const token = await (ctx.hooks.resolveToken ?? envToken)(apiBase, ctx.io);
  if (token === null) {
    throw new UsageError(
      "No Harvest token: set HARVEST_TOKEN to a personal access token (https://id.getharvest.com/developers)," +
        " or connect Harvest in the app so the keychain has it.",
    );
  }
  const factory = ctx.makeFactory({ harvestApiUrl: apiBase, harvestIdUrl: idBaseOf(options, ctx.io.env) });
  const io: V2Io = {
    print: (value, human) => print(ctx, value, human),
    unwrap,
    now: ctx.hooks.now ?? (() => new Date()),
    call: ctx.call,
  };
  if (command === "accounts") {
    const identity = unwrap(await factory.harvestId(token).accounts(ctx.call));
    await runAccounts(identity.accounts, io);
    return true;
  }
  if (accountId === null)
    throw new UsageError(
      'Which Harvest account? Pass --harvest-account <id> (or set HARVEST_ACCOUNT_ID); "accounts" lists them.',
    );
  const client = factory.harvestV2({ token, accountId });
  if (CLIENT_COMMANDS.has(command)) await runClientCommandV2(client, command, positionals, options, io);
  else await runTimeCommand(client, command, positionals, options, io);
  return true;
}

async function coopClient(ctx: Context): Promise<{ client: CoopClient; login: WatchLogin }> {
  const { options } = ctx.args;
  const server = options.server ?? ctx.io.env.COOP_SERVER ?? null;
  const email = options.email ?? ctx.io.env.COOP_EMAIL ?? null;
  if (server === null) throw new UsageError("Which Co-op server? Pass --server <url> (or set COOP_SERVER).");
  if (email === null) throw new UsageError("Which Co-op login? Pass --email <e> (or set COOP_EMAIL).");
  const token = await (ctx.hooks.resolveCoopToken ?? envCoopToken)({ server, email }, ctx.io);
  if (token !== null)
    return {
      client: ctx.factory.coop({ serverUrl: server, email, token }, options.format),
      login: { server, email, token },
    };
  const password = await (ctx.hooks.resolvePassword ?? envPasswords)(
    { service: "coop", account: server, email },
    ctx.io,
  );
  if (password === null)
    throw new UsageError(
      "No Co-op token or password: set COOP_TOKEN (or COOP_PASSWORD), or sign in with the app so the keychain has one.",
    );
  return {
    client: ctx.factory.coop({ serverUrl: server, email, password }, options.format),
    login: { server, email, password },
  };
}

/** `--harvest-url` is either a template with `{subdomain}` or one account's URL. */
function harvestTarget(options: CliOptions): { template: string; subdomain: string } {
  const url = options.harvestUrl;
  if (url === null || url.includes("{subdomain}")) {
    if (options.subdomain === null)
      throw new UsageError("Which Harvest account? Pass --harvest-url <url> or --subdomain <s>.");
    return { template: url ?? DEFAULT_HARVEST_URL_TEMPLATE, subdomain: options.subdomain };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError("--harvest-url is not a valid URL.");
  }
  const host = /^([a-z0-9-]+)\.harvestapp\.com$/i.exec(parsed.hostname);
  const lastSegment = parsed.pathname.split("/").filter(Boolean).pop();
  const subdomain = options.subdomain ?? host?.[1] ?? lastSegment ?? null;
  if (subdomain === null)
    throw new UsageError("Cannot tell the Harvest subdomain from --harvest-url; pass --subdomain <s>.");
  return { template: url, subdomain };
}

async function harvestClient(ctx: Context, factoryFor: (template: string) => ApiFactory): Promise<HarvestClient> {
  const { options } = ctx.args;
  const target = harvestTarget(options);
  const email = options.harvestEmail ?? options.email ?? ctx.io.env.HARVEST_EMAIL ?? null;
  if (email === null) throw new UsageError("Which Harvest login? Pass --harvest-email <e>.");
  const password = await (ctx.hooks.resolvePassword ?? envPasswords)(
    { service: "harvest", account: target.subdomain, email },
    ctx.io,
  );
  if (password === null)
    throw new UsageError(
      "No Harvest password: set HARVEST_PASSWORD, or link Harvest in the app so the keychain has it.",
    );
  return factoryFor(target.template).harvest({ subdomain: target.subdomain, email, password }, options.format);
}

function print(ctx: Context, value: unknown, human: string): void {
  ctx.io.stdout(ctx.args.options.json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
}

async function execute(ctx: Context, factoryFor: (template: string) => ApiFactory): Promise<void> {
  const { command, positionals, options } = ctx.args;
  const call = ctx.call;
  if (await harvestV2(ctx)) return;
  switch (command) {
    case "help":
      ctx.io.stdout(USAGE);
      return;
    case "groups": {
      const { client } = await coopClient(ctx);
      const groups = unwrap(await client.listGroups(call));
      print(ctx, groups, formatGroups(groups));
      return;
    }
    case "feed": {
      const groupId = positiveInt(positionals[0]!, "The group id");
      const day = options.date === null ? null : dayArg(options.date);
      const userId = options.user === null ? null : positiveInt(options.user, "--user");
      const { client } = await coopClient(ctx);
      const statuses =
        userId !== null
          ? unwrap(await client.memberStatuses(groupId, userId, day, call))
          : day !== null
            ? unwrap(await client.statusesOfDay(groupId, day, call))
            : (unwrap(await client.latestStatuses(groupId, call)).value ?? []);
      print(ctx, statuses, formatFeed(statuses));
      return;
    }
    case "watch": {
      const groupId = positiveInt(positionals[0]!, "The group id");
      const { client, login } = await coopClient(ctx);
      await watchGroup(client, login, groupId, {
        print: (statuses) => print(ctx, statuses, formatFeed(statuses)),
        note: (text) => ctx.io.stderr(`${text}\n`),
        unwrap,
        call,
        userAgent: APP_USER_AGENT.coop,
        signal: ctx.hooks.signal ?? interrupted(),
      });
      return;
    }
    case "post": {
      const groupId = positiveInt(positionals[0]!, "The group id");
      const text = positionals.slice(1).join(" ");
      if (text.trim() === "") throw new UsageError("The note is empty.");
      const { client } = await coopClient(ctx);
      const id = unwrap(await client.postNote(groupId, text, call));
      print(ctx, { id, groupId }, `Posted note ${id} to group ${groupId}.`);
      return;
    }
    case "whoami": {
      const { client } = await coopClient(ctx);
      const me = unwrap(await client.whoAmI(call));
      print(ctx, me, formatMember(me));
      return;
    }
    case "credential": {
      const { client } = await coopClient(ctx);
      const me = unwrap(await client.whoAmI(call));
      const credential = unwrap(await client.getHarvestCredential(me.id, call));
      print(ctx, credential, formatCredential(credential));
      return;
    }
    case "clients": {
      const harvest = await harvestClient(ctx, factoryFor);
      const clients = unwrap(await harvest.listClients(call));
      print(ctx, clients, formatClients(clients));
      return;
    }
    case "client-create": {
      const name = positionals.join(" ").trim();
      if (name === "") throw new UsageError("The client needs a name.");
      const harvest = await harvestClient(ctx, factoryFor);
      const id = unwrap(await harvest.createClient({ name }, call));
      print(ctx, { id, name }, `Created client ${id}: ${name}.`);
      return;
    }
    case "client-toggle": {
      const id = positiveInt(positionals[0]!, "The client id");
      const harvest = await harvestClient(ctx, factoryFor);
      unwrap(await harvest.toggleClient(id, call));
      const client = unwrap(await harvest.getClient(id, call));
      print(ctx, client, `Client ${id} (${client.name}) is now ${client.active ? "active" : "inactive"}.`);
      return;
    }
    case "client-update": {
      const id = positiveInt(positionals[0]!, "The client id");
      if (options.name === null && options.address === null && options.currency === null)
        throw new UsageError("Say what to change: --name, --address or --currency.");
      const harvest = await harvestClient(ctx, factoryFor);
      unwrap(
        await harvest.updateClient(
          id,
          {
            ...(options.name === null ? {} : { name: options.name }),
            ...(options.address === null ? {} : { details: options.address }),
            ...(options.currency === null ? {} : { currency: options.currency }),
          },
          call,
        ),
      );
      const client = unwrap(await harvest.getClient(id, call));
      print(ctx, client, `Updated client ${id}: ${client.name}.`);
      return;
    }
    case "client-delete": {
      const id = positiveInt(positionals[0]!, "The client id");
      const harvest = await harvestClient(ctx, factoryFor);
      unwrap(await harvest.deleteClient(id, call));
      print(ctx, { id, deleted: true }, `Deleted client ${id}.`);
      return;
    }
    case "accounts":
    case "entries":
    case "timer":
      return; // handled by harvestV2 above
    case "rate-limit": {
      const harvest = await harvestClient(ctx, factoryFor);
      const status = unwrap(await harvest.rateLimitStatus(call));
      print(ctx, status, formatRateLimit(status));
      return;
    }
  }
}

export async function runCli(argv: readonly string[], io: CliIo, hooks: CliHooks = {}): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)} Try "coop-tray-cli help".\n`);
    return EXIT.usage;
  }
  // The Harvest URL template is a factory option, known only once the arguments are read.
  const factories: ApiFactory[] = [];
  const announced = new Set<number>();
  const clock = hooks.api?.clock;
  const now = clock ? () => clock.now() : (hooks.api?.now ?? Date.now);
  const factoryFor = (template: string): ApiFactory => {
    const factory = createApiFactory({ userAgent: APP_USER_AGENT, ...hooks.api, harvestUrlTemplate: template });
    // A call waiting out a lockout says so once per lockout (never a stream of lines), and how long.
    factory.onGovernorState((state) => {
      if (args.options.noWait || state.lockedUntil === null || state.queued === 0) return;
      if (announced.has(state.lockedUntil) || announced.size >= 3) return;
      announced.add(state.lockedUntil);
      const seconds = Math.max(1, Math.ceil((state.lockedUntil - now()) / 1000));
      const bound = "never more than 15 minutes; --no-wait exits instead";
      io.stderr(`Throttled: waiting ${seconds} s before trying again, as the server asked (${bound}).\n`);
    });
    factories.push(factory);
    return factory;
  };
  const makeFactory = (extra: ApiFactoryOptions): ApiFactory => {
    const factory = createApiFactory({ userAgent: APP_USER_AGENT, ...hooks.api, ...extra });
    factories.push(factory);
    return factory;
  };
  const ctx: Context = {
    args,
    io,
    hooks,
    factory: factoryFor(args.options.harvestUrl ?? DEFAULT_HARVEST_URL_TEMPLATE),
    call: { priority: "interactive", noWait: args.options.noWait },
    makeFactory,
  };
  try {
    await execute(ctx, factoryFor);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Failure) {
      io.stderr(`${describeError(error.error)}\n`);
      return exitCodeFor(error.error);
    }
    if (error instanceof UsageError) {
      io.stderr(`${error.message} Try "coop-tray-cli help".\n`);
      return EXIT.usage;
    }
    io.stderr(`Unexpected problem: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.server;
  } finally {
    await Promise.all(factories.map((factory) => factory.close()));
  }
}
