/**
 * Co-op's API: groups G1–G6, statuses S1–S9, agendas A1–A5, users U1, Harvest credential H1–H4, and
 * memberships (M). Rules follow the spec; where it only infers (error codes, S9, M), the choice is noted.
 */
import { randomBytes } from "node:crypto";
import type { Params } from "../http/body";
import { integerParam, nested, textParam } from "../http/body";
import { HttpError, badRequest, notFound } from "../http/errors";
import { list } from "../render/nodes";
import { parseDaySegment } from "../render/times";
import type { Reply, Route } from "../router";
import { idOf } from "../router";
import type { FeedFilter } from "../store/feed";
import type { Group, User } from "../store/records";
import { canonicalTimeZone, ianaTimeZone } from "../../shared/timezones";
import type { CoopContext } from "./context";
import { dayRange } from "./days";
import {
  credentialDoc,
  groupAgendaDoc,
  groupsDoc,
  membersDoc,
  membershipsDoc,
  statusDoc,
  statusesDoc,
  userAgendaNode,
  userDoc,
} from "./views";

/** S1, S2 and S4 return the latest 50 only; a day (S3, S5) returns all. */
export const LATEST_LIMIT = 50;

/** Bot posts are attributed to this user, created on first use. */
export const COBOT = { email: "cobot@coopapp.com", firstName: "Cobot", avatar: "/images/cobot.png" } as const;

const DAY = "(\\d{8}|\\d{4}-\\d{2}-\\d{2})";
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export function unauthorized(message = "HTTP Basic: Access denied."): HttpError {
  return new HttpError(401, message, { "www-authenticate": 'Basic realm="Application"' });
}

async function signedIn(ctx: CoopContext): Promise<User> {
  if (ctx.auth === null) throw unauthorized();
  const user = await ctx.services.verifier.verify(ctx.auth.email, ctx.auth.password, ctx.remoteAddress);
  if (user === null) throw unauthorized();
  return user;
}

/** Groups a user is not in are reported as missing, so ids don't leak. */
async function memberGroup(ctx: CoopContext, user: User, groupSegment: string | undefined): Promise<Group> {
  const { store } = ctx.services;
  const group = await store.group(idOf(groupSegment));
  if (group === null || (await store.membership(group.id, user.id)) === null) throw notFound("Group not found");
  return group;
}

function day(segment: string | undefined): string {
  const parsed = parseDaySegment(segment ?? "");
  if (parsed === null) throw badRequest(`${segment ?? ""} is not a date (use YYYYMMDD)`);
  return parsed;
}

const ok = (reply: Omit<Reply, "status"> = {}): Reply => ({ status: 200, ...reply });
const updated = (location: string): Reply => ({ status: 200, headers: { location }, changed: true });
const created = (location: string): Reply => ({ status: 201, headers: { location }, changed: true });

/** Rails params for a resource: `{"group":{…}}`/`<group>…</group>`, or the fields at the top level. */
function resource(params: Params, name: string): Params {
  return nested(params, name) ?? params;
}

function requiredText(params: Params, key: string, label: string): string {
  const value = textParam(params, key);
  if (value === undefined || value === null || value.trim() === "") throw badRequest(`${label} can't be blank`);
  return value.trim();
}

function timezoneParam(value: string): string {
  const zone = canonicalTimeZone(value);
  if (zone === null) throw badRequest(`Timezone "${value}" is not included in the list of Co-op time zones`);
  return zone;
}

const MAX_TEXT = 10_000;

function limited(text: string, label: string): string {
  if (text.length > MAX_TEXT) throw badRequest(`${label} is too long (at most ${MAX_TEXT} characters)`);
  return text;
}

// Statuses

