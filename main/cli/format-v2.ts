/** Human-readable output for the Harvest v2 commands. */
import type { HarvestAccountRef, HarvestClientV2, HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";

/** Hours as `h:mm`, the way Harvest's own apps show a duration. */
export function clockHours(value: number): string {
  const minutes = Math.max(0, Math.round(value * 60));
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

export function formatAccounts(accounts: readonly HarvestAccountRef[]): string {
  if (accounts.length === 0) return "This token reaches no accounts.";
  const lines = accounts.map(
    (a) =>
      `${String(a.id).padStart(10)}  ${a.product.padEnd(8)}  ${a.name}` +
      (a.product === "harvest" ? "" : "  (not Harvest: cannot be used here)"),
  );
  const harvest = accounts.filter((a) => a.product === "harvest");
  const tip = harvest.length > 0 ? `\n\nUse one with --harvest-account ${harvest[0]?.id ?? ""}` : "";
  return `${lines.join("\n")}${tip}`;
}

export function formatClientsV2(clients: readonly HarvestClientV2[]): string {
  if (clients.length === 0) return "No clients.";
  return clients
    .map(
      (c) =>
        `${String(c.id).padStart(8)}  ${c.isActive ? "active  " : "archived"}  ${c.name}` +
        (c.currency ? `  [${c.currency}]` : ""),
    )
    .join("\n");
}

export function formatEntry(entry: HarvestTimeEntry): string {
  const where = [entry.client.name, entry.project.name, entry.task.name].filter((part) => part !== "").join(" / ");
  const span = entry.startedTime !== null ? ` ${entry.startedTime}–${entry.endedTime ?? ""}` : "";
  const state = entry.isRunning ? "  running" : "";
  const notes = entry.notes === null ? "" : `: ${entry.notes}`;
  return `#${entry.id}  ${entry.spentDate}${span}  ${clockHours(entry.hours).padStart(6)} h${state}  ${where}${notes}`;
}

export function formatEntries(entries: readonly HarvestTimeEntry[], day: string): string {
  if (entries.length === 0) return `No time entries on ${day}.`;
  const total = entries.reduce((sum, entry) => sum + entry.hours, 0);
  const count = `${entries.length} entr${entries.length === 1 ? "y" : "ies"}`;
  return `${entries.map(formatEntry).join("\n")}\n\n${count} on ${day}, ${clockHours(total)} h`;
}
