/**
 * The feed as it looks: the statuses `useFeed` loads (cached at once, then the network), day browsing,
 * a member filter, search within what is loaded, the notes still in the outbox on top, and the
 * composer pinned at the bottom.
 */
import type { JSX } from "preact";
import { useMemo, useRef } from "preact/hooks";
import type { AccountSummary, ConnectionState } from "../../shared/contract";
import { ianaTimeZone } from "@coop-tray/protocol/rules";
import { MORE_ROWS, useProgressiveList } from "../progressive-list";
import { ErrorNotice } from "../components/error-notice";
import { emptyRunDays } from "../older-statuses";
import { formatDay, instantMs, relativeTime, todayIn } from "../format";
import { useNow } from "../hooks";
import { useModel } from "../model/context";
import { useFeed } from "../use-feed";
import { useFeedSearch } from "../use-feed-search";
import { useOlderStatuses } from "../use-older-statuses";
import { Composer } from "./composer";
import { dayLabel, FeedSearchField, FeedToolbar } from "./feed-toolbar";
import { OutboxEntry } from "./outbox-item";
import { StatusItem } from "./status-item";

export interface FeedViewProps {
  readonly account: AccountSummary;
  readonly connection: ConnectionState;
}

export function FeedView({ account, connection }: FeedViewProps): JSX.Element {
  const model = useModel();
  const group = model.selected.value;
  const outbox = model.outbox.value;
  const now = useNow(30_000);
  const groupId = group?.group.id ?? null;
  const zone = group ? ianaTimeZone(group.group.timezone) : null;
  const today = todayIn(zone, now);
  const { query, date, setDate, userId, setUserId, feed, latest, error, refreshing, members, reload } = useFeed(group);
  const older = useOlderStatuses(query, latest, zone);
  const { loaded } = older;
  const search = useFeedSearch(loaded);
  const { statuses, searching } = search;
  // Sent notes stay in the list only above the latest statuses (a day's feed is final).
  const showingLatest = feed?.query.date === null;
  const pending = useMemo(() => {
    if (groupId === null) return [];
    const postedIds = new Set((statuses ?? []).filter((s) => s.type === "Note").map((s) => s.id));
    // Notes on their way belong to now: the latest statuses and today, never a past day.
    if (date !== null && date !== today) return [];
    return outbox
      .filter(
        (item) =>
          item.groupId === groupId &&
          !(item.statusId !== null && postedIds.has(item.statusId)) &&
          (item.state !== "sent" || showingLatest),
      )
      .slice()
      .reverse();
  }, [outbox, groupId, statuses, date, today, showingLatest]);

  const scroller = useRef<HTMLDivElement>(null);
  // The first step back from Latest goes to the newest day that has statuses, not an empty today.
  const newestCreated = date === null && loaded && loaded[0] ? instantMs(loaded[0].createdAt) : null;
  const newestDay = newestCreated !== null ? todayIn(zone, newestCreated) : null;
  const rows = useProgressiveList(
    statuses?.length ?? 0,
    `${groupId}|${date}|${userId}|${search.search ?? ""}`,
    scroller,
  );
  const lastSynced = feed?.lastSyncedAt ?? null;
  const footer = (
    <>
      {/* Offline, the banner says how old the saved data is; the footer does not say it again. */}
      {!connection.online ? (
        "Offline · notes wait in the outbox"
      ) : refreshing ? (
        "Syncing…"
      ) : lastSynced !== null ? (
        <>Synced {relativeTime(lastSynced, now)}</>
      ) : (
        "Not synced yet"
      )}
      <span aria-hidden="true"> · </span>Enter to post, Shift+Enter for a new line
    </>
  );

  if (model.groups.value !== null && group === null) {
    return (
      <div class="empty">
        <p class="empty-title">No groups yet</p>
        <p class="empty-text">Create a group to share what you're working on with your team.</p>
        <button type="button" class="btn btn-primary" onClick={() => model.show("groups")}>
          Create a group
        </button>
      </div>
    );
  }

  const userName = members.find((m) => m.id === userId);
  return (
    <div class="feed">
      <h1 class="visually-hidden">{group ? `${group.group.name} feed` : "Feed"}</h1>
      <FeedToolbar
        date={date}
        setDate={setDate}
        today={today}
        newestDay={newestDay}
        disabled={query === null}
        search={search}
        members={members}
        userId={userId}
        setUserId={setUserId}
      />
      {search.search !== null ? <FeedSearchField search={search} loadedCount={loaded?.length ?? 0} /> : null}
      <div
        ref={scroller}
        class="feed-scroll"
        aria-busy={statuses === null}
        tabIndex={0}
        role="region"
        aria-label="Feed"
      >
        {error && !(error.kind === "offline" && statuses !== null) ? (
          <div class="view-pad">
            <ErrorNotice error={error} service="Co-op" compact={statuses !== null} onRetry={reload} />
          </div>
        ) : null}
        {feed?.error && !error && feed.error.kind !== "offline" ? (
          <div class="view-pad">
            <ErrorNotice error={feed.error} service="Co-op" compact onRetry={reload} />
          </div>
        ) : null}
        {feed?.fromCache && statuses !== null && connection.online ? (
          <p class="cache-note" role="status">
            Showing saved statuses{feed.lastSyncedAt !== null ? ` from ${relativeTime(feed.lastSyncedAt, now)}` : ""}
          </p>
        ) : null}
        {date !== null && group && statuses !== null && statuses.length > 0 ? (
          // A day is the group's day, and its times are read in the group's zone, not this computer's.
          <p class="cache-note" data-testid="day-zone">
            Times in {group.group.timezone} (the group's time zone)
          </p>
        ) : null}
        <ol
          class="feed-list"
          aria-label={`Statuses${group ? ` in ${group.group.name}` : ""}`}
          data-total={statuses?.length ?? 0}
        >
          {pending.map((item) => (
            <OutboxEntry key={item.id} item={item} account={account} now={now} online={connection.online} />
          ))}
          {statuses?.slice(0, rows.count).map((status, index) => (
            <StatusItem
              key={`${status.type}:${status.id}`}
              status={status}
              now={now}
              clockZone={date !== null ? zone : undefined}
              syncedAt={feed?.lastSyncedAt ?? null}
              position={index + 1}
              total={statuses.length}
            />
          ))}
        </ol>
        {statuses !== null && rows.count < statuses.length ? (
          <div
            class="list-more"
            ref={(el) => {
              rows.sentinel.current = el;
            }}
          >
            <button type="button" class="btn btn-small btn-quiet" onClick={rows.more}>
              Show {Math.min(MORE_ROWS, statuses.length - rows.count)} more of {statuses.length}
            </button>
          </div>
        ) : null}
        {statuses === null && !error ? <FeedSkeleton /> : null}
        {searching && statuses !== null && statuses.length === 0 ? (
          <div class="empty">
            <p class="empty-title">No loaded status matches “{search.search?.trim()}”</p>
            <p class="empty-text">Search looks through the statuses loaded here. Pick another day to search it.</p>
          </div>
        ) : null}
        {older.mayHaveOlder && statuses !== null && rows.count >= statuses.length && !searching ? (
          <div class="list-more older" data-testid="older">
            {older.page?.emptyRun ? (
              <p class="muted" role="status">
                No statuses from {formatDay(emptyRunDays(older.page).from)} to {formatDay(emptyRunDays(older.page).to)}.
              </p>
            ) : null}
            {older.page?.error ? <ErrorNotice error={older.page.error} service="Co-op" compact /> : null}
            <button
              type="button"
              class="btn btn-small"
              disabled={older.busy}
              aria-busy={older.busy}
              onClick={() => void older.showOlder()}
            >
              {older.busy ? "Looking back…" : older.page?.emptyRun ? "Look further back" : "Show older"}
            </button>
          </div>
        ) : null}
        {!searching && statuses !== null && statuses.length === 0 && pending.length === 0 ? (
          <div class="empty">
            <p class="empty-title">
              {date === null
                ? "Nothing here yet"
                : `Nothing on ${dayLabel(date, today).toLowerCase() === "today" ? "today" : formatDay(date)}`}
            </p>
            <p class="empty-text">
              {userName
                ? `${userName.firstName} hasn't posted ${date === null ? "lately" : "that day"}.`
                : "Notes and time entries will show up here."}
            </p>
          </div>
        ) : null}
      </div>
      <Composer groupId={groupId} groupName={group?.group.name ?? null} footer={footer} />
    </div>
  );
}

function FeedSkeleton(): JSX.Element {
  return (
    <ul class="skeleton" aria-hidden="true">
      {[0, 1, 2, 3, 4].map((i) => (
        <li key={i} class="skeleton-row">
          <span class="skeleton-avatar" />
          <span class="skeleton-lines">
            <span class="skeleton-line short" />
            <span class="skeleton-line" />
          </span>
        </li>
      ))}
    </ul>
  );
}
