/**
 * Sharing today's time entry to a group as a note: which of the user's groups it may go to, the note
 * it becomes, and the refusals that keep a feed free of duplicates. Co-op gathers a member's Harvest
 * entries into every group they are in (docs/coop-api.md §6.1, §11.6): a group whose feed already
 * shows the entry gains nothing from a note that says it again, and neither does a second copy of a
 * note already shared there.
 */
import type { Status } from "@coop-tray/protocol/models";
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import type { ServiceHandlers, ShareTarget } from "../../shared/contract";
import { err, ok, type AppError, type Result } from "../../shared/errors";
import type { FeedSync } from "./feeds";
import type { Outbox } from "./outbox";
import { isOwn } from "./statuses";
import type { Timers } from "./timers";

export interface ShareDeps {
  readonly timers: Pick<Timers, "day">;
  readonly feeds: Pick<FeedSync, "summaries" | "cachedLatest" | "syncNow" | "me">;
  /** The signed-in user's notes not yet known to be posted, and where a shared note is posted. */
  readonly outbox: Pick<Outbox, "list" | "post">;
}

/** The note a shared timer becomes: what is being worked on, in one line a group reads at a glance. */
export function timerNote(timer: {
  projectName: string;
  taskName: string;
  clientName: string;
  notes: string | null;
}): string {
  const client = timer.clientName ? ` (${timer.clientName})` : "";
  const what = `Working on ${timer.projectName} — ${timer.taskName}${client}`;
  return timer.notes ? `${what}: ${timer.notes}` : what;
}

const invalid = (message: string): AppError => ({ kind: "invalidInput", message, issues: [message] });

export function shareCalls(deps: ShareDeps) {
  const { timers, feeds } = deps;

  const entryOf = (entryId: number): Result<HarvestTimeEntry> => {
    const entry = timers.day?.entries.find((e) => e.id === entryId) ?? null;
    return entry === null ? err(invalid("That time entry is not in today's list; refresh and try again.")) : ok(entry);
  };

  /** What the group's feed (as last read) already holds of this entry: the entry itself, or this very note. */
  const alreadyThere = (groupId: number, entryId: number, text: string | null): ShareTarget["already"] => {
    const me = feeds.me();
    const mine = (feeds.cachedLatest(groupId)?.statuses ?? []).filter((s: Status) => isOwn(s, me));
    if (mine.some((s) => s.type === "DayEntry" && s.id === entryId)) return "entry";
    if (text === null) return null;
    const same = (other: string): boolean => other.trim() === text.trim();
    if (mine.some((s) => s.type === "Note" && same(s.text))) return "note";
    const pending = deps.outbox.list().filter((n) => n.groupId === groupId && n.state !== "failed");
    return pending.some((n) => same(n.text)) ? "note" : null;
  };

  return {
    shareTimerOptions: async ({ entryId }) => {
      const entry = entryOf(entryId);
      if (!entry.ok) return entry;
      // The feeds as they are now (the entry may have been gathered since they were last read); a
      // server out of reach leaves the cached copies, which is what the user sees too.
      await feeds.syncNow();
      const text = timerNote({
        projectName: entry.value.project.name,
        taskName: entry.value.task.name,
        clientName: entry.value.client.name,
        notes: entry.value.notes,
      });
      const groups = feeds.summaries().map(({ group }) => ({
        groupId: group.id,
        name: group.name,
        already: alreadyThere(group.id, entryId, text),
      }));
      return ok({ text, groups });
    },
    shareTimer: async ({ groupId, entryId, text }) => {
      const group = feeds.summaries().find((s) => s.group.id === groupId)?.group ?? null;
      if (group === null) return err(invalid("That group is not one of yours; choose one of the groups listed."));
      const entry = entryOf(entryId);
      if (!entry.ok) return entry;
      const already = alreadyThere(groupId, entryId, text);
      if (already === "entry")
        return err(invalid(`${group.name} already shows this timer in its feed: there is nothing to share.`));
      if (already === "note") return err(invalid(`This note is already in ${group.name}.`));
      return deps.outbox.post(groupId, text.trim());
    },
  } satisfies Partial<ServiceHandlers>;
}
