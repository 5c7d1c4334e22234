/** Search within the loaded feed: every word must appear in the text, the author or client › project › task. */
import type { Status } from "@coop-tray/protocol/models";

function haystack(status: Status): string {
  const parts = [status.text, status.user.name];
  if (status.type === "DayEntry") parts.push(status.client ?? "", status.project ?? "", status.task ?? "");
  return parts.join(" \n ").toLocaleLowerCase();
}

export function searchFeed(statuses: readonly Status[], query: string): readonly Status[] {
  const words = query
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return statuses;
  return statuses.filter((status) => {
    const text = haystack(status);
    return words.every((word) => text.includes(word));
  });
}
