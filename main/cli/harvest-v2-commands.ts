/**
 * The CLI's Harvest v2 side: which commands use it, where the token and the account come from, and
 * the commands themselves. v2 is used whenever a token and an account are given; `accounts`,
 * `entries` and `timer` exist only in v2.
 */
import type { ApiResult } from "../../shared/errors";
import type { CallOptions, HarvestV2Client } from "@coop-tray/protocol";
import { DEFAULT_HARVEST_API_URL, DEFAULT_HARVEST_ID_URL, ianaTimeZone } from "@coop-tray/protocol/rules";
import { positiveInt, UsageError, type CliOptions } from "./args";
import { formatAccounts, formatClientsV2, formatEntries, formatEntry } from "./format-v2";

export const V2_ONLY_COMMANDS: ReadonlySet<string> = new Set(["accounts", "entries", "timer"]);
export const CLIENT_COMMANDS: ReadonlySet<string> = new Set([
  "clients",
  "client-create",
  "client-update",
  "client-toggle",
  "client-delete",
]);

export interface V2Io {
  readonly print: (value: unknown, human: string) => void;
  readonly unwrap: <T>(result: ApiResult<T>) => T;
  /** The day today where the user is; the default is the machine's own zone. */
  readonly now: () => Date;
  /** Priority and --no-wait, on every call. */
  readonly call: CallOptions;
}

/** `--harvest-account` or HARVEST_ACCOUNT_ID as a number, or null when neither is given. */
export function accountIdOf(options: CliOptions, env: Readonly<Record<string, string | undefined>>): number | null {
  const raw = options.harvestAccount ?? env.HARVEST_ACCOUNT_ID ?? null;
  if (raw === null || raw.trim() === "") return null;
  return positiveInt(raw.trim(), "--harvest-account");
}

export function apiBaseOf(options: CliOptions, env: Readonly<Record<string, string | undefined>>): string {
  return options.harvestApi ?? env.HARVEST_API_URL ?? DEFAULT_HARVEST_API_URL;
}

export function idBaseOf(options: CliOptions, env: Readonly<Record<string, string | undefined>>): string {
  return options.harvestIdUrl ?? env.HARVEST_ID_URL ?? DEFAULT_HARVEST_ID_URL;
}

/** `YYYY-MM-DD` at `at` in a Harvest (ActiveSupport) zone, or in the machine's zone without one. */
export function dayIn(zoneName: string | null, at: Date): string {
  const zone = zoneName === null ? undefined : (ianaTimeZone(zoneName) ?? undefined);
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    at,
  );
}

function isoDay(text: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  const date = m === null ? null : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (m === null || date === null || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3]))
    throw new UsageError("--date must be a real day, YYYY-MM-DD.");
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export async function runClientCommandV2(
  client: HarvestV2Client,
  command: string,
  positionals: readonly string[],
  options: CliOptions,
  io: V2Io,
): Promise<void> {
  switch (command) {
    case "clients": {
      const clients = io.unwrap(await client.listClients(io.call));
      io.print(clients, formatClientsV2(clients));
      return;
    }
    case "client-create": {
      const name = positionals.join(" ").trim();
      if (name === "") throw new UsageError("The client needs a name.");
      const created = io.unwrap(
        await client.createClient(
          {
            name,
            ...(options.address === null ? {} : { address: options.address }),
            ...(options.currency === null ? {} : { currency: options.currency }),
          },
          io.call,
        ),
      );
      io.print(created, `Created client ${created.id}: ${created.name}.`);
      return;
    }
    case "client-update": {
      const id = positiveInt(positionals[0] ?? "", "The client id");
      const patch = {
        ...(options.name === null ? {} : { name: options.name }),
        ...(options.address === null ? {} : { address: options.address }),
        ...(options.currency === null ? {} : { currency: options.currency }),
      };
      if (Object.keys(patch).length === 0) throw new UsageError("Say what to change: --name, --address or --currency.");
      const updated = io.unwrap(await client.updateClient(id, patch, io.call));
      io.print(updated, `Updated client ${updated.id}: ${updated.name}.`);
      return;
    }
    case "client-toggle": {
      const id = positiveInt(positionals[0] ?? "", "The client id");
      const current = io.unwrap(await client.getClient(id, io.call));
      const changed = io.unwrap(await client.setClientActive(id, !current.isActive, io.call));
      io.print(changed, `Client ${id} (${changed.name}) is now ${changed.isActive ? "active" : "archived"}.`);
      return;
    }
    case "client-delete": {
      const id = positiveInt(positionals[0] ?? "", "The client id");
      io.unwrap(await client.deleteClient(id, io.call));
      io.print({ id, deleted: true }, `Deleted client ${id}.`);
      return;
    }
  }
}

export async function runAccounts(accounts: Parameters<typeof formatAccounts>[0], io: V2Io): Promise<void> {
  io.print(accounts, formatAccounts(accounts));
}

export async function runTimeCommand(
  client: HarvestV2Client,
  command: string,
  positionals: readonly string[],
  options: CliOptions,
  io: V2Io,
): Promise<void> {
  const me = io.unwrap(await client.me(io.call));
  if (command === "entries") {
    const day = options.date === null ? dayIn(me.timezone, io.now()) : isoDay(options.date);
    const entries = io.unwrap(await client.listTimeEntries({ userId: me.id, from: day, to: day }, io.call));
    // Running first, then newest first (Harvest sorts by day only).
    const sorted = [...entries].sort(
      (a, b) => Number(b.isRunning) - Number(a.isRunning) || (b.createdAt ?? "").localeCompare(a.createdAt ?? ""),
    );
    io.print(sorted, formatEntries(sorted, day));
    return;
  }
  const action = positionals[0] ?? "show";
  if (action === "show") {
    const running = io.unwrap(await client.runningTimeEntry(me.id, io.call));
    io.print(running, running === null ? "No timer is running." : formatEntry(running));
    return;
  }
  if (action === "start") {
    if (options.project === null || options.task === null)
      throw new UsageError(
        '"timer start" needs --project <id> and --task <id> (see the project assignments in the app, or ask an admin).',
      );
    const projectId = positiveInt(options.project, "--project");
    const taskId = positiveInt(options.task, "--task");
    const started = io.unwrap(
      await client.createTimeEntry(
        {
          projectId,
          taskId,
          spentDate: dayIn(me.timezone, io.now()),
          ...(options.notes === null ? {} : { notes: options.notes }),
        },
        io.call,
      ),
    );
    io.print(started, `Started: ${formatEntry(started)}`);
    return;
  }
  if (action === "stop") {
    const running = io.unwrap(await client.runningTimeEntry(me.id, io.call));
    if (running === null) {
      io.print(null, "No timer is running.");
      return;
    }
    const stopped = io.unwrap(await client.stopTimeEntry(running.id, io.call));
    io.print(stopped, `Stopped: ${formatEntry(stopped)}`);
    return;
  }
  throw new UsageError(`"timer" takes start, stop or nothing, not "${action.slice(0, 20)}".`);
}