async function statuses(
  ctx: CoopContext,
  groupSegment: string | undefined,
  member: string | null,
  wantedDay: string | null,
): Promise<Reply> {
  const user = await signedIn(ctx);
  const group = await memberGroup(ctx, user, groupSegment);
  const { store } = ctx.services;
  let filter: FeedFilter = { groupId: group.id };
  if (member !== null) {
    const target = await store.user(idOf(member));
    if (target === null) throw notFound("User not found");
    filter = { ...filter, userId: target.id };
  }
  if (wantedDay === null) filter = { ...filter, limit: LATEST_LIMIT };
  else filter = { ...filter, range: dayRange(wantedDay, ianaTimeZone(group.timezone) ?? "UTC") };
  return ok({ doc: statusesDoc(await store.feed(filter)) });
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

async function cobot(ctx: CoopContext): Promise<User> {
  const { store, now } = ctx.services;
  const existing = await store.userByEmail(COBOT.email);
  if (existing !== null) return existing;
  return store.createUser(
    { firstName: COBOT.firstName, lastName: "", email: COBOT.email, passwordHash: null, avatarThumbUrl: COBOT.avatar },
    now(),
  );
}

async function postNote(ctx: CoopContext, groupSegment: string | undefined): Promise<Reply> {
  const { store, now } = ctx.services;
  let author: User;
  let group: Group;
  const key = textParam(ctx.params, "key");
  if (ctx.auth === null && typeof key === "string") {
    // Bot posting: the group's API token, no Basic auth; attributed to Cobot.
    const target = await store.group(idOf(groupSegment));
    if (target === null) throw notFound("Group not found");
    if (key !== target.apiToken) throw unauthorized("Invalid API key for this group");
    author = await cobot(ctx);
    group = target;
  } else {
    author = await signedIn(ctx);
    group = await memberGroup(ctx, author, groupSegment);
  }
  const text = statusText(ctx.params);
  const note = await store.createNote(group.id, author.id, text, now());
  return created(`/statuses/${note.id}`);
}

async function ownNote(ctx: CoopContext, segment: string | undefined): Promise<number> {
  const user = await signedIn(ctx);
  const { store } = ctx.services;
  const note = await store.note(idOf(segment));
  if (note === null || (await store.membership(note.groupId, user.id)) === null) throw notFound("Status not found");
  if (note.userId !== user.id) throw badRequest("You can only change your own notes");
  return note.id;
}

// Groups

function emailList(value: string | null | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
}

/** Existing users join at once; anyone else gets a single-use invitation (see invitations.ts). */
async function invite(ctx: CoopContext, group: Group, inviter: User, emails: readonly string[]): Promise<void> {
  const { store, invitations } = ctx.services;
  for (const email of emails) {
    if (!EMAIL.test(email)) continue;
    const invitee = await store.userByEmail(email);
    if (invitee !== null && invitee.passwordHash !== null) await store.join(group.id, invitee.id);
    else if (invitee === null) await invitations.invite(group, inviter, email);
  }
}

async function createGroup(ctx: CoopContext): Promise<Reply> {
  const user = await signedIn(ctx);
  const input = resource(ctx.params, "group");
  const name = limited(requiredText(input, "name", "Name"), "Name");
  const timezone = timezoneParam(requiredText(input, "timezone", "Timezone"));
  const emails = emailList(textParam(input, "member_emails"));
  const { store, now } = ctx.services;
  const linked = (await store.credentialOf(user.id)) !== null;
  const group = await store.createGroup(
    {
      name,
      timezone,
      ownerId: user.id,
      feedKey: String(1_000_000_000 + (randomBytes(4).readUInt32BE(0) % 8_999_999_999)),
      apiToken: randomBytes(16).toString("hex"),
    },
    now(),
    linked,
  );
  await invite(ctx, group, user, emails);
  return created(`/groups/${group.id}`);
}

async function updateGroup(ctx: CoopContext, segment: string | undefined): Promise<Reply> {
  const user = await signedIn(ctx);
  const group = await memberGroup(ctx, user, segment);
  const input = resource(ctx.params, "group");
  const name = textParam(input, "name");
  const timezone = textParam(input, "timezone");
  if (name === undefined && timezone === undefined) throw badRequest("Nothing to update: send name and/or timezone");
  const nextName = name === undefined ? group.name : limited(requiredText(input, "name", "Name"), "Name");
  const nextZone = timezone === undefined ? group.timezone : timezoneParam(timezone ?? "");
  await ctx.services.store.updateGroup(group.id, { name: nextName, timezone: nextZone }, ctx.services.now());
  return updated(`/groups/${group.id}`);
}

async function changeOwner(ctx: CoopContext, segment: string | undefined): Promise<Reply> {
  const user = await signedIn(ctx);
  const group = await memberGroup(ctx, user, segment);
  if (group.ownerId !== user.id) throw badRequest("Only the group owner can change the owner");
  const newOwner =
    integerParam(ctx.params, "new_group_owner_id") ?? integerParam(resource(ctx.params, "group"), "new_group_owner_id");
  if (newOwner === undefined || newOwner === null) throw badRequest("new_group_owner_id can't be blank");
  if ((await ctx.services.store.membership(group.id, newOwner)) === null)
    throw badRequest("The new owner must be a member of the group");
  await ctx.services.store.updateGroup(group.id, { ownerId: newOwner }, ctx.services.now());
  return updated(`/groups/${group.id}`);
}

async function deleteGroup(ctx: CoopContext, segment: string | undefined): Promise<Reply> {
  const user = await signedIn(ctx);
  const group = await memberGroup(ctx, user, segment);
  if (group.ownerId !== user.id) throw badRequest("Only the group owner can delete the group");
  await ctx.services.store.deleteGroup(group.id);
  return ok({ changed: true });
}

// Agendas

function agendaText(params: Params): string {
  const value = textParam(params, "agenda");
  if (value === undefined || value === null)
    throw badRequest('agenda can\'t be missing (send <agenda>text</agenda> or {"agenda": "text"})');
  return limited(value, "Agenda");
}

// Harvest credential

async function ownCredentialUser(ctx: CoopContext, segment: string | undefined): Promise<User> {
  const user = await signedIn(ctx);
  if (idOf(segment) !== user.id) throw notFound("Harvest credential not found: you can only see and change your own");
  return user;
}

/** The login from the body, checked with Harvest first (400 with Harvest's reason when refused). */
async function checkedLogin(ctx: CoopContext): Promise<{ subdomain: string; email: string; password: string }> {
  const input = resource(ctx.params, "harvest_credential");
  const subdomain = requiredText(input, "subdomain", "Subdomain");
  const email = requiredText(input, "email", "Email");
  const password = textParam(input, "password");
  if (password === undefined || password === null || password === "") throw badRequest("Password can't be blank");
  const verdict = await ctx.services.harvest.verify({ subdomain, email, password });
  if (!verdict.ok) throw badRequest(`Harvest rejected the login: ${verdict.message}`);
  return { subdomain, email, password };
}

async function saveCredential(ctx: CoopContext, user: User): Promise<void> {
  const login = await checkedLogin(ctx);
  const { store, secrets, now } = ctx.services;
  await store.saveCredential(
    user.id,
    { subdomain: login.subdomain, email: login.email, secret: secrets.seal(login.password) },
    now(),
  );
  await ctx.services.gatherNow(user.id);
}

async function signedInMember(ctx: CoopContext, segment: string | undefined): Promise<{ user: User; group: Group }> {
  const user = await signedIn(ctx);
  return { user, group: await memberGroup(ctx, user, segment) };
}

export const coopRoutes: readonly Route<CoopContext>[] = [
  // G1
  {
    method: "GET",
    pattern: /^\/groups$/,
    handle: async (ctx) => {
      const user = await signedIn(ctx);
      return ok({ doc: groupsDoc(await ctx.services.store.groupsOf(user.id)) });
    },
  },
  { method: "POST", pattern: /^\/groups$/, handle: (ctx) => createGroup(ctx) },
  { method: "PUT", pattern: /^\/groups\/(\d+)$/, handle: (ctx, m) => updateGroup(ctx, m[0]) },
  { method: "PUT", pattern: /^\/groups\/(\d+)\/change_owner$/, handle: (ctx, m) => changeOwner(ctx, m[0]) },
  { method: "DELETE", pattern: /^\/groups\/(\d+)$/, handle: (ctx, m) => deleteGroup(ctx, m[0]) },
  // G6 / U2
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/users$/,
    handle: async (ctx, m) => {
      const { group } = await signedInMember(ctx, m[0]);
      return ok({ doc: membersDoc(await ctx.services.store.members(group.id)) });
    },
  },
  // M (inferred, Rails-style): list, invite by member_emails, remove a member or leave.
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/memberships$/,
    handle: async (ctx, m) => {
      const { group } = await signedInMember(ctx, m[0]);
      const { store } = ctx.services;
      const [users, memberships] = await Promise.all([store.members(group.id), store.memberships(group.id)]);
      const ids = new Map(memberships.map((ms) => [ms.userId, ms.id] as const));
      return ok({ doc: membershipsDoc(users, ids) });
    },
  },
  {
    method: "POST",
    pattern: /^\/groups\/(\d+)\/memberships$/,
    handle: async (ctx, m) => {
      const { user, group } = await signedInMember(ctx, m[0]);
      const emails = emailList(textParam(resource(ctx.params, "membership"), "member_emails"));
      if (emails.length === 0) throw badRequest("member_emails can't be blank");
      await invite(ctx, group, user, emails);
      return created(`/groups/${group.id}/memberships`);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/groups\/(\d+)\/memberships\/(\d+)$/,
    handle: async (ctx, m) => {
      const { user, group } = await signedInMember(ctx, m[0]);
      const { store } = ctx.services;
      const target = (await store.memberships(group.id)).find((ms) => ms.id === idOf(m[1]));
      if (target === undefined) throw notFound("Membership not found");
      if (target.userId !== user.id && group.ownerId !== user.id)
        throw badRequest("Only the group owner can remove other members");
      if (target.userId === group.ownerId) throw badRequest("The owner cannot leave: change the owner first");
      await store.leave(group.id, target.userId);
      return ok({ changed: true });
    },
  },
  // S1 and the deprecated alias S2
  { method: "GET", pattern: /^\/groups\/(\d+)\/statuses$/, handle: (ctx, m) => statuses(ctx, m[0], null, null) },
  { method: "GET", pattern: /^\/groups\/(\d+)$/, handle: (ctx, m) => statuses(ctx, m[0], null, null) },
  // S3
  {
    method: "GET",
    pattern: new RegExp(`^/groups/(\\d+)/${DAY}$`),
    handle: (ctx, m) => statuses(ctx, m[0], null, day(m[1])),
  },
  // S4, S5
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/users\/(\d+)$/,
    handle: (ctx, m) => statuses(ctx, m[0], m[1] ?? "", null),
  },
  {
    method: "GET",
    pattern: new RegExp(`^/groups/(\\d+)/users/(\\d+)/${DAY}$`),
    handle: (ctx, m) => statuses(ctx, m[0], m[1] ?? "", day(m[2])),
  },
  // S6, S7
  { method: "POST", pattern: /^\/groups\/(\d+)\/statuses$/, handle: (ctx, m) => postNote(ctx, m[0]) },
  { method: "POST", pattern: /^\/groups\/(\d+)\/notes$/, handle: (ctx, m) => postNote(ctx, m[0]) },
  // S8: the Notes table (a DayEntry's id may name a different Note).
  {
    method: "GET",
    pattern: /^\/statuses\/(\d+)$/,
    handle: async (ctx, m) => {
      const user = await signedIn(ctx);
      const { store } = ctx.services;
      const note = await store.note(idOf(m[0]));
      const author = note === null ? null : await store.user(note.userId);
      if (note === null || author === null || (await store.membership(note.groupId, user.id)) === null)
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
  },
  // S9 (unrecorded in the sources; inferred): edit or delete one's own Note.
  {
    method: "PUT",
    pattern: /^\/statuses\/(\d+)$/,
    handle: async (ctx, m) => {
      const id = await ownNote(ctx, m[0]);
      await ctx.services.store.updateNote(id, statusText(ctx.params), ctx.services.now());
      return updated(`/statuses/${id}`);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/statuses\/(\d+)$/,
    handle: async (ctx, m) => {
      await ctx.services.store.deleteNote(await ownNote(ctx, m[0]));
      return ok({ changed: true });
    },
  },
  // A1, A4
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/agenda$/,
    handle: async (ctx, m) => ok({ doc: groupAgendaDoc((await signedInMember(ctx, m[0])).group) }),
  },
  {
    method: "PUT",
    pattern: /^\/groups\/(\d+)\/agenda$/,
    handle: async (ctx, m) => {
      const { group } = await signedInMember(ctx, m[0]);
      await ctx.services.store.updateGroup(group.id, { agenda: agendaText(ctx.params) }, null);
      return updated(`/groups/${group.id}/agenda`);
    },
  },
  // A2
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/user_agendas$/,
    handle: async (ctx, m) => {
      const { group } = await signedInMember(ctx, m[0]);
      const agendas = (await ctx.services.store.memberships(group.id)).map((ms) =>
        userAgendaNode(ms.userId, ms.agenda),
      );
      return ok({ doc: { root: "user_agendas", node: list("user_agenda", agendas), rooted: false } });
    },
  },
  // A3, A5
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/my_agenda$/,
    handle: async (ctx, m) => {
      const { user, group } = await signedInMember(ctx, m[0]);
      const membership = await ctx.services.store.membership(group.id, user.id);
      return ok({
        doc: { root: "user_agenda", node: userAgendaNode(user.id, membership?.agenda ?? ""), rooted: false },
      });
    },
  },
  {
    method: "PUT",
    pattern: /^\/groups\/(\d+)\/my_agenda$/,
    handle: async (ctx, m) => {
      const { user, group } = await signedInMember(ctx, m[0]);
      await ctx.services.store.setMemberAgenda(group.id, user.id, agendaText(ctx.params));
      return updated(`/groups/${group.id}/my_agenda`);
    },
  },
  // U1: oneself or someone sharing a group.
  {
    method: "GET",
    pattern: /^\/users\/(\d+)$/,
    handle: async (ctx, m) => {
      const user = await signedIn(ctx);
      const { store } = ctx.services;
      const target = await store.user(idOf(m[0]));
      if (target === null || (target.id !== user.id && !(await store.sharesGroup(user.id, target.id))))
        throw notFound("User not found");
      return ok({ doc: userDoc(target, (await store.credentialOf(target.id)) !== null) });
    },
  },
  // H1–H4
  {
    method: "GET",
    pattern: /^\/users\/(\d+)\/harvest_credential$/,
    handle: async (ctx, m) => {
      const user = await ownCredentialUser(ctx, m[0]);
      const credential = await ctx.services.store.credentialOf(user.id);
      if (credential === null) throw notFound("You have no Harvest credential");
      return ok({ doc: credentialDoc(credential) });
    },
  },
  {
    method: "POST",
    pattern: /^\/users\/(\d+)\/harvest_credential$/,
    handle: async (ctx, m) => {
      const user = await ownCredentialUser(ctx, m[0]);
      if ((await ctx.services.store.credentialOf(user.id)) !== null)
        throw badRequest("You already have a Harvest credential: update or delete it instead");
      await saveCredential(ctx, user);
      return created(`/users/${user.id}/harvest_credential`);
    },
  },
  {
    method: "PUT",
    pattern: /^\/users\/(\d+)\/harvest_credential$/,
    handle: async (ctx, m) => {
      const user = await ownCredentialUser(ctx, m[0]);
      if ((await ctx.services.store.credentialOf(user.id)) === null) throw notFound("You have no Harvest credential");
      await saveCredential(ctx, user);
      return updated(`/users/${user.id}/harvest_credential`);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/users\/(\d+)\/harvest_credential$/,
    handle: async (ctx, m) => {
      const user = await ownCredentialUser(ctx, m[0]);
      if ((await ctx.services.store.credentialOf(user.id)) === null) throw notFound("You have no Harvest credential");
      await ctx.services.store.deleteCredential(user.id);
      return ok({ changed: true });
    },
  },
];
