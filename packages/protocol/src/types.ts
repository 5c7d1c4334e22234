/**
 * The API layer's public surface. Services depend on these interfaces only; `coop-client.ts` and
 * `harvest-client.ts` implement them over the undici transport. Every method resolves to a
 * `Result`: it never throws for anything the network or a server can do.
 */
import type { ApiResult } from "./errors";
import type {
  HarvestClientV2,
  HarvestClientV2Input,
  HarvestCompany,
  HarvestContactV2,
  HarvestContactV2Input,
  HarvestIdentity,
  HarvestMe,
  HarvestProjectAssignment,
  HarvestTimeEntry,
  HarvestTimeEntryInput,
  HarvestTimeEntryPatch,
  HarvestTimeEntryQuery,
  HarvestV2Auth,
} from "./harvest-v2";
import type {
  CalendarDate,
  Client,
  ClientInput,
  Contact,
  ContactInput,
  CoopToken,
  Group,
  GroupAgenda,
  HarvestCredential,
  HarvestDayEntry,
  HarvestLogin,
  IssuedCoopToken,
  Member,
  RateLimitStatus,
  Status,
  UserAgenda,
  Invitation,
  UserProfile,
  WhoAmI,
  WireFormat,
} from "./models";

/** Interactive calls (the user is waiting) go ahead of background ones (polling) in the governor. */
export type Priority = "interactive" | "background";

export interface CallOptions {
  readonly priority?: Priority;
  /** Fail with `throttled` at once instead of waiting out a throttle lockout. */
  readonly noWait?: boolean;
  readonly signal?: AbortSignal;
}

interface Conditional<T> {
  /** False when the server answered 304 Not Modified to `ifNoneMatch`. */
  readonly modified: boolean;
  readonly value: T | null;
  readonly etag: string | null;
}

/**
 * How a Co-op client signs in: with the password (HTTP Basic: every Co-op server) or with a token the
 * server issued (Bearer: docs/coop-api.md §2.5). The caller chooses; the client only sends it.
 */
export type CoopCredentials =
  | { readonly serverUrl: string; readonly email: string; readonly password: string }
  | { readonly serverUrl: string; readonly email: string; readonly token: string };

export type CoopTokenKind = "personal" | "device";

export interface CoopClient {
  readonly format: WireFormat;

  // Groups (docs/coop-api.md §5)
  listGroups(options?: CallOptions): Promise<ApiResult<Group[]>>;
  /** §5.3; returns the new id from `Location`. */
  createGroup(
    input: { name: string; timezone: string; memberEmails: readonly string[] },
    options?: CallOptions,
  ): Promise<ApiResult<number>>;
  updateGroup(
    groupId: number,
    input: { name: string; timezone: string },
    options?: CallOptions,
  ): Promise<ApiResult<void>>;
  changeGroupOwner(groupId: number, newOwnerId: number, options?: CallOptions): Promise<ApiResult<void>>;
  deleteGroup(groupId: number, options?: CallOptions): Promise<ApiResult<void>>;
  /** The members with their membership ids where the server lists them (docs/coop-api.md §7.2). */
  listMembers(groupId: number, options?: CallOptions): Promise<ApiResult<Member[]>>;
  /** Adds people by email: users join at once, other addresses get an invitation (docs/coop-api.md §7.3). */
  addMembers(groupId: number, emails: readonly string[], options?: CallOptions): Promise<ApiResult<void>>;
  /** Removes a membership: one's own (leaving), or anyone's for the owner (docs/coop-api.md §7.4). */
  removeMembership(groupId: number, membershipId: number, options?: CallOptions): Promise<ApiResult<void>>;

  // Invitations (docs/coop-api.md §8.4): consent before membership.
  /** The signed-in user's pending invitations; `notFound` from servers that predate consent. */
  listInvitations(options?: CallOptions): Promise<ApiResult<Invitation[]>>;
  answerInvitation(invitationId: number, accept: boolean, options?: CallOptions): Promise<ApiResult<void>>;

