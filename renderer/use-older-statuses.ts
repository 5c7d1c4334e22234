/**
 * "Show older" under the latest statuses (see older-statuses.ts): the pages walked back so far for
 * the query on screen; a walk that ends after the query changed is dropped.
 */
import { useMemo, useRef, useState } from "preact/hooks";
import type { FeedQuery } from "../shared/contract";
import type { Status } from "@coop-tray/protocol/models";
import { useApi } from "./api-context";
import { statusKey } from "@coop-tray/protocol/rules";
import { oldestDay, walkBack, type OlderPage } from "./older-statuses";

/** Co-op's latest-statuses call returns at most this many. */
const LATEST_CAP = 50;

export interface OlderStatuses {
  /** The latest statuses followed by the older ones found; null until the latest are in. */
  readonly loaded: readonly Status[] | null;
  readonly page: OlderPage | null;
  /** There may be more before the oldest loaded one. */
  readonly mayHaveOlder: boolean;
  readonly busy: boolean;
  readonly showOlder: () => Promise<void>;
}

const keyOf = (q: FeedQuery | null): string => (q === null ? "" : `${q.groupId}|${q.date}|${q.userId}`);

export function useOlderStatuses(
  query: FeedQuery | null,
  latest: readonly Status[] | null,
  zone: string | null,
): OlderStatuses {
  const api = useApi();
  const [older, setOlder] = useState<{ readonly key: string; readonly page: OlderPage } | null>(null);
  const [busy, setBusy] = useState(false);
  const queryKey = keyOf(query);
  const current = useRef(queryKey);
  current.current = queryKey;
  const page = older && older.key === queryKey ? older.page : null;
  const loaded = useMemo(() => (latest && page ? [...latest, ...page.statuses] : latest), [latest, page]);
  // The latest 50 are everything there is when fewer came back; older ones exist only beyond a full page.
  const mayHaveOlder = query?.date === null && latest !== null && (latest.length >= LATEST_CAP || page !== null);

  const showOlder = async (): Promise<void> => {
    if (!latest || query === null || busy) return;
    const from = page?.nextDay ?? oldestDay(latest, zone);
    if (from === null) return;
    setBusy(true);
    const known = new Set((loaded ?? []).map(statusKey));
    const found = await walkBack(api, { groupId: query.groupId, userId: query.userId }, from, known);
    setBusy(false);
    if (current.current !== queryKey) return;
    setOlder((prev) => ({
      key: queryKey,
      page: { ...found, statuses: [...(prev && prev.key === queryKey ? prev.page.statuses : []), ...found.statuses] },
    }));
  };
  return { loaded, page, mayHaveOlder, busy, showOlder };
}
