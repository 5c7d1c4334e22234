/** One status in the feed: a Note, or a DayEntry with its hours, client › project › task and timer. */
import type { JSX } from "preact";
import { Component } from "preact";
import { useState } from "preact/hooks";
import type { Status } from "@coop-tray/protocol/models";
import { statusKey } from "@coop-tray/protocol/rules";
import { Avatar } from "../components/avatar";
import { ClockIcon } from "../components/icons";
import { LinkedText } from "../components/linked-text";
import { formatClock, formatHours, formatInstant, instantMs, relativeTime } from "../format";
import { runningHours } from "../running-hours";

export interface StatusItemProps {
  readonly status: Status;
  readonly now: number;
  /**
   * A day view shows each status's time of day in this zone (the group's), since relative labels
   * ("3 days ago" beside "4 days ago") mislead inside one day; undefined shows relative times.
   */
  readonly clockZone?: string | null | undefined;
  /** When the feed was fetched: a running timer's hours count on from there. */
  readonly syncedAt: number | null;
  /** Place in the whole list (1-based) and its length, for screen readers when only part is rendered. */
  readonly position?: number;
  readonly total?: number;
}

/** Longer than this (or more lines than the clamp shows), a note starts collapsed. */
const LONG_TEXT = 320;
const LONG_LINES = 6;

function StatusText({ text, id }: { readonly text: string; readonly id: string }): JSX.Element {
  const long = text.length > LONG_TEXT || text.split("\n").length > LONG_LINES;
  const [open, setOpen] = useState(false);
  const clamped = long && !open;
  return (
    <>
      <p class={clamped ? "status-text is-clamped" : "status-text"} id={id}>
        <LinkedText text={text} />
      </p>
      {long ? (
        <button type="button" class="show-more" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          {open ? "Show less" : "Show more"}
        </button>
      ) : null}
    </>
  );
}

function StatusItemImpl({ status, now, clockZone, syncedAt, position, total }: StatusItemProps): JSX.Element {
  const created = instantMs(status.createdAt);
  const path =
    status.type === "DayEntry" ? [status.client, status.project, status.task].filter((p): p is string => !!p) : [];
  const running = status.type === "DayEntry" && !!status.timerStartedAt;
  const hours =
    status.type === "DayEntry"
      ? runningHours(
          { key: statusKey(status), hours: status.hours, timerStartedAt: status.timerStartedAt },
          syncedAt,
          now,
        )
      : 0;
  return (
    <li
      class={status.type === "DayEntry" ? "status status-entry" : "status"}
      data-status-key={`${status.type}:${status.id}`}
      aria-posinset={position}
      aria-setsize={total}
    >
      <Avatar userId={status.user.id} name={status.user.name} url={status.user.avatarThumbUrl} />
      <div class="status-body">
        <p class="status-head">
          {/* The Element Timing API reports when the first row painted (the renderer benchmark reads it). */}
          <span class="status-author" {...(position === 1 ? { elementtiming: "first-status" } : {})}>
            {status.user.name}
          </span>
          {created !== null ? (
            <time class="status-time" dateTime={status.createdAt} title={formatInstant(created)}>
              {clockZone !== undefined ? formatClock(created, clockZone) : relativeTime(created, now)}
            </time>
          ) : null}
        </p>
        {status.text ? <StatusText text={status.text} id={`status-text-${status.type}-${status.id}`} /> : null}
        {status.type === "DayEntry" ? (
          <p class="status-meta">
            <span class="hours" title={`${Math.round(hours * 100) / 100} hours`} data-testid="entry-hours">
              <ClockIcon size={12} />
              {formatHours(hours)}
            </span>
            {path.length > 0 ? <span class="entry-path">{path.join(" › ")}</span> : null}
            {running ? (
              <span class="timer-running" title="This timer is running">
                <span class="pulse" aria-hidden="true" />
                Timer running
              </span>
            ) : null}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/**
 * Re-renders only when its status changes, or the clock ticks and something on it reads the clock
 * (a relative time, a running timer): a 1,000-status day view stays cheap.
 */
export class StatusItem extends Component<StatusItemProps> {
  override shouldComponentUpdate(next: StatusItemProps): boolean {
    const p = this.props;
    if (next.status !== p.status || next.clockZone !== p.clockZone || next.syncedAt !== p.syncedAt) return true;
    if (next.position !== p.position || next.total !== p.total) return true;
    if (next.now === p.now) return false;
    return next.clockZone === undefined || (next.status.type === "DayEntry" && !!next.status.timerStartedAt);
  }
  override render(): JSX.Element {
    return <StatusItemImpl {...this.props} />;
  }
}
