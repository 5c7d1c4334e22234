/** One status in the feed: a Note, or a DayEntry with its hours, client › project › task and timer. */
import type { JSX } from "preact";
import { Component } from "preact";
import type { Status } from "../../shared/models";
import { Avatar } from "../components/avatar";
import { ClockIcon } from "../components/icons";
import { LinkedText } from "../components/linked-text";
import { formatHours, formatInstant, instantMs, relativeTime } from "../format";

function StatusItemImpl({ status, now }: { readonly status: Status; readonly now: number }): JSX.Element {
  const created = instantMs(status.createdAt);
  const path = status.type === "DayEntry" ? [status.client, status.project, status.task].filter((p): p is string => !!p) : [];
  return (
    <li class={status.type === "DayEntry" ? "status status-entry" : "status"} data-status-key={`${status.type}:${status.id}`}>
      <Avatar userId={status.user.id} name={status.user.name} url={status.user.avatarThumbUrl} />
      <div class="status-body">
        <p class="status-head">
          <span class="status-author">{status.user.name}</span>
          {created !== null ? (
            <time class="status-time" dateTime={status.createdAt} title={formatInstant(created)}>
              {relativeTime(created, now)}
            </time>
          ) : null}
        </p>
        {status.text ? (
          <p class="status-text">
            <LinkedText text={status.text} />
          </p>
        ) : null}
        {status.type === "DayEntry" ? (
          <p class="status-meta">
            <span class="hours" title={`${status.hours} hours`}>
              <ClockIcon size={12} />
              {formatHours(status.hours)}
            </span>
            {path.length > 0 ? <span class="entry-path">{path.join(" › ")}</span> : null}
            {status.timerStartedAt ? (
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

/** Re-renders only when its status or the clock tick changes: a 1,000-status feed stays cheap. */
export class StatusItem extends Component<{ readonly status: Status; readonly now: number }> {
  override shouldComponentUpdate(next: { readonly status: Status; readonly now: number }): boolean {
    return next.status !== this.props.status || next.now !== this.props.now;
  }
  override render(): JSX.Element {
    return <StatusItemImpl status={this.props.status} now={this.props.now} />;
  }
}
