/**
 * Co-op's API: groups G1–G6, statuses S1–S9, agendas A1–A5, users U1, Harvest credential H1–H4.
 * Rules follow the spec; where it only infers (error codes, S9), the choice is noted.
 */
import type { Params } from "../http/body";
import { nested, textParam, integerParam } from "../http/body";
import { HttpError, badRequest, notFound } from "../http/errors";
import type { Group, User } from "../model/state";
import type { FeedItem } from "../model/world";
import { list } from "../render/nodes";
import { localDay, parseDaySegment } from "../render/times";
import type { Reply, RequestContext, Route } from "../router";
import { idOf } from "../router";
import { canonicalTimeZone, ianaTimeZone } from "../../shared/timezones";
import { SEED } from "../model/seed";
import { credentialDoc, groupAgendaDoc, groupsDoc, membersDoc, statusDoc, statusesDoc, userAgendaNode, userDoc } from "./views";

/** S1, S2 and S4 return the latest 50 only; a day (S3, S5) returns all. */
export const LATEST_LIMIT = 50;

const DAY = "(\\d{8}|\\d{4}-\\d{2}-\\d{2})";
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

function unauthorized(message = "HTTP Basic: Access denied."): HttpError {
  return new HttpError(401, message, { "www-authenticate": 'Basic realm="Application"' });
}

function signedIn(ctx: RequestContext): User {
  if (ctx.auth === null) throw unauthorized();
  const user = ctx.world.userByLogin(ctx.auth.email, ctx.auth.password);
  if (user === null) throw unauthorized();
  return user;
}

/** Groups a user is not in are reported as missing, so ids don't leak. */
function memberGroup(ctx: RequestContext, user: User, groupSegment: string | undefined): Group {
  const group = ctx.world.group(idOf(groupSegment));
  if (group === null || ctx.world.membership(group.id, user.id) === null) throw notFound("Group not found");
  return group;
}

function day(segment: string | undefined): string {
  const parsed = parseDaySegment(segment ?? "");
  if (parsed === null) throw badRequest(`${segment ?? ""} is not a date (use YYYYMMDD)`);
  return parsed;
}

