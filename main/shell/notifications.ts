/**
 * What a native notification says about statuses that just arrived. Pure, so the wording and the
 * "not the user's own" rule are tested without Electron.
 */
import type { Status } from "@coop-tray/protocol/models";
import type { NewStatusesEvent } from "../services/events";

export interface NotificationContent {
  readonly title: string;
  readonly body: string;
}

const MAX_BODY = 200;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_BODY ? `${flat.slice(0, MAX_BODY - 1)}…` : flat;
}

function describeStatus(status: Status): string {
  if (status.type === "Note") return oneLine(status.text);
  const what = [status.project, status.task].filter((part): part is string => !!part).join(" – ");
  const text = oneLine(status.text);
  if (status.timerStartedAt !== null)
    return oneLine(`Started a timer${what ? ` on ${what}` : ""}${text ? `: ${text}` : ""}`);
  return oneLine(`${status.hours.toFixed(2)} h${what ? ` on ${what}` : ""}${text ? `: ${text}` : ""}`);
}

/** The notification for a batch, or null when nothing in it is by someone else. */
export function notificationContent(batch: NewStatusesEvent, ownUserId: number | null): NotificationContent | null {
  const others = batch.statuses.filter((status) => ownUserId === null || status.user.id !== ownUserId);
  const first = others[0];
  if (first === undefined) return null;
  if (others.length === 1) return { title: `${first.user.name} in ${batch.groupName}`, body: describeStatus(first) };
  const names = [...new Set(others.map((status) => status.user.name))];
  const who = names.length <= 2 ? names.join(" and ") : `${names.slice(0, 2).join(", ")} and ${names.length - 2} more`;
  return { title: batch.groupName, body: `${others.length} new statuses from ${who}` };
}
