/** Command-line parsing for the CLI: strict, so a typo is a usage error rather than a surprise. */
import type { WireFormat } from "@coop-tray/protocol/models";

const COMMANDS = [
  "groups",
  "feed",
  "watch",
  "post",
  "credential",
  "clients",
  "client-create",
  "client-update",
  "client-toggle",
  "client-delete",
  "rate-limit",
  "whoami",
  "accounts",
  "entries",
  "timer",
  "help",
] as const;
type Command = (typeof COMMANDS)[number];

export interface CliOptions {
  readonly server: string | null;
  readonly email: string | null;
  readonly format: WireFormat;
  readonly harvestUrl: string | null;
  readonly harvestEmail: string | null;
  readonly subdomain: string | null;
  readonly json: boolean;
  readonly noWait: boolean;
  readonly date: string | null;
  readonly user: string | null;
  /** Harvest v2: the account id (or HARVEST_ACCOUNT_ID), the API base and Harvest ID's base. */
  readonly harvestAccount: string | null;
  readonly harvestApi: string | null;
  readonly harvestIdUrl: string | null;
  readonly name: string | null;
  readonly address: string | null;
  readonly currency: string | null;
  readonly project: string | null;
  readonly task: string | null;
  readonly notes: string | null;
}

export interface ParsedArgs {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly options: CliOptions;
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

const VALUE_OPTIONS = {
  "--server": "server",
  "--email": "email",
  "--format": "format",
  "--harvest-url": "harvestUrl",
  "--harvest-email": "harvestEmail",
  "--subdomain": "subdomain",
  "--date": "date",
  "--user": "user",
  "--harvest-account": "harvestAccount",
  "--harvest-api": "harvestApi",
  "--harvest-id-url": "harvestIdUrl",
  "--name": "name",
  "--address": "address",
  "--currency": "currency",
  "--project": "project",
  "--task": "task",
  "--notes": "notes",
} as const;
const FLAG_OPTIONS = { "--json": "json", "--no-wait": "noWait", "--help": "help", "-h": "help" } as const;

/** Arity per command: [required positionals, allowed positionals]. */
const ARITY: Readonly<Record<Command, readonly [number, number]>> = {
  groups: [0, 0],
  feed: [1, 1],
  watch: [1, 1],
  post: [2, Infinity],
  credential: [0, 0],
  clients: [0, 0],
  "client-create": [1, Infinity],
  "client-update": [1, 1],
  "client-toggle": [1, 1],
  "client-delete": [1, 1],
  accounts: [0, 0],
  entries: [0, 0],
  timer: [0, 1],
  "rate-limit": [0, 0],
  whoami: [0, 0],
  help: [0, 1],
};

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: Record<string, string> = {};
  const flags: Record<string, boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name in VALUE_OPTIONS) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new UsageError(`${name} needs a value.`);
      values[VALUE_OPTIONS[name as keyof typeof VALUE_OPTIONS]] = value;
    } else if (name in FLAG_OPTIONS && eq < 0) {
      flags[FLAG_OPTIONS[name as keyof typeof FLAG_OPTIONS]] = true;
    } else if (arg.startsWith("-") && arg.length > 1 && !/^-\d/.test(arg)) {
      throw new UsageError(`Unknown option ${name}.`);
    } else {
      positionals.push(arg);
    }
  }
  const first = positionals.shift();
  const command = flags.help ? "help" : (first ?? "help");
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`Unknown command "${command.slice(0, 40)}".`);
  if (flags.help && first !== undefined && first !== "help") positionals.unshift(first);
  const [min, max] = ARITY[command as Command];
  if (positionals.length < min) throw new UsageError(`"${command}" needs ${min} argument${min === 1 ? "" : "s"}.`);
  if (positionals.length > max)
    throw new UsageError(`"${command}" takes at most ${max} argument${max === 1 ? "" : "s"}.`);
  const format = values.format ?? "xml";
  if (format !== "xml" && format !== "json") throw new UsageError(`--format must be xml or json.`);
  return {
    command: command as Command,
    positionals,
    options: {
      server: values.server ?? null,
      email: values.email ?? null,
      format,
      harvestUrl: values.harvestUrl ?? null,
      harvestEmail: values.harvestEmail ?? null,
      subdomain: values.subdomain ?? null,
      json: flags.json ?? false,
      noWait: flags.noWait ?? false,
      date: values.date ?? null,
      user: values.user ?? null,
      harvestAccount: values.harvestAccount ?? null,
      harvestApi: values.harvestApi ?? null,
      harvestIdUrl: values.harvestIdUrl ?? null,
      name: values.name ?? null,
      address: values.address ?? null,
      currency: values.currency ?? null,
      project: values.project ?? null,
      task: values.task ?? null,
      notes: values.notes ?? null,
    },
  };
}

