/**
 * Statuses (docs/coop-api.md): the feed (§6.2–6.5), posting a note (§6.7, also by a bot: §2.4), one
 * status (§6.8), editing notes (§6.9).
 */
import { z } from "zod";
import type { Params } from "../../http/body";
import { badRequest, notFound } from "../../http/errors";
import type { Reply } from "../../router";
import type { FeedFilter } from "../../store/feed";
import type { MemberGroup, User } from "../../store/records";
import { LATEST_PAGE, ianaTimeZone } from "@coop-tray/protocol/rules";
import { renderBody } from "../../http/exchange";
import { acceptsGzip } from "../../http/negotiate";
import type { CoopContext, CoopServices } from "../context";
import { dayRange } from "../days";
import { created, limited, ok, updated } from "../input";
import { day, id, inGroup } from "../params";
import { route } from "../route";
import { statusDoc, statusesDoc } from "../views";

/** The latest views (§6.2, §6.4) return 50 only. */
export const LATEST_LIMIT = LATEST_PAGE;
/** A day (§6.3, §6.5) comes in pages of this many, newest first; `?page=2` and on for the rest
 * (docs/coop-api.md §6.10), so one member's 20,000 notes cannot make one 10 MB answer. */
export const DAY_PAGE_LIMIT = 1000;

function pageParam(input: Params): number {
  const raw = input["page"];
  if (raw === undefined) return 1;
  const page = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
  if (page < 1) throw badRequest("page must be a whole number from 1");
  return page;
}

/** A feed view, from the feed cache when the group's feed has not changed since it was rendered. */
async function feed(
  { ctx, services, group, input }: { ctx: CoopContext; services: CoopServices; group: MemberGroup; input: Params },
  memberId: number | null,
  wantedDay: string | null,
): Promise<Reply> {
  const { store } = services;
  let filter: FeedFilter = { groupId: group.id };
  // No lookup of the user: an unknown id and someone outside the group both just have no statuses here,
  // so the answer cannot tell which ids are accounts (docs/coop-api.md §6.4).
  if (memberId !== null) filter = { ...filter, userId: memberId };
  const page = wantedDay === null ? 1 : pageParam(input);
  if (wantedDay === null) filter = { ...filter, limit: LATEST_LIMIT };
  else
    filter = {
      ...filter,
      range: dayRange(wantedDay, ianaTimeZone(group.timezone) ?? "UTC"),
      // One more than a page: whether another page follows.
      limit: DAY_PAGE_LIMIT + 1,
      offset: (page - 1) * DAY_PAGE_LIMIT,
    };
  const key = [group.id, memberId ?? "", wantedDay ?? "", page, ctx.format, ctx.jsonDates].join("|");
  // The version came with the membership check (store/groups.ts ofMember): read before the feed.
  const rendered = await services.feeds.get(key, group.feedVersion, async () => {
    const items = await store.notes.feed(filter);
    const more = wantedDay !== null && items.length > DAY_PAGE_LIMIT;
    const doc = statusesDoc(more ? items.slice(0, DAY_PAGE_LIMIT) : items);
    return { body: Buffer.from(renderBody(doc, ctx.format, ctx.jsonDates), "utf8"), more };
  });
  const suffix = ctx.format === "html" ? "" : `.${ctx.format}`;
  const headers: Record<string, string> = rendered.more
    ? { link: `<${ctx.baseUrl}${ctx.path}${suffix}?page=${page + 1}>; rel="next"`, vary: "Accept-Encoding" }
    : { vary: "Accept-Encoding" };
  if (!acceptsGzip(ctx.headers["accept-encoding"])) return ok({ rendered, headers });
  return ok({ rendered: await rendered.gzipped(), headers: { ...headers, "content-encoding": "gzip" } });
}