  // Statuses (docs/coop-api.md §6)
  /** §6.2 (latest 50, newest first), with a conditional GET when `ifNoneMatch` is given. */
  latestStatuses(
    groupId: number,
    options?: CallOptions & { ifNoneMatch?: string | null },
  ): Promise<ApiResult<Conditional<Status[]>>>;
  /** §6.3: every status of one day. */
  statusesOfDay(groupId: number, day: CalendarDate, options?: CallOptions): Promise<ApiResult<Status[]>>;
  /** §6.4–6.5: one member's statuses, optionally of one day. */
  memberStatuses(
    groupId: number,
    userId: number,
    day: CalendarDate | null,
    options?: CallOptions,
  ): Promise<ApiResult<Status[]>>;
  /** §6.7; returns the new status id from `Location`. Never retried here. */
  postNote(groupId: number, text: string, options?: CallOptions): Promise<ApiResult<number>>;
  getStatus(statusId: number, options?: CallOptions): Promise<ApiResult<Status>>;

  // Agendas (docs/coop-api.md §9)
  groupAgenda(groupId: number, options?: CallOptions): Promise<ApiResult<GroupAgenda>>;
  userAgendas(groupId: number, options?: CallOptions): Promise<ApiResult<UserAgenda[]>>;
  myAgenda(groupId: number, options?: CallOptions): Promise<ApiResult<UserAgenda>>;
  updateGroupAgenda(groupId: number, agenda: string, options?: CallOptions): Promise<ApiResult<void>>;
  updateMyAgenda(groupId: number, agenda: string, options?: CallOptions): Promise<ApiResult<void>>;

  // Users (docs/coop-api.md §10)
  getUser(userId: number, options?: CallOptions): Promise<ApiResult<UserProfile>>;
  /**
   * Finds the signed-in user's id: Co-op has no "who am I", so this matches the login email among
   * the members of the user's groups. `identity`-less: resolves to `notFound` with a clear message
   * when the user belongs to no group that lists them.
   */
  whoAmI(options?: CallOptions): Promise<ApiResult<Member>>;

  // Harvest credential (docs/coop-api.md §11)
  getHarvestCredential(userId: number, options?: CallOptions): Promise<ApiResult<HarvestCredential | null>>;
  createHarvestCredential(userId: number, login: HarvestLogin, options?: CallOptions): Promise<ApiResult<void>>;
  updateHarvestCredential(userId: number, login: HarvestLogin, options?: CallOptions): Promise<ApiResult<void>>;
  deleteHarvestCredential(userId: number, options?: CallOptions): Promise<ApiResult<void>>;
  /** Asks the server to gather the user's time entries now (a timer started or stopped here), §11.7. */
  gatherNow(userId: number, options?: CallOptions): Promise<ApiResult<void>>;

  // Tokens and the password (docs/coop-api.md §2.5, §10.2)
  /** Makes a token (signed in with the password); null when the server has no tokens (404/405: old servers). */
  createToken(name: string, kind: CoopTokenKind, options?: CallOptions): Promise<ApiResult<IssuedCoopToken | null>>;
  listTokens(options?: CallOptions): Promise<ApiResult<CoopToken[]>>;
  revokeToken(tokenId: number, options?: CallOptions): Promise<ApiResult<void>>;
  /** Revokes the token this client signs in with (sign-out). */
  revokeCurrentToken(options?: CallOptions): Promise<ApiResult<void>>;
  changePassword(userId: number, current: string, next: string, options?: CallOptions): Promise<ApiResult<void>>;
}

export interface HarvestClient {
  readonly format: WireFormat;
  readonly subdomain: string;

