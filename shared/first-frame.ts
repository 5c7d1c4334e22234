/**
 * The first frame: what the popup shows when it opens, rendered by main into index.html (the app
 * scheme in Electron, the dev bridge in the preview) together with the data it was rendered from.
 * The page paints the cached feed from the HTML alone, before any script has run; the renderer then
 * starts from the same data (`renderer/index.tsx`), so its first render matches what is on screen
 * and takes the markup over instead of replacing it.
 *
 * The data is the answers of calls the page makes anyway (getState, listGroups, listOutbox and
 * getFeed for the group shown last), so it holds nothing the page could not ask for: no secret.
 * It travels as a JSON data block (`<script type="application/json">`), which is never executed, so
 * the CSP needs no exception; `<`, `>`, `&` and the two JavaScript line separators are escaped so
 * no status text can end the block.
 */
import type { AppState, FeedView, GroupSummary, OutboxItem } from "./contract";

export const FIRST_FRAME_VERSION = 1;
/** The id of the data block in index.html. */
export const FIRST_FRAME_ELEMENT_ID = "first-frame";

export interface FirstFrame {
  readonly version: typeof FIRST_FRAME_VERSION;
  /** Signed in: the first frame is the feed of one group. */
  readonly state: AppState & { readonly account: NonNullable<AppState["account"]> };
  readonly groups: readonly GroupSummary[];
  readonly outbox: readonly OutboxItem[];
  readonly groupId: number;
  /** The cached latest statuses of `groupId`, everyone's. */
  readonly feed: FeedView;
  /** Epoch ms when main rendered it. */
  readonly renderedAt: number;
}

/** What dist/first-frame/index.mjs (renderer/first-frame.tsx) exports as `renderFirstFrame`. */
export type RenderFirstFrame = (template: string, frame: FirstFrame | null) => string;

/** The data block's text. */
export function firstFrameJson(frame: FirstFrame): string {
  return JSON.stringify(frame)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The first frame from the data block's text, or null when there is none or it is not one (the page
 * then starts the usual way, asking for everything). Checked for the shape the renderer relies on
 * before it renders; the values themselves are main's own answers.
 */
export function readFirstFrame(text: string | null | undefined): FirstFrame | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || value["version"] !== FIRST_FRAME_VERSION) return null;
  const { state, groups, outbox, groupId, feed, renderedAt } = value;
  if (!isObject(state) || !isObject(state["account"]) || !isObject(state["connection"]) || !isObject(state["settings"]))
    return null;
  if (!Array.isArray(state["notices"]) || !Array.isArray(groups) || !Array.isArray(outbox)) return null;
  if (typeof groupId !== "number" || !Number.isSafeInteger(groupId) || typeof renderedAt !== "number") return null;
  if (!groups.some((g) => isObject(g) && isObject(g["group"]) && g["group"]["id"] === groupId)) return null;
  if (!isObject(feed) || !Array.isArray(feed["statuses"]) || !isObject(feed["query"])) return null;
  const query = feed["query"];
  if (query["groupId"] !== groupId || query["date"] !== null || query["userId"] !== null) return null;
  return value as unknown as FirstFrame;
}
