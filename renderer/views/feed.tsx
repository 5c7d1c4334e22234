/**
 * The feed: cached statuses at once, then a refresh from the server; day browsing, a member filter,
 * the notes still in the outbox on top, and the composer pinned at the bottom.
 */
import type { JSX } from "preact";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type {
  AccountSummary,
  ConnectionState,
  Events,
  FeedQuery,
  FeedView as Feed,
  GroupSummary,
  OutboxItem,
} from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import type { CalendarDate, Member } from "@coop-tray/protocol/models";
import { ianaTimeZone } from "@coop-tray/protocol/rules";
import { useApi } from "../api-context";
import { afterNextPaint, takePrefetchedFeed } from "../boot";
import { MORE_ROWS, useProgressiveList } from "../progressive-list";
import { ErrorNotice } from "../components/error-notice";
import { ChevronLeft, ChevronRight, SearchIcon } from "../components/icons";
import { searchFeed } from "../feed-search";
import { OLDER_EMPTY_DAYS, oldestDay, statusKey, walkBack, type OlderPage } from "../older-statuses";
import { isTyping } from "../keyboard";
import { addDays, formatDay, formatShortDay, instantMs, isCalendarDate, relativeTime, todayIn } from "../format";
import { useNow, useOnRefresh, useWindowVisible } from "../hooks";
import { Composer } from "./composer";
import { OutboxEntry } from "./outbox-item";
import { StatusItem } from "./status-item";

export interface FeedViewProps {
  readonly group: GroupSummary | null;
  readonly groupsLoaded: boolean;
  readonly outbox: readonly OutboxItem[];
  /** The latest background sync that changed a feed: it carries the new view. */
  readonly feedUpdate: Events["feedUpdated"] | null;
  readonly refreshTick: number;
  readonly composerFocus: number;
  readonly connection: ConnectionState;
  readonly account: AccountSummary;
  readonly onGoToGroups: () => void;
  /** The cached feed main rendered the first frame from (shared/first-frame.ts): shown at once. */
  readonly initialFeed?: Feed | null;
}

function dayLabel(day: CalendarDate | null, today: CalendarDate): string {
  if (day === null) return "Latest";
  if (day === today) return "Today";
  if (day === addDays(today, -1)) return "Yesterday";
  return formatShortDay(day, today);
}