  whoAmI(options?: CallOptions): Promise<ApiResult<WhoAmI>>;
  rateLimitStatus(options?: CallOptions): Promise<ApiResult<RateLimitStatus>>;
  /**
   * The user's own timesheet for one day (`GET /daily/{day_of_year}/{year}`). v1 has no
   * `updated_since` here: a caller keeping a copy re-reads recent days.
   */
  dailyTimesheet(day: CalendarDate, options?: CallOptions): Promise<ApiResult<HarvestDayEntry[]>>;

  /** docs/harvest.md §4.2; `updatedSince` is an instant, sent as UTC `YYYY-MM-DD HH:MM`. */
  listClients(options?: CallOptions & { updatedSince?: Date | null }): Promise<ApiResult<Client[]>>;
  getClient(id: number, options?: CallOptions): Promise<ApiResult<Client>>;
  /** docs/harvest.md §4.2; the new id from `Location`. */
  createClient(input: ClientInput, options?: CallOptions): Promise<ApiResult<number>>;
  updateClient(id: number, input: Partial<ClientInput>, options?: CallOptions): Promise<ApiResult<void>>;
  /** docs/harvest.md §4.2; `validation` with the server's `Hint` when the client still has active projects. */
  toggleClient(id: number, options?: CallOptions): Promise<ApiResult<void>>;
  deleteClient(id: number, options?: CallOptions): Promise<ApiResult<void>>;

  listContacts(
    options?: CallOptions & { clientId?: number | null; updatedSince?: Date | null },
  ): Promise<ApiResult<Contact[]>>;
  getContact(id: number, options?: CallOptions): Promise<ApiResult<Contact>>;
  createContact(input: ContactInput, options?: CallOptions): Promise<ApiResult<number>>;
  updateContact(id: number, input: Partial<ContactInput>, options?: CallOptions): Promise<ApiResult<void>>;
  deleteContact(id: number, options?: CallOptions): Promise<ApiResult<void>>;
}

/** Options for v2 lists: every page is read (following `links.next`); `perPage` 1–2000, default 2000. */
export interface ListOptions extends CallOptions {
  readonly perPage?: number;
}

/**
 * Harvest API v2 for one account (api.md §4). Lists return every page. Writes return the record as
 * Harvest answered it (use its `id`: a restart on a timestamp account makes a new entry).
 */
export interface HarvestV2Client {
  readonly accountId: number;

  company(options?: CallOptions): Promise<ApiResult<HarvestCompany>>;
  me(options?: CallOptions): Promise<ApiResult<HarvestMe>>;
  /** `GET /v2/users/me/project_assignments`: the projects and tasks the user may track time on. */
  myProjectAssignments(options?: ListOptions): Promise<ApiResult<HarvestProjectAssignment[]>>;

  listClients(
    options?: ListOptions & { isActive?: boolean | null; updatedSince?: Date | string | null },
  ): Promise<ApiResult<HarvestClientV2[]>>;
  getClient(id: number, options?: CallOptions): Promise<ApiResult<HarvestClientV2>>;
  createClient(input: HarvestClientV2Input, options?: CallOptions): Promise<ApiResult<HarvestClientV2>>;
  updateClient(
    id: number,
    input: Partial<HarvestClientV2Input>,
    options?: CallOptions,
  ): Promise<ApiResult<HarvestClientV2>>;
  /** `PATCH {"is_active": …}`: v2's archive and restore. */
  setClientActive(id: number, active: boolean, options?: CallOptions): Promise<ApiResult<HarvestClientV2>>;
  /** `validation` (422) with Harvest's message while the client has projects, invoices or estimates. */
  deleteClient(id: number, options?: CallOptions): Promise<ApiResult<void>>;

  listContacts(
    options?: ListOptions & { clientId?: number | null; updatedSince?: Date | string | null },
  ): Promise<ApiResult<HarvestContactV2[]>>;
  getContact(id: number, options?: CallOptions): Promise<ApiResult<HarvestContactV2>>;
  createContact(input: HarvestContactV2Input, options?: CallOptions): Promise<ApiResult<HarvestContactV2>>;
  updateContact(
    id: number,
    input: Partial<HarvestContactV2Input>,
    options?: CallOptions,
  ): Promise<ApiResult<HarvestContactV2>>;
  deleteContact(id: number, options?: CallOptions): Promise<ApiResult<void>>;