/** A positive integer argument, or a usage error naming it. */
export function positiveInt(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) <= 0) throw new UsageError(`${what} must be a positive whole number.`);
  return Number(text);
}

/** `--date` as YYYYMMDD (Co-op's own form) or YYYY-MM-DD → `YYYY-MM-DD`. */
export function dayArg(text: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (!m) throw new UsageError("--date must be YYYYMMDD.");
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    throw new UsageError("--date is not a real day.");
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export const USAGE = `Usage: coop-tray-cli <command> [options]

Co-op commands (need --server, --email and COOP_TOKEN or COOP_PASSWORD, or the app's keychain entry):
  groups                                  list your groups
  feed <groupId> [--date YYYYMMDD] [--user <id>]
                                          a group's latest 50 statuses, one day's, or one member's
  watch <groupId>                         print the group's new statuses as they arrive (until Ctrl-C)
  post <groupId> <text…>                  post a note
  whoami                                  find your Co-op user id (matched among group members)
  credential                              show the Harvest login linked to your Co-op account

Harvest commands: Harvest API v2 when a token (HARVEST_TOKEN, or the one the app saved in the
keychain) and an account (--harvest-account or HARVEST_ACCOUNT_ID) are given; otherwise the legacy
v1 API with --harvest-url or --subdomain, --harvest-email and HARVEST_PASSWORD:
  accounts                                list the Harvest accounts your token reaches (v2)
  clients                                 list clients
  client-create <name…>                   create a client
  client-update <id> [--name n] [--address a] [--currency c]
                                          change a client's fields
  client-toggle <id>                      archive an active client or restore an archived one
  client-delete <id>                      delete a client (refused while it has projects or invoices)
  entries [--date YYYY-MM-DD]             your time entries of a day (default today) (v2)
  timer                                   your running timer (v2)
  timer start --project <id> --task <id> [--notes …]
                                          start a timer today (stops the running one) (v2)
  timer stop                              stop your running timer (v2)
  rate-limit                              show the account's throttle status (v1)

Options:
  --server <url>        Co-op server (or COOP_SERVER)
  --email <e>           Co-op login email (or COOP_EMAIL)
  --format xml|json     wire format (default xml)
  --harvest-url <url>   Harvest account URL, or a template with {subdomain}
                        (default https://{subdomain}.harvestapp.com)
  --subdomain <s>       Harvest subdomain (taken from --harvest-url when it has none)
  --harvest-email <e>   Harvest login email (default: --email)
  --harvest-account <id>  Harvest v2 account id (see "accounts"; or HARVEST_ACCOUNT_ID)
  --harvest-api <url>   Harvest v2 base, including /v2 (default https://api.harvestapp.com/v2)
  --harvest-id-url <url>  Harvest ID base (default https://id.getharvest.com)
  --json                print the typed models as JSON
  --no-wait             fail instead of waiting out a throttle

Exit codes: 0 ok, 1 server error, 2 usage, 3 auth, 4 validation or not found,
            5 throttled, 6 offline, 7 malformed response.
`;