export function FeedView(props: FeedViewProps): JSX.Element {
  const { group, outbox, connection, account } = props;
  const api = useApi();
  const now = useNow(30_000);
  const groupId = group?.group.id ?? null;
  const zone = group ? ianaTimeZone(group.group.timezone) : null;
  const today = todayIn(zone, now);
  const [date, setDate] = useState<CalendarDate | null>(null);
  const [userId, setUserId] = useState<number | null>(null);
  const [feed, setFeed] = useState<Feed | null>(() =>
    props.initialFeed && props.initialFeed.query.groupId === groupId ? props.initialFeed : null,
  );
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [members, setMembers] = useState<readonly Member[]>([]);
  const sequence = useRef(0);

  // A different group starts from its latest statuses, everyone's.
  useLayoutEffect(() => {
    setDate(null);
    setUserId(null);
    setMembers([]);
    if (groupId === null) return;
    // The member filter is not needed for the first paint of the feed.
    void afterNextPaint()
      .then(() => api.listMembers({ groupId }))
      .then((result) => {
        if (result.ok) setMembers(result.value);
      });
  }, [groupId, api]);

  const query = useMemo<FeedQuery | null>(
    () => (groupId === null ? null : { groupId, date, userId }),
    [groupId, date, userId],
  );
  const currentQuery = useRef<FeedQuery | null>(query);
  currentQuery.current = query;

  function show(view: Feed): void {
    performance.mark("feed-received");
    setFeed(view);
  }

  /**
   * Reads the cache, then (when asked) the network. A newer query or refresh supersedes an older
   * one; a background cache re-read never cancels a refresh in flight.
   */
  async function load(q: FeedQuery, refresh: boolean): Promise<void> {
    const mine = refresh ? ++sequence.current : sequence.current;
    const current = (): boolean =>
      mine === sequence.current && currentQuery.current !== null && sameQuery(currentQuery.current, q);
    const cached = await (takePrefetchedFeed(q) ?? api.getFeed(q));
    if (!current()) return;
    if (cached.ok) {
      show(cached.value);
      setError(null);
    } else setError(cached.error);
    if (!refresh) return;
    setRefreshing(true);
    // The cached statuses paint first; a fast answer from the network must not hold that frame back.
    if (cached.ok) await afterNextPaint();
    if (!current()) {
      setRefreshing(false);
      return;
    }
    const fresh = await api.refreshFeed(q);
    if (mine !== sequence.current) return;
    setRefreshing(false);
    if (!current()) return;
    if (fresh.ok) {
      show(fresh.value);
      setError(null);
    } else setError(fresh.error);
  }

  // New query: cached first, then the network (before paint, so the request leaves a frame sooner).
  useLayoutEffect(() => {
    if (query === null) return;
    setFeed((current) => (current && sameQuery(current.query, query) ? current : null));
    void load(query, true);
  }, [query]);

  // Main synced in the background: the event carries the new latest view; show it when it is what
  // is on screen (days and member views are not polled, so nothing else changed).
  useEffect(() => {
    const update = props.feedUpdate;
    if (update === null || currentQuery.current === null || !sameQuery(currentQuery.current, update.feed.query)) return;
    show(update.feed);
    setError(null);
  }, [props.feedUpdate]);

  // The header's Refresh: cached first, then the network, for what is on screen.
  useOnRefresh(props.refreshTick, () => (query !== null ? load(query, true) : undefined));

  // Seen once the latest statuses of the group are on screen: in a window that is showing (the tray
  // window renders hidden at start, and unread counts must survive that).
  const visible = useWindowVisible();
  useEffect(() => {
    if (!visible) return;
    if (
      groupId !== null &&
      feed &&
      feed.query.groupId === groupId &&
      feed.query.date === null &&
      (group?.unread ?? 0) > 0
    )
      void api.markSeen({ groupId });
  }, [feed, groupId, group?.unread, visible]);

  // Benchmarks and tests wait for this mark: set right after the frame that paints the statuses (a
  // task posted from its frame callback runs once its style, layout and paint are done).
  useLayoutEffect(() => {
    if (feed === null) return;
    void afterNextPaint().then(() => performance.mark("feed-painted"));
  }, [feed]);

  const latest = feed && query && sameQuery(feed.query, query) ? feed.statuses : null;
  // Older statuses walked back day by day below the latest (see older-statuses.ts).
  const [older, setOlder] = useState<{ readonly key: string; readonly page: OlderPage } | null>(null);
  const [olderBusy, setOlderBusy] = useState(false);
  const queryKey = `${groupId}|${date}|${userId}`;
  const olderPage = older && older.key === queryKey ? older.page : null;
  const loaded = useMemo(
    () => (latest && olderPage ? [...latest, ...olderPage.statuses] : latest),
    [latest, olderPage],
  );
  // The latest 50 are everything there is when fewer came back; older ones exist only beyond a full page.
  const mayHaveOlder = date === null && latest !== null && (latest.length >= LATEST_CAP || olderPage !== null);
  const showOlder = async (): Promise<void> => {
    if (!latest || groupId === null || olderBusy) return;
    const from = olderPage?.nextDay ?? oldestDay(latest, zone);
    if (from === null) return;
    setOlderBusy(true);
    const known = new Set((loaded ?? []).map(statusKey));
    const page = await walkBack(api, { groupId, userId }, from, known);
    setOlderBusy(false);
    if (
      currentQuery.current === null ||
      `${currentQuery.current.groupId}|${currentQuery.current.date}|${currentQuery.current.userId}` !== queryKey
    )
      return;
    setOlder((prev) => ({
      key: queryKey,
      page: { ...page, statuses: [...(prev && prev.key === queryKey ? prev.page.statuses : []), ...page.statuses] },
    }));
  };
  // Search within what is loaded (null: the search field is closed).
  const [search, setSearch] = useState<string | null>(null);
  const searchField = useRef<HTMLInputElement>(null);
  const searching = search !== null && search.trim() !== "";
  const statuses = useMemo(() => (loaded && searching ? searchFeed(loaded, search) : loaded), [loaded, search]);
  const [searchFocus, setSearchFocus] = useState(0);
  const openSearch = (): void => {
    setSearch((s) => s ?? "");
    setSearchFocus((n) => n + 1);
  };
  // Focus lands in the field in the same task as the render, before the next key arrives
  // (a frame later, a fast "/basil" would lose its "b").
  useLayoutEffect(() => {
    if (searchFocus > 0) searchField.current?.focus();
  }, [searchFocus]);
  // "/" opens the search, as in most feeds (not while typing somewhere).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (
        event.key !== "/" ||
        event.defaultPrevented ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        isTyping(event.target)
      )
        return;
      if (document.querySelector("dialog[open]")) return;
      event.preventDefault();
      openSearch();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
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
          (item.state !== "sent" || feed?.query.date === null),
      )
      .slice()
      .reverse();
  }, [outbox, groupId, statuses, date, today]);

  const scroller = useRef<HTMLDivElement>(null);
  const dateInput = useRef<HTMLInputElement>(null);
  // The first step back from Latest goes to the newest day that has statuses, not an empty today.
  const newestCreated = date === null && loaded && loaded[0] ? instantMs(loaded[0].createdAt) : null;
  const newestDay = newestCreated !== null ? todayIn(zone, newestCreated) : null;
  const rows = useProgressiveList(statuses?.length ?? 0, `${groupId}|${date}|${userId}|${search ?? ""}`, scroller);
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

  if (props.groupsLoaded && group === null) {
    return (
      <div class="empty">
        <p class="empty-title">No groups yet</p>
        <p class="empty-text">Create a group to share what you're working on with your team.</p>
        <button type="button" class="btn btn-primary" onClick={props.onGoToGroups}>
          Create a group
        </button>
      </div>
    );
  }

  const userName = members.find((m) => m.id === userId);
  return (
    <div class="feed">
      <div class="toolbar">
        <div class="day-nav" role="group" aria-label="Day">
          <button
            type="button"
            class="icon-btn"
            aria-label="Previous day"
            title="Previous day"
            disabled={query === null}
            onClick={() => setDate(date === null ? (newestDay ?? today) : addDays(date, -1))}
          >
            <ChevronLeft />
          </button>
          {/* One Tab stop: the button opens the native picker; the date input itself takes no focus
              (its day, month and year fields would be three invisible stops). */}
          <span class="day-label">
            <button
              type="button"
              class="day-text"
              title={date !== null ? formatDay(date) : "Choose a day"}
              aria-label={`${dayLabel(date, today)}, choose a day`}
              onClick={() => {
                const input = dateInput.current;
                try {
                  input?.showPicker();
                } catch {
                  input?.focus();
                }
              }}
            >
              {dayLabel(date, today)}
            </button>
            <input
              ref={dateInput}
              type="date"
              class="day-input"
              tabIndex={-1}
              aria-label="Pick a date"
              max={today}
              value={date ?? ""}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setDate(value === "" ? null : isCalendarDate(value) ? value : date);
              }}
            />
          </span>
          <button
            type="button"
            class="icon-btn"
            aria-label="Next day"
            title="Next day"
            disabled={date === null}
            onClick={() => setDate(date === null || date >= today ? null : addDays(date, 1))}
          >
            <ChevronRight />
          </button>
          {date !== null ? (
            <button type="button" class="btn btn-small btn-quiet" onClick={() => setDate(null)}>
              Latest
            </button>
          ) : null}
        </div>
        <button
          type="button"
          class={search !== null ? "icon-btn is-active" : "icon-btn"}
          aria-label="Search the feed"
          title="Search the feed (/)"
          aria-expanded={search !== null}
          aria-controls="feed-search"
          onClick={() => (search === null ? openSearch() : setSearch(null))}
        >
          <SearchIcon />
        </button>
        <label class="visually-hidden" for="member-filter">
          Show statuses by
        </label>
        <select
          id="member-filter"
          class="select select-small"
          value={userId ?? ""}
          onChange={(e) => setUserId(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))}
        >
          <option value="">Everyone</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {`${m.firstName} ${m.lastName}`.trim() || m.email}
            </option>
          ))}
        </select>
      </div>
      {search !== null ? (
        <div class="feed-search search" id="feed-search" role="search">
          <SearchIcon />
          <input
            ref={searchField}
            class="input input-search"
            type="search"
            placeholder="Search text, people, clients"
            aria-label="Search the loaded statuses"
            aria-describedby="feed-search-count"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key !== "Escape") return;
              // Escape clears the search first, then closes it; the window stays.
              e.preventDefault();
              if (search) setSearch("");
              else setSearch(null);
            }}
          />
          <span class="visually-hidden" id="feed-search-count" role="status">
            {searching && statuses ? `${statuses.length} of ${loaded?.length ?? 0} loaded statuses match` : ""}
          </span>
        </div>
      ) : null}
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
            <ErrorNotice
              error={error}
              service="Co-op"
              compact={statuses !== null}
              onRetry={() => query && void load(query, true)}
            />
          </div>
        ) : null}
        {feed?.error && !error && feed.error.kind !== "offline" ? (
          <div class="view-pad">
            <ErrorNotice error={feed.error} service="Co-op" compact onRetry={() => query && void load(query, true)} />
          </div>
        ) : null}
        {feed?.fromCache && statuses !== null && connection.online ? (
          <p class="cache-note" role="status">
            Showing saved statuses{feed.lastSyncedAt !== null ? ` from ${relativeTime(feed.lastSyncedAt, now)}` : ""}
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
            <p class="empty-title">No loaded status matches “{search.trim()}”</p>
            <p class="empty-text">Search looks through the statuses loaded here. Pick another day to search it.</p>
          </div>
        ) : null}
        {mayHaveOlder && statuses !== null && rows.count >= statuses.length && !searching ? (
          <div class="list-more older" data-testid="older">
            {olderPage?.emptyRun ? (
              <p class="muted" role="status">
                No statuses in the {OLDER_EMPTY_DAYS} days before {formatDay(addDays(olderPage.nextDay, 1))}.
              </p>
            ) : null}
            {olderPage?.error ? <ErrorNotice error={olderPage.error} service="Co-op" compact /> : null}
            <button
              type="button"
              class="btn btn-small"
              disabled={olderBusy}
              aria-busy={olderBusy}
              onClick={() => void showOlder()}
            >
              {olderBusy ? "Looking back…" : olderPage?.emptyRun ? "Look further back" : "Show older"}
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
      <Composer
        groupId={groupId}
        groupName={group?.group.name ?? null}
        focusSignal={props.composerFocus}
        footer={footer}
      />
    </div>
  );
}

/** Co-op's latest-statuses call returns at most this many (S1). */
const LATEST_CAP = 50;

function sameQuery(a: FeedQuery, b: FeedQuery): boolean {
  return a.groupId === b.groupId && a.date === b.date && a.userId === b.userId;
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