function onDay(group: Group, items: FeedItem[], wanted: string): FeedItem[] {
  const zone = ianaTimeZone(group.timezone) ?? "UTC";
  return items.filter((item) => localDay(item.createdAt, zone) === wanted);
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

// Statuses

function latest(ctx: RequestContext, groupSegment: string | undefined): Reply {
  const user = signedIn(ctx);
  const group = memberGroup(ctx, user, groupSegment);
  return ok({ doc: statusesDoc(ctx.world.feed(group.id).slice(0, LATEST_LIMIT)) });
}

function memberStatuses(ctx: RequestContext, match: readonly string[], wantedDay: string | null): Reply {
  const user = signedIn(ctx);
  const group = memberGroup(ctx, user, match[0]);
  const member = ctx.world.user(idOf(match[1]));
  if (member === null) throw notFound("User not found");
  const mine = ctx.world.feed(group.id).filter((item) => item.user.id === member.id);
  return ok({ doc: statusesDoc(wantedDay === null ? mine.slice(0, LATEST_LIMIT) : onDay(group, mine, wantedDay)) });
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
  return text.trim();
}

function postNote(ctx: RequestContext, groupSegment: string | undefined): Reply {
  let author: User;
  let group: Group;
  const key = textParam(ctx.params, "key");
  if (ctx.auth === null && typeof key === "string") {
    // Bot posting: the group's API token, no Basic auth; attributed to Cobot.
    const target = ctx.world.group(idOf(groupSegment));
    if (target === null) throw notFound("Group not found");
    if (key !== target.apiToken) throw unauthorized("Invalid API key for this group");
    const cobot = ctx.world.user(SEED.cobot.id);
    if (cobot === null) throw new HttpError(500, "Cobot is missing");
    author = cobot;
    group = target;
  } else {
    author = signedIn(ctx);
    group = memberGroup(ctx, author, groupSegment);
  }
  const text = statusText(ctx.params);
  const { state } = ctx.world;
  const at = ctx.world.now();
  const id = state.next.note;
  state.next.note += 1;
  state.notes.push({ id, groupId: group.id, userId: author.id, text, createdAt: at, updatedAt: at });
  return created(`/statuses/${id}`);
}

function ownNote(ctx: RequestContext, segment: string | undefined): { user: User; index: number } {
  const user = signedIn(ctx);
  const index = ctx.world.state.notes.findIndex((n) => n.id === idOf(segment));
  const note = ctx.world.state.notes[index];
  if (note === undefined || ctx.world.membership(note.groupId, user.id) === null) throw notFound("Status not found");
  if (note.userId !== user.id) throw badRequest("You can only change your own notes");
  return { user, index };
}

// Groups

function createGroup(ctx: RequestContext): Reply {
  const user = signedIn(ctx);
  const input = resource(ctx.params, "group");
  const name = requiredText(input, "name", "Name");
  const timezone = timezoneParam(requiredText(input, "timezone", "Timezone"));
  const emails = (textParam(input, "member_emails") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const { world } = ctx;
  const { state } = world;
  const at = world.now();
  const id = state.next.group;
  state.next.group += 1;
  state.groups.push({
    id,
    name,
    timezone,
    ownerId: user.id,
    createdAt: at,
    updatedAt: at,
    feedKey: String(1_000_000_000 + id * 7919),
    apiToken: `${id.toString(16).padStart(8, "0")}${(at % 0xffffffff).toString(16).padStart(8, "0")}sandbox`,
    agenda: "",
  });
  const join = (memberId: number): void => {
    if (world.membership(id, memberId) !== null) return;
    const membershipId = state.next.membership;
    state.next.membership += 1;
    state.memberships.push({ id: membershipId, groupId: id, userId: memberId, harvestLinked: world.credentialOf(memberId) !== null, agenda: "" });
  };
  join(user.id);
  // Invitations go to each valid address; the sandbox lets existing users accept at once.
  for (const email of emails) {
    if (!EMAIL.test(email)) continue;
    state.invitations.push({ groupId: id, email, at });
    const invitee = world.userByEmail(email);
    if (invitee !== null && invitee.password !== null) join(invitee.id);
  }
  return created(`/groups/${id}`);
}

function updateGroup(ctx: RequestContext, segment: string | undefined): Reply {
  const user = signedIn(ctx);
  const group = memberGroup(ctx, user, segment);
  const input = resource(ctx.params, "group");
  const name = textParam(input, "name");
  const timezone = textParam(input, "timezone");
  if (name === undefined && timezone === undefined) throw badRequest("Nothing to update: send name and/or timezone");
  const nextName = name === undefined ? group.name : requiredText(input, "name", "Name");
  const nextZone = timezone === undefined ? group.timezone : timezoneParam(timezone ?? "");
  group.name = nextName;
  group.timezone = nextZone;
  group.updatedAt = ctx.world.now();
  return updated(`/groups/${group.id}`);
}

function changeOwner(ctx: RequestContext, segment: string | undefined): Reply {
  const user = signedIn(ctx);
  const group = memberGroup(ctx, user, segment);
  if (group.ownerId !== user.id) throw badRequest("Only the group owner can change the owner");
  const newOwner = integerParam(ctx.params, "new_group_owner_id") ?? integerParam(resource(ctx.params, "group"), "new_group_owner_id");
  if (newOwner === undefined || newOwner === null) throw badRequest("new_group_owner_id can't be blank");
  if (ctx.world.membership(group.id, newOwner) === null) throw badRequest("The new owner must be a member of the group");
  group.ownerId = newOwner;
  group.updatedAt = ctx.world.now();
  return updated(`/groups/${group.id}`);
}

function deleteGroup(ctx: RequestContext, segment: string | undefined): Reply {
  const user = signedIn(ctx);
  const group = memberGroup(ctx, user, segment);
  if (group.ownerId !== user.id) throw badRequest("Only the group owner can delete the group");
  const { state } = ctx.world;
  // The group's Notes go with it; Harvest time entries live in Harvest and stay.
  state.notes = state.notes.filter((n) => n.groupId !== group.id);
  state.memberships = state.memberships.filter((m) => m.groupId !== group.id);
  state.invitations = state.invitations.filter((i) => i.groupId !== group.id);
  state.groups = state.groups.filter((g) => g.id !== group.id);
  return ok({ changed: true });
}

// Agendas

function agendaText(params: Params): string {
  const value = textParam(params, "agenda");
  if (value === undefined || value === null) throw badRequest("agenda can't be missing (send <agenda>text</agenda> or {\"agenda\": \"text\"})");
  return value;
}

// Harvest credential

function ownCredentialUser(ctx: RequestContext, segment: string | undefined): User {
  const user = signedIn(ctx);
  if (idOf(segment) !== user.id) throw notFound("Harvest credential not found: you can only see and change your own");
  return user;
}

function checkedLogin(ctx: RequestContext): { subdomain: string; email: string } {
  const input = resource(ctx.params, "harvest_credential");
  const subdomain = requiredText(input, "subdomain", "Subdomain");
  const email = requiredText(input, "email", "Email");
  const password = textParam(input, "password");
  if (password === undefined || password === null || password === "") throw badRequest("Password can't be blank");
  const account = ctx.world.account(subdomain);
  if (account === null) throw badRequest(`Harvest rejected the login: there is no Harvest account "${subdomain}"`);
  if (ctx.world.harvestLogin(account, email, password) === null) throw badRequest("Harvest rejected the login: the email or password is wrong");
  return { subdomain, email };
}

function setLinked(ctx: RequestContext, userId: number, linked: boolean): void {
  for (const membership of ctx.world.state.memberships) if (membership.userId === userId) membership.harvestLinked = linked;
}

export const coopRoutes: readonly Route<RequestContext>[] = [
  // G1
  {
    method: "GET",
    pattern: /^\/groups$/,
    handle: (ctx) => {
      const user = signedIn(ctx);
      const mine = ctx.world.state.groups.filter((g) => ctx.world.membership(g.id, user.id) !== null);
      return ok({ doc: groupsDoc(ctx.world, mine) });
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
    handle: (ctx, m) => {
      const user = signedIn(ctx);
      const group = memberGroup(ctx, user, m[0]);
      return ok({ doc: membersDoc(ctx.world.members(group.id)) });
    },
  },
  // S1 and the deprecated alias S2
  { method: "GET", pattern: /^\/groups\/(\d+)\/statuses$/, handle: (ctx, m) => latest(ctx, m[0]) },
  { method: "GET", pattern: /^\/groups\/(\d+)$/, handle: (ctx, m) => latest(ctx, m[0]) },
  // S3
  {
    method: "GET",
    pattern: new RegExp(`^/groups/(\\d+)/${DAY}$`),
    handle: (ctx, m) => {
      const user = signedIn(ctx);
      const group = memberGroup(ctx, user, m[0]);
      return ok({ doc: statusesDoc(onDay(group, ctx.world.feed(group.id), day(m[1]))) });
    },
  },
  // S4, S5
  { method: "GET", pattern: /^\/groups\/(\d+)\/users\/(\d+)$/, handle: (ctx, m) => memberStatuses(ctx, m, null) },
  { method: "GET", pattern: new RegExp(`^/groups/(\\d+)/users/(\\d+)/${DAY}$`), handle: (ctx, m) => memberStatuses(ctx, m, day(m[2])) },
  // S6, S7
  { method: "POST", pattern: /^\/groups\/(\d+)\/statuses$/, handle: (ctx, m) => postNote(ctx, m[0]) },
  { method: "POST", pattern: /^\/groups\/(\d+)\/notes$/, handle: (ctx, m) => postNote(ctx, m[0]) },
  // S8: the Notes table (a DayEntry's id may name a different Note).
  {
    method: "GET",
    pattern: /^\/statuses\/(\d+)$/,
    handle: (ctx, m) => {
      const user = signedIn(ctx);
      const note = ctx.world.state.notes.find((n) => n.id === idOf(m[0]));
      const author = note === undefined ? null : ctx.world.user(note.userId);
      if (note === undefined || author === null || ctx.world.membership(note.groupId, user.id) === null) throw notFound("Status not found");
      return ok({ doc: statusDoc({ type: "Note", id: note.id, createdAt: note.createdAt, groupId: note.groupId, note, user: author }) });
    },
  },
  // S9 (unrecorded in the sources; inferred): edit or delete one's own Note.
  {
    method: "PUT",
    pattern: /^\/statuses\/(\d+)$/,
    handle: (ctx, m) => {
      const { index } = ownNote(ctx, m[0]);
      const note = ctx.world.state.notes[index];
      if (note === undefined) throw notFound("Status not found");
      note.text = statusText(ctx.params);
      note.updatedAt = ctx.world.now();
      return updated(`/statuses/${note.id}`);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/statuses\/(\d+)$/,
    handle: (ctx, m) => {
      const { index } = ownNote(ctx, m[0]);
      ctx.world.state.notes.splice(index, 1);
      return ok({ changed: true });
    },
  },
  // A1, A4
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/agenda$/,
    handle: (ctx, m) => {
      const group = memberGroup(ctx, signedIn(ctx), m[0]);
      return ok({ doc: groupAgendaDoc(group) });
    },
  },
  {
    method: "PUT",
    pattern: /^\/groups\/(\d+)\/agenda$/,
    handle: (ctx, m) => {
      const group = memberGroup(ctx, signedIn(ctx), m[0]);
      group.agenda = agendaText(ctx.params);
      return updated(`/groups/${group.id}/agenda`);
    },
  },
  // A2
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/user_agendas$/,
    handle: (ctx, m) => {
      const group = memberGroup(ctx, signedIn(ctx), m[0]);
      const agendas = ctx.world.state.memberships.filter((ms) => ms.groupId === group.id).map((ms) => userAgendaNode(ms.userId, ms.agenda));
      return ok({ doc: { root: "user_agendas", node: list("user_agenda", agendas), rooted: false } });
    },
  },
  // A3, A5
  {
    method: "GET",
    pattern: /^\/groups\/(\d+)\/my_agenda$/,
    handle: (ctx, m) => {
      const user = signedIn(ctx);
      const group = memberGroup(ctx, user, m[0]);
      const membership = ctx.world.membership(group.id, user.id);
      return ok({ doc: { root: "user_agenda", node: userAgendaNode(user.id, membership?.agenda ?? ""), rooted: false } });
    },
  },
  {
    method: "PUT",
    pattern: /^\/groups\/(\d+)\/my_agenda$/,
    handle: (ctx, m) => {
      const user = signedIn(ctx);
      const group = memberGroup(ctx, user, m[0]);
      const membership = ctx.world.membership(group.id, user.id);
      if (membership === null) throw notFound("Group not found");
      membership.agenda = agendaText(ctx.params);
      return updated(`/groups/${group.id}/my_agenda`);
    },
  },
  // U1: oneself or someone sharing a group.
  {
    method: "GET",
    pattern: /^\/users\/(\d+)$/,
    handle: (ctx, m) => {
      const user = signedIn(ctx);
      const target = ctx.world.user(idOf(m[0]));
      const { memberships } = ctx.world.state;
      const shared = target !== null && memberships.some((a) => a.userId === user.id && memberships.some((b) => b.groupId === a.groupId && b.userId === target.id));
      if (target === null || (target.id !== user.id && !shared)) throw notFound("User not found");
      return ok({ doc: userDoc(ctx.world, target) });
    },
  },
  // H1–H4
  {
    method: "GET",
    pattern: /^\/users\/(\d+)\/harvest_credential$/,
    handle: (ctx, m) => {
      const user = ownCredentialUser(ctx, m[0]);
      const credential = ctx.world.credentialOf(user.id);
      if (credential === null) throw notFound("You have no Harvest credential");
      return ok({ doc: credentialDoc(credential) });
    },
  },
  {
    method: "POST",
    pattern: /^\/users\/(\d+)\/harvest_credential$/,
    handle: (ctx, m) => {
      const user = ownCredentialUser(ctx, m[0]);
      if (ctx.world.credentialOf(user.id) !== null) throw badRequest("You already have a Harvest credential: update or delete it instead");
      const login = checkedLogin(ctx);
      const { state } = ctx.world;
      const at = ctx.world.now();
      state.credentials.push({ id: state.next.credential, userId: user.id, subdomain: login.subdomain, email: login.email, createdAt: at, updatedAt: at });
      state.next.credential += 1;
      setLinked(ctx, user.id, true);
      return created(`/users/${user.id}/harvest_credential`);
    },
  },
  {
    method: "PUT",
    pattern: /^\/users\/(\d+)\/harvest_credential$/,
    handle: (ctx, m) => {
      const user = ownCredentialUser(ctx, m[0]);
      const credential = ctx.world.credentialOf(user.id);
      if (credential === null) throw notFound("You have no Harvest credential");
      const login = checkedLogin(ctx);
      credential.subdomain = login.subdomain;
      credential.email = login.email;
      credential.updatedAt = ctx.world.now();
      setLinked(ctx, user.id, true);
      return updated(`/users/${user.id}/harvest_credential`);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/users\/(\d+)\/harvest_credential$/,
    handle: (ctx, m) => {
      const user = ownCredentialUser(ctx, m[0]);
      if (ctx.world.credentialOf(user.id) === null) throw notFound("You have no Harvest credential");
      ctx.world.state.credentials = ctx.world.state.credentials.filter((c) => c.userId !== user.id);
      // Deleting the credential unlinks every membership: the user's DayEntries leave the feeds.
      setLinked(ctx, user.id, false);
      return ok({ changed: true });
    },
  },
];