  /** `GET /v2/time_entries` with filters (e.g. `{userId, from, to}` for a day, `updatedSince` for changes). */
  listTimeEntries(query?: HarvestTimeEntryQuery, options?: ListOptions): Promise<ApiResult<HarvestTimeEntry[]>>;
  /** The running entry (`is_running=true`) of a user (default: anyone the token sees), or null. */
  runningTimeEntry(userId?: number, options?: CallOptions): Promise<ApiResult<HarvestTimeEntry | null>>;
  getTimeEntry(id: number, options?: CallOptions): Promise<ApiResult<HarvestTimeEntry>>;
  /** Starts a timer when `hours` (duration accounts) or `endedTime` (timestamp accounts) is left out. */
  createTimeEntry(input: HarvestTimeEntryInput, options?: CallOptions): Promise<ApiResult<HarvestTimeEntry>>;
  updateTimeEntry(
    id: number,
    patch: HarvestTimeEntryPatch,
    options?: CallOptions,
  ): Promise<ApiResult<HarvestTimeEntry>>;
  stopTimeEntry(id: number, options?: CallOptions): Promise<ApiResult<HarvestTimeEntry>>;
  restartTimeEntry(id: number, options?: CallOptions): Promise<ApiResult<HarvestTimeEntry>>;
  deleteTimeEntry(id: number, options?: CallOptions): Promise<ApiResult<void>>;
}

/** Harvest ID: the accounts a token reaches (no account id needed). */
export interface HarvestIdClient {
  accounts(options?: CallOptions): Promise<ApiResult<HarvestIdentity>>;
}

/** What the throttle governor reports to the UI. */
export interface GovernorState {
  readonly key: string;
  readonly queued: number;
  /** Epoch ms until which nothing is sent, or null. */
  readonly lockedUntil: number | null;
}

export interface ApiFactoryOptions {
  /** Harvest base URL with `{subdomain}`; default `https://{subdomain}.harvestapp.com`. The sandbox: `<url>/harvest/{subdomain}`. */
  readonly harvestUrlTemplate?: string;
  /** Clock for the governor and backoff; tests may pass a fake. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Harvest v2's base, including `/v2`; default `https://api.harvestapp.com/v2`.
   * The sandbox: `<url>/harvest-api/v2`.
   */
  readonly harvestApiUrl?: string;
  /** Harvest ID's base; default `https://id.getharvest.com`. The sandbox: `<url>/harvest-id`. */
  readonly harvestIdUrl?: string;
  /** Throttle a Co-op server too (off by default): calls per window, window in ms. */
  readonly coopThrottle?: { readonly maxCalls: number; readonly windowMs: number } | null;
}

/**
 * Builds API clients that share one pooled dispatcher per origin and one throttle governor per
 * Harvest account (`subdomain`) and per Co-op server. Implemented in `index.ts` as
 * `createApiFactory(options)`.
 */
export interface ApiFactory {
  coop(credentials: CoopCredentials, format: WireFormat): CoopClient;
  harvest(login: HarvestLogin, format: WireFormat): HarvestClient;
  /** Harvest v2 on one account; one governor per account (and API origin) whatever the token. */
  harvestV2(auth: HarvestV2Auth): HarvestV2Client;
  /** Harvest ID for a token (listing its accounts). */
  harvestId(token: string): HarvestIdClient;
  /** Governor state changes (queued, locked until) for the UI; returns an unsubscribe. */
  onGovernorState(listener: (state: GovernorState & { readonly service: "coop" | "harvest" }) => void): () => void;
  /** Closes every pooled connection. */
  close(): Promise<void>;
}
