/**
 * Cursor pagination as Harvest's docs describe it (docs/harvest.md §3.4, §7.3): `per_page` 1–2000
 * (default 2000, more is a 422), the list under its plural key,
 * `page`/`total_pages`/`total_entries`/`next_page`/`previous_page`, and `links` whose `next`/`previous`
 * carry an opaque cursor (base64 of `{"after":{"id":…}}`, as in the docs' example). The deprecated `page`
 * parameter still works; a cursor wins over it. A page asked for by number (or the first, asked for by
 * nothing) carries `page`/`next_page`/`previous_page`, which clients that walk `next_page` (the harvesting
 * gem, python-harvest) need; a page reached by cursor has them null unless it is the first or the last, as
 * the docs say of cursor pagination.
 */
import { HttpError } from "../../server/index";
import type { Json } from "./views";

export const MAX_PER_PAGE = 2000;

export interface Sortable {
  readonly id: number;
  /** The primary sort value (newest first), e.g. creation time or spent date. */
  readonly at: number;
}

interface Cursor {
  readonly dir: "after" | "before";
  readonly id: number;
  readonly at: number;
}

const unprocessable = (message: string): HttpError => new HttpError(422, message);

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ [cursor.dir]: { id: cursor.id, at: cursor.at } }), "utf8").toString("base64url");
}

function decodeCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Record<
      string,
      { id?: unknown; at?: unknown }
    >;
    for (const dir of ["after", "before"] as const) {
      const inner = parsed[dir];
      if (inner !== undefined && typeof inner.id === "number" && typeof inner.at === "number")
        return { dir, id: inner.id, at: inner.at };
    }
  } catch {
    // fall through
  }
  throw unprocessable("The cursor is not valid");
}

/** Newest first; ties broken by the higher id first. */
const newerFirst = (a: Sortable, b: Sortable): number => b.at - a.at || b.id - a.id;
const isAfter = (item: Sortable, c: Cursor): boolean => item.at < c.at || (item.at === c.at && item.id < c.id);
const isBefore = (item: Sortable, c: Cursor): boolean => item.at > c.at || (item.at === c.at && item.id > c.id);

export function perPageOf(query: URLSearchParams): number {
  const raw = query.get("per_page");
  if (raw === null || raw.trim() === "") return MAX_PER_PAGE;
  if (!/^\d{1,9}$/.test(raw.trim())) throw unprocessable("per_page must be a number between 1 and 2000");
  const value = Number(raw.trim());
  if (value < 1 || value > MAX_PER_PAGE) throw unprocessable("per_page must be between 1 and 2000");
  return value;
}

/** Query parameters that are filters (kept in every link), not paging or auth. */
const NOT_FILTERS = new Set(["page", "per_page", "cursor", "ref", "access_token", "account_id"]);

export function paginate<T extends Sortable>(
  key: string,
  all: readonly T[],
  query: URLSearchParams,
  listUrl: string,
  render: (item: T) => Json,
): Json {
  const perPage = perPageOf(query);
  const items = [...all].sort(newerFirst);
  const total = items.length;
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  let start = 0;
  const cursorText = query.get("cursor");
  const pageText = query.get("page");
  const byCursor = cursorText !== null && cursorText !== "";
  if (byCursor) {
    const cursor = decodeCursor(cursorText);
    if (cursor.dir === "after") {
      const index = items.findIndex((item) => isAfter(item, cursor));
      start = index < 0 ? total : index;
    } else {
      const before = items.filter((item) => isBefore(item, cursor)).length;
      start = Math.max(0, before - perPage);
    }
  } else if (pageText !== null && pageText !== "") {
    if (!/^\d{1,9}$/.test(pageText) || Number(pageText) < 1) throw unprocessable("page must be a positive number");
    start = (Number(pageText) - 1) * perPage;
  }
  const slice = items.slice(start, start + perPage);
  const pageNumber = Math.floor(start / perPage) + 1;
  const isFirst = start === 0;
  const isLast = start + perPage >= total;
  const named = isFirst || isLast || !byCursor;
  const filters = new URLSearchParams();
  for (const [name, value] of query) if (!NOT_FILTERS.has(name)) filters.append(name, value);
  const link = (extra: Record<string, string>): string => {
    const params = new URLSearchParams(filters);
    for (const [name, value] of Object.entries(extra)) params.set(name, value);
    return `${listUrl}?${params.toString()}`;
  };
  const first = slice[0];
  const last = slice[slice.length - 1];
  return {
    [key]: slice.map(render),
    per_page: perPage,
    total_pages: totalPages,
    total_entries: total,
    next_page: named && !isLast ? pageNumber + 1 : null,
    previous_page: named && !isFirst ? pageNumber - 1 : null,
    page: named ? pageNumber : null,
    links: {
      first: link({ page: "1", per_page: String(perPage), ref: "first" }),
      next:
        isLast || last === undefined
          ? null
          : link({
              cursor: encodeCursor({ dir: "after", id: last.id, at: last.at }),
              per_page: String(perPage),
              ref: "next_cursor",
            }),
      previous:
        isFirst || first === undefined
          ? null
          : link({
              cursor: encodeCursor({ dir: "before", id: first.id, at: first.at }),
              per_page: String(perPage),
              ref: "previous_cursor",
            }),
      last: link({ page: String(totalPages), per_page: String(perPage), ref: "last" }),
    },
  };
}
