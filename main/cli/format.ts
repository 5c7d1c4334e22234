/** Human-readable output for the CLI. Notes and time entries read differently on purpose. */
import type { Client, Group, HarvestCredential, Member, RateLimitStatus, Status } from "@coop-tray/protocol/models";

/** `2008-11-19 20:19 UTC` from an instant: short, unambiguous, zone stated. */
function shortTime(instant: string): string {
  return `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC`;
}

function hours(value: number): string {
  const whole = Math.floor(value);
  const minutes = Math.round((value - whole) * 60);
  return minutes === 60 ? `${whole + 1}:00` : `${whole}:${String(minutes).padStart(2, "0")}`;
}

function formatStatus(status: Status): string {
  const head = `${shortTime(status.createdAt)}  ${status.user.name}`;
  if (status.type === "Note") return `${head}\n  note #${status.id}: ${status.text}`;
  const where = [status.client, status.project, status.task]
    .filter((part): part is string => part !== null && part !== "")
    .join(" / ");
  const running = status.timerStartedAt !== null ? ", timer running" : "";
  const day = status.spentAt !== null ? ` on ${status.spentAt}` : "";
  const text = status.text === "" ? "" : `: ${status.text}`;
  return `${head}\n  time entry #${status.id}, ${hours(status.hours)} h${day}${running}${where ? ` (${where})` : ""}${text}`;
}

export function formatFeed(statuses: readonly Status[]): string {
  if (statuses.length === 0) return "No statuses.";
  const notes = statuses.filter((status) => status.type === "Note").length;
  const summary = `${statuses.length} status${statuses.length === 1 ? "" : "es"}: ${notes} note${notes === 1 ? "" : "s"}, ${statuses.length - notes} time entr${statuses.length - notes === 1 ? "y" : "ies"}`;
  return `${statuses.map(formatStatus).join("\n")}\n\n${summary}`;
}

export function formatGroups(groups: readonly Group[]): string {
  if (groups.length === 0) return "You belong to no groups.";
  return groups.map((group) => `${String(group.id).padStart(6)}  ${group.name} (${group.timezone})`).join("\n");
}

export function formatMember(member: Member): string {
  return `You are user ${member.id}: ${`${member.firstName} ${member.lastName}`.trim()} <${member.email}>`;
}

export function formatCredential(credential: HarvestCredential | null): string {
  if (credential === null) return "No Harvest account is linked to this Co-op login.";
  return `Harvest account ${credential.subdomain}, login ${credential.email} (credential ${credential.id})`;
}

export function formatClients(clients: readonly Client[]): string {
  if (clients.length === 0) return "No clients.";
  return clients
    .map(
      (client) =>
        `${String(client.id).padStart(8)}  ${client.active ? "active  " : "inactive"}  ${client.name}${client.currency ? `  [${client.currency}]` : ""}`,
    )
    .join("\n");
}

export function formatRateLimit(status: RateLimitStatus): string {
  const over = status.count > status.maxCalls ? " (over the limit)" : "";
  return `${status.count} of ${status.maxCalls} calls used in the current ${status.timeframeLimit} s window${over}; lockout ${status.lockoutSeconds} s.`;
}
