/** Search within the loaded statuses: "/" opens it (not while typing), Escape clears, then closes. */
import type { RefObject } from "preact";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Status } from "@coop-tray/protocol/models";
import { searchFeed } from "./feed-search";
import { isTyping } from "./keyboard";

export interface FeedSearch {
  /** null: the search field is closed. */
  readonly search: string | null;
  readonly setSearch: (search: string | null) => void;
  readonly searching: boolean;
  /** What matches among `loaded` (all of it when not searching). */
  readonly statuses: readonly Status[] | null;
  readonly open: () => void;
  readonly field: RefObject<HTMLInputElement>;
}

export function useFeedSearch(loaded: readonly Status[] | null): FeedSearch {
  const [search, setSearch] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const searching = search !== null && search.trim() !== "";
  const statuses = useMemo(
    () => (loaded && searching ? searchFeed(loaded, search) : loaded),
    [loaded, searching, search],
  );
  const [focusRequest, setFocusRequest] = useState(0);
  const open = (): void => {
    setSearch((s) => s ?? "");
    setFocusRequest((n) => n + 1);
  };
  // Focus lands in the field in the same task as the render, before the next key arrives
  // (a frame later, a fast "/basil" would lose its "b").
  useLayoutEffect(() => {
    if (focusRequest > 0) field.current?.focus();
  }, [focusRequest]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== "/" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target) || document.querySelector("dialog[open]")) return;
      event.preventDefault();
      open();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return { search, setSearch, searching, statuses, open, field };
}