/** The note text from `<status>text</status>`, `{"status":"…"}`, `?status=…`, or `status[text]`. */
function statusText(params: Params): string {
  const raw = params["status"];
  let text: string | null = null;
  if (typeof raw === "string") text = raw;
  else if (raw !== null && raw !== undefined && typeof raw === "object" && !Array.isArray(raw)) {
    const inner = raw["text"];
    if (typeof inner === "string") text = inner;
  }
  if (text === null || text.trim() === "") throw badRequest("Status can't be blank");
  return limited(text.trim(), "Status");
}

/** A note the user may change: in one of their groups (else missing), and their own. */
async function ownNote(services: CoopServices, user: User, noteId: number): Promise<number> {
  const { store } = services;
  const note = await store.notes.byId(noteId);
  if (note === null || (await store.memberships.find(note.groupId, user.id)) === null)
    throw notFound("Status not found");
  if (note.userId !== user.id) throw badRequest("You can only change your own notes");
  return note.id;
}

const inGroupOnDay = z.object({ group: id, day });
const ofMember = z.object({ group: id, user: id });
const ofMemberOnDay = z.object({ group: id, user: id, day });
const oneStatus = z.object({ status: id });

export const statusRoutes = [
  // §6.2, and its deprecated alias
  ...["/groups/:group/statuses", "/groups/:group"].map((path) =>
    route({
      method: "GET",
      path,
      guard: "member",
      params: inGroup,
      handle: (req) => feed(req, null, null),
    }),
  ),
  // §6.3
  route({
    method: "GET",
    path: "/groups/:group/:day",
    guard: "member",
    params: inGroupOnDay,
    handle: (req) => feed(req, null, req.params.day),
  }),
  // §6.4, §6.5
  route({
    method: "GET",
    path: "/groups/:group/users/:user",
    guard: "member",
    params: ofMember,
    handle: (req) => feed(req, req.params.user, null),
  }),
  route({
    method: "GET",
    path: "/groups/:group/users/:user/:day",
    guard: "member",
    params: ofMemberOnDay,
    handle: (req) => feed(req, req.params.user, req.params.day),
  }),
  // §6.7 and §2.4: a member, or a bot with the group's API key.
  ...["/groups/:group/statuses", "/groups/:group/notes"].map((path) =>
    route({
      method: "POST",
      path,
      guard: "member",
      groupKey: true,
      params: inGroup,
      handle: async ({ services, user, group, input }) => {
        const text = statusText(input);
        const note = await services.store.notes.create(group.id, user.id, text, services.now());
        return created(`/statuses/${note.id}`);
      },
    }),
  ),
  // §6.8: the Notes table (a DayEntry's id may name a different Note).
  route({
    method: "GET",
    path: "/statuses/:status",
    guard: "user",
    params: oneStatus,
    handle: async ({ services, user, params }) => {
      const { store } = services;
      const note = await store.notes.byId(params.status);
      const author = note === null ? null : await store.users.byId(note.userId);
      if (note === null || author === null || (await store.memberships.find(note.groupId, user.id)) === null)
        throw notFound("Status not found");
      return ok({
        doc: statusDoc({
          type: "Note",
          id: note.id,
          createdAt: note.createdAt,
          groupId: note.groupId,
          note,
          user: author,
        }),
      });
    },
  }),
  // §6.9 (this server's choice, §14): edit or delete one's own Note.
  route({
    method: "PUT",
    path: "/statuses/:status",
    guard: "user",
    params: oneStatus,
    handle: async ({ services, user, params, input }) => {
      const noteId = await ownNote(services, user, params.status);
      await services.store.notes.update(noteId, statusText(input), services.now());
      return updated(`/statuses/${noteId}`);
    },
  }),
  route({
    method: "DELETE",
    path: "/statuses/:status",
    guard: "user",
    params: oneStatus,
    handle: async ({ services, user, params }) => {
      await services.store.notes.delete(await ownNote(services, user, params.status));
      return ok({ changed: true });
    },
  }),
];
