/**
 * The IPC contract: every call the renderer can make (name, argument, result) and every event main
 * can send. Main, preload and renderer import it (shared/ holds only what all three may import:
 * this contract, models, errors, time zones, the CSP and the http(s) check); nothing else crosses
 * the boundary.
 *
 * - Calls are split by who answers them: `ServiceCalls` here are answered by the services
 *   (main/services, main/app); `WindowCalls` (shared/window-calls.ts) by the Electron shell, or by
 *   the dev bridge in a browser. Each call is answered in exactly one place.
 * - A call takes one argument object (or `void`) and resolves to `Result<T>`: never a throw, never
 *   a secret. Main validates every argument with the schema in `main/ipc/schemas.ts` first, and the
 *   dispatcher (main/ipc/dispatch.ts) is the one place that catches what a handler throws.
 * - Events carry what changed (e.g. `feedUpdated` carries the new feed), so the page never has to
 *   ask again to learn it.
 * - Over Electron a call travels on channel `coop:<name>` (`ipcRenderer.invoke`); in the dev
 *   preview over the dev bridge (dev/, never shipped) as `{ id, call, args }` on a local WebSocket.
 *   Events travel on `coop-event:<name>`.
 */
import type { AppError, Result } from "./errors";
import { WINDOW_CALL_NAMES, type WindowCalls } from "./window-calls";
import type { HarvestTimeEntry } from "@coop-tray/protocol/harvest-v2";
import type {
  HarvestConnectOutcome,
  HarvestDayView,
  HarvestTaskOption,
  HarvestWeekView,
  TimeEntryAdd,
  TimeEntryEdit,
  HarvestV2State,
  IdleChoice,
  IdlePrompt,
  RunningTimer,
} from "./harvest-v2-state";
import type {
  CalendarDate,
  Client,
  Contact,
  CoopToken,
  Group,
  GroupAgenda,
  HarvestCredential,
  Invitation,
  Member,
  Status,
  UserAgenda,
  WhoAmI,
  WireFormat,
} from "@coop-tray/protocol/models";

export interface Settings {
  /** Feed polling interval in seconds (15–3600). */
  readonly pollIntervalSeconds: number;
  readonly notifications: boolean;
  readonly launchAtLogin: boolean;
  /** An Electron accelerator, e.g. "CommandOrControl+Shift+Space"; "" disables it. */
  readonly globalShortcut: string;
  readonly format: WireFormat;
  /** Groups whose new statuses raise no notification (they still count as unread). */
  readonly mutedGroupIds: readonly number[];
  /** With a Harvest timer running, ask about idle time (and how many minutes count as idle, 1–240). */
  readonly idleDetection: boolean;
  readonly idleMinutes: number;
  /** Check for, download and install updates of the app itself (where the app updates itself). */
  readonly autoUpdate: boolean;
}

/**
 * The settings a new install starts with; the global shortcut is macOS's here, and differs by
 * platform (`defaultSettings`).
 */
export const DEFAULT_SETTINGS: Settings = {
  pollIntervalSeconds: 60,
  notifications: true,
  launchAtLogin: false,
  globalShortcut: "CommandOrControl+Shift+Space",
  format: "xml",
  mutedGroupIds: [],
  idleDetection: true,
  idleMinutes: 10,
  autoUpdate: true,
};

/**
 * The global shortcut a new install starts with (a saved choice is never replaced by it). ⇧⌘Space
 * on macOS; elsewhere Ctrl+Shift+Space belongs to VS Code (parameter hints), Word (non-breaking
 * space) and Excel (select all), so Windows and Linux take Ctrl+Alt+Space: the same Space, with
 * Alt for Shift, and bound neither by Windows, GNOME or KDE nor by those apps.
 */
export function defaultGlobalShortcut(platform: string): string {
  return platform === "darwin" ? DEFAULT_SETTINGS.globalShortcut : "CommandOrControl+Alt+Space";
}

/** The settings a new install starts with on `platform` (Node's `process.platform`). */
export function defaultSettings(platform: string): Settings {
  return { ...DEFAULT_SETTINGS, globalShortcut: defaultGlobalShortcut(platform) };
}

/** The signed-in account as the renderer may see it: no secrets. */
export interface AccountSummary {
  readonly serverUrl: string;
  readonly email: string;
  /** Co-op has no "who am I": found by matching the email among group members; null until found. */
  readonly userId: number | null;
  /** Full name when known, else the email. */
  readonly name: string;
  /** A device token (docs/coop-api.md §2.5) or, on servers without tokens, the password is kept in the keychain. */
  readonly signedInWith: "token" | "password";
  /** Set when the user linked a Harvest account in Co-op. */
  readonly harvest: {
    readonly subdomain: string;
    readonly email: string;
    /**
     * False when Co-op has the link but this computer's keychain has no Harvest password for it
     * (linked on another computer, or signed out and in again here): Harvest is not usable here
     * until it is entered once.
     */
    readonly passwordSaved: boolean;
  } | null;
}

export interface ThrottleState {
  /** Epoch ms until which no call goes to the throttled server, or null. */
  readonly lockedUntil: number | null;
  readonly queued: number;
}

export interface ConnectionState {
  readonly online: boolean;
  /** Co-op server throttle (rarely used) and the Harvest account's. */
  readonly coopThrottle: ThrottleState;
  readonly harvestThrottle: ThrottleState;
  /** Epoch ms of the last successful sync of any feed. */
  readonly lastSyncedAt: number | null;
}

export interface AppState {
  readonly account: AccountSummary | null;
  readonly connection: ConnectionState;
  readonly settings: Settings;
  /** One-off messages for the user, e.g. "Your saved data could not be read and was reset." */
  readonly notices: readonly string[];
  /** The server URL to pre-fill in the sign-in form (the sandbox's in preview and demo), when set. */
  readonly defaultServerUrl?: string;
}

export interface GroupSummary {
  readonly group: Group;
  readonly unread: number;
  readonly lastSyncedAt: number | null;
}

export interface FeedQuery {
  readonly groupId: number;
  /** A day in the group's zone, or null for the latest 50. */
  readonly date: CalendarDate | null;
  /** Only this member's statuses, or null for everyone. */
  readonly userId: number | null;
}

export interface FeedView {
  readonly query: FeedQuery;
  /** Newest first. */
  readonly statuses: readonly Status[];
  /** Epoch ms the feed was last fetched from the server, or null if never. */
  readonly lastSyncedAt: number | null;
  /** True when the server could not be reached and this is the cached copy. */
  readonly fromCache: boolean;
  /** Why the refresh failed, when it did. */
  readonly error: AppError | null;
}

type OutboxState = "queued" | "sending" | "sent" | "failed";

export interface OutboxItem {
  readonly id: string;
  readonly groupId: number;
  readonly text: string;
  readonly state: OutboxState;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly attempts: number;
  /** Epoch ms of the next automatic attempt, when one is scheduled. */
  readonly nextAttemptAt: number | null;
  /** Why the last attempt failed. */
  readonly lastError: AppError | null;
  /** The Co-op status id once sent. */
  readonly statusId: number | null;
  /**
   * A send may have reached the server and is checked before any other: until then the note can be
   * neither edited nor discarded (either could post it twice, or "cancel" a note already posted).
   */
  readonly mayHaveArrived: boolean;
}

/** One of the user's groups a time entry may be shared to. */
export interface ShareTarget {
  readonly groupId: number;
  readonly name: string;
  /**
   * What the group's feed already holds: the time entry itself (Co-op gathered it from Harvest), the
   * same note (shared before, or waiting to be sent), or neither. Either way sharing there is refused.
   */
  readonly already: "entry" | "note" | null;
}

export interface ShareTimerOptions {
  /** The note exactly as it would be posted unless the user changes it. */
  readonly text: string;
  /** The user's groups, in the order of their group list. */
  readonly groups: readonly ShareTarget[];
}

/** Text typed in a group's composer and not posted yet. */
export interface Draft {
  readonly groupId: number;
  readonly text: string;
}

export interface SignInInput {
  readonly serverUrl: string;
  readonly email: string;
  readonly password: string;
}

export interface HarvestLoginInput {
  readonly subdomain: string;
  readonly email: string;
  readonly password: string;
}

export interface GroupInput {
  readonly name: string;
  readonly timezone: string;
}

export interface ClientFields {
  readonly name: string;
  readonly details: string | null;
  readonly currency: string | null;
  readonly currencySymbol: string | null;
}

export interface AgendaView {
  readonly group: GroupAgenda;
  readonly mine: UserAgenda;
}

/** Every call the services answer: `[argument, result]`. */
interface ServiceCalls {
  getState: [void, AppState];
  signIn: [SignInInput, AccountSummary];
  signOut: [void, null];

  getHarvestCredential: [void, HarvestCredential | null];
  linkHarvest: [HarvestLoginInput, HarvestCredential];
  updateHarvest: [HarvestLoginInput, HarvestCredential];
  unlinkHarvest: [void, null];
  /** Checks the stored Harvest login directly against Harvest (`who_am_i`). */
  verifyHarvest: [void, WhoAmI];

  /** The signed-in user's Co-op tokens (docs/coop-api.md §2.5); `current` marks this computer's. */
  listTokens: [void, readonly CoopToken[]];
  revokeToken: [{ readonly tokenId: number }, null];
  /** docs/coop-api.md §10.2: other tokens are revoked; this computer stays signed in. */
  changePassword: [{ readonly currentPassword: string; readonly newPassword: string }, null];

  /** The cached list when it was fetched moments ago (the feed's boot path). */
  listGroups: [void, readonly GroupSummary[]];
  /** Always asks Co-op (the Refresh button); the cached list when offline or throttled. */
  refreshGroups: [void, readonly GroupSummary[]];
  createGroup: [GroupInput & { readonly memberEmails: readonly string[] }, Group];
  updateGroup: [GroupInput & { readonly groupId: number }, Group];
  changeGroupOwner: [{ readonly groupId: number; readonly newOwnerId: number }, null];
  deleteGroup: [{ readonly groupId: number }, null];
  listMembers: [{ readonly groupId: number }, readonly Member[]];
  /** Adds people by email (they join, or are invited); answers the member list. */
  inviteMembers: [{ readonly groupId: number; readonly emails: readonly string[] }, readonly Member[]];
  /** The owner removes a member, or a member leaves (their own membership); answers the member list. */
  removeMember: [{ readonly groupId: number; readonly membershipId: number }, readonly Member[]];
  /** Invitations waiting for the signed-in user's answer (nobody joins a group without consent). */
  listInvitations: [void, readonly Invitation[]];
  answerInvitation: [{ readonly invitationId: number; readonly accept: boolean }, null];

  /** Cached feed right away when there is one; see `refreshFeed` for a network round trip. */
  getFeed: [FeedQuery, FeedView];
  refreshFeed: [FeedQuery, FeedView];
  markSeen: [{ readonly groupId: number }, null];

  postNote: [{ readonly groupId: number; readonly text: string }, OutboxItem];
  listOutbox: [void, readonly OutboxItem[]];
  retryNote: [{ readonly id: string }, OutboxItem];
  editNote: [{ readonly id: string; readonly text: string }, OutboxItem];
  discardNote: [{ readonly id: string }, null];
  /** The signed-in user's unposted composer texts, one per group. */
  listDrafts: [void, readonly Draft[]];
  /** Keeps a group's composer text across tabs and restarts; blank text removes it. */
  saveDraft: [Draft, null];

  getAgendas: [{ readonly groupId: number }, AgendaView];
  updateGroupAgenda: [{ readonly groupId: number; readonly agenda: string }, GroupAgenda];
  updateMyAgenda: [{ readonly groupId: number; readonly agenda: string }, UserAgenda];

  listClients: [{ readonly refresh: boolean }, readonly Client[]];
  createClient: [ClientFields, Client];
  updateClient: [Partial<ClientFields> & { readonly id: number }, Client];
  toggleClient: [{ readonly id: number }, Client];
  deleteClient: [{ readonly id: number }, null];
  listContacts: [{ readonly clientId: number }, readonly Contact[]];

  getSettings: [void, Settings];
  updateSettings: [Partial<Settings>, Settings];

  /** Harvest API v2: the token link (never the token), where tokens are made, which API Clients uses. */
  getHarvestV2: [void, HarvestV2State];
  /** Lists the token's Harvest accounts; links the only one, or asks which (`chooseHarvestAccount`). */
  connectHarvestV2: [{ readonly token: string }, HarvestConnectOutcome];
  chooseHarvestAccount: [{ readonly accountId: number }, HarvestConnectOutcome];
  /** Forgets the link and removes the token from the keychain. */
  disconnectHarvestV2: [void, null];
  /** Today's entries, the running one first (`refresh` asks Harvest even when just read). */
  getTimers: [{ readonly refresh: boolean }, HarvestDayView];
  /** The project/task pairs the user may track on, recent pairs first. */
  listTaskOptions: [{ readonly refresh: boolean }, readonly HarvestTaskOption[]];
  /** Starts a timer today (Harvest stops the one running). */
  startTimer: [
    { readonly projectId: number; readonly taskId: number; readonly notes: string | null },
    HarvestTimeEntry,
  ];
  stopTimer: [{ readonly entryId: number }, HarvestTimeEntry];
  /** On timestamp accounts Harvest restarts into a new entry: the result carries its id. */
  restartTimer: [{ readonly entryId: number }, HarvestTimeEntry];
  editTimerNotes: [{ readonly entryId: number; readonly notes: string }, HarvestTimeEntry];
  /** The Monday-to-Sunday week around `day` (today when null): day totals and that day's entries. */
  getTimeWeek: [{ readonly day: CalendarDate | null }, HarvestWeekView];
  /** Adds a stopped entry by duration on a day (duration accounts). */
  addTimeEntry: [TimeEntryAdd, HarvestTimeEntry];
  /** Changes an entry's project, task, notes and (stopped, duration accounts) hours. */
  editTimeEntry: [TimeEntryEdit, HarvestTimeEntry];
  deleteTimeEntry: [{ readonly entryId: number }, null];
  /** The answer to an idle or sleep question (`idlePrompt`). */
  answerIdle: [{ readonly promptId: number; readonly choice: IdleChoice }, null];
  /** Where today's time entry may be shared, and the note it becomes (the feeds are read first). */
  shareTimerOptions: [{ readonly entryId: number }, ShareTimerOptions];
  /**
   * Posts today's time entry to one of the user's groups as a note (`text`, shown in full first);
   * refused where the group's feed already shows the entry or the same note.
   */
  shareTimer: [{ readonly groupId: number; readonly entryId: number; readonly text: string }, OutboxItem];
}

/** Every call, whoever answers it. */
type Calls = ServiceCalls & WindowCalls;
export type ServiceCallName = keyof ServiceCalls;
type WindowCallName = keyof WindowCalls;

export type CallName = keyof Calls;
export type CallArgs<K extends CallName> = Calls[K][0];
type CallValue<K extends CallName> = Calls[K][1];
export type CallResult<K extends CallName> = Result<CallValue<K>>;

/** Every event main sends: its payload. */
export interface Events {
  /** Anything in `AppState` changed (account, connection, settings, notices). */
  stateChanged: AppState;
  /** Groups or unread counts changed. */
  groupsChanged: readonly GroupSummary[];
  /**
   * A group's latest feed changed on the server (new, edited or removed statuses): the new view,
   * so the page shows it without asking again. Days and member views are not polled.
   */
  feedUpdated: { readonly groupId: number; readonly newStatuses: number; readonly feed: FeedView };
  outboxChanged: readonly OutboxItem[];
  /** The server says an invitation to the user came (live stream, docs/coop-api.md §15.1): read them again. */
  invitationsChanged: null;
  /** The global shortcut or tray menu asks for the composer. */
  openComposer: null;
  /** The tray menu asks for a view. */
  navigate: { readonly view: "feed" | "settings" };
  /** The Harvest v2 link changed (connected, account chosen, disconnected). */
  harvestV2Changed: HarvestV2State;
  /** Today's timers were read again or changed. */
  timersChanged: HarvestDayView;
  /** The running timer (or none), for the tray and the page. */
  runningTimer: RunningTimer | null;
  /** A question after idle time or a sleep while a timer ran; null when it is gone. */
  idlePrompt: IdlePrompt | null;
  /**
   * The popup was shown or hidden (sent by the shell, and again after every page load). A hidden
   * Electron window keeps `document.visibilityState` at "visible" (it is created hidden and never
   * throttled), so the page learns it from here; in a browser the document's state is right.
   */
  windowVisibility: { readonly visible: boolean };
  /** What the shell knows of the app itself, for Settings' About (sent after every page load and on change). */
  shellInfo: ShellInfo;
}

export interface ShellInfo {
  /** The log file's path (secrets removed from every line), or null when there is none (development). */
  readonly logFile: string | null;
  /** The version of an update that is downloaded and installs when the app quits, or null. */
  readonly updateReady: string | null;
}

export type EventName = keyof Events;

/** The runtime lists preload and the bridge build their verbs from; typed to match the interfaces. */
export const SERVICE_CALL_NAMES = [
  "getState",
  "signIn",
  "signOut",
  "getHarvestCredential",
  "linkHarvest",
  "updateHarvest",
  "unlinkHarvest",
  "verifyHarvest",
  "listTokens",
  "revokeToken",
  "changePassword",
  "listGroups",
  "refreshGroups",
  "createGroup",
  "updateGroup",
  "changeGroupOwner",
  "deleteGroup",
  "listMembers",
  "inviteMembers",
  "removeMember",
  "listInvitations",
  "answerInvitation",
  "getFeed",
  "refreshFeed",
  "markSeen",
  "postNote",
  "listOutbox",
  "retryNote",
  "editNote",
  "discardNote",
  "listDrafts",
  "saveDraft",
  "getAgendas",
  "updateGroupAgenda",
  "updateMyAgenda",
  "listClients",
  "createClient",
  "updateClient",
  "toggleClient",
  "deleteClient",
  "listContacts",
  "getSettings",
  "updateSettings",
  "getHarvestV2",
  "connectHarvestV2",
  "chooseHarvestAccount",
  "disconnectHarvestV2",
  "getTimers",
  "listTaskOptions",
  "startTimer",
  "stopTimer",
  "restartTimer",
  "editTimerNotes",
  "getTimeWeek",
  "addTimeEntry",
  "editTimeEntry",
  "deleteTimeEntry",
  "answerIdle",
  "shareTimerOptions",
  "shareTimer",
] as const satisfies readonly ServiceCallName[];

export const CALL_NAMES = [...SERVICE_CALL_NAMES, ...WINDOW_CALL_NAMES] as const;

export const EVENT_NAMES = [
  "stateChanged",
  "groupsChanged",
  "feedUpdated",
  "outboxChanged",
  "invitationsChanged",
  "openComposer",
  "navigate",
  "harvestV2Changed",
  "timersChanged",
  "runningTimer",
  "idlePrompt",
  "windowVisibility",
  "shellInfo",
] as const satisfies readonly EventName[];

// Compile-time proof that the runtime lists name every entry of the interfaces.
type Missing<All extends string, Listed extends string> = Exclude<All, Listed>;
const everyCallListed: Missing<ServiceCallName, (typeof SERVICE_CALL_NAMES)[number]> extends never ? true : never =
  true;
const everyWindowCallListed: Missing<WindowCallName, (typeof WINDOW_CALL_NAMES)[number]> extends never ? true : never =
  true;
const everyEventListed: Missing<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never = true;
void everyCallListed;
void everyWindowCallListed;
void everyEventListed;

export const callChannel = (name: CallName): `coop:${CallName}` => `coop:${name}`;
export const eventChannel = (name: EventName): `coop-event:${EventName}` => `coop-event:${name}`;

/** A listener gets the payload only (never an IPC event object) and returns an unsubscribe. */
export type Unsubscribe = () => void;

/** What the renderer sees as `window.coop`, whichever transport carries it. */
export type CoopApi = {
  readonly [K in CallName]: CallArgs<K> extends void
    ? () => Promise<CallResult<K>>
    : (args: CallArgs<K>) => Promise<CallResult<K>>;
} & {
  readonly on: { readonly [E in EventName]: (listener: (payload: Events[E]) => void) => Unsubscribe };
};

/** Main-side implementation of some calls (already validated input). */
type HandlersOf<Names extends CallName> = {
  readonly [K in Names]: (args: CallArgs<K>) => Promise<CallResult<K>>;
};
/** What the services answer (main/app/service-handlers.ts). */
export type ServiceHandlers = HandlersOf<ServiceCallName>;
/** What the shell, or the dev bridge, answers. */
export type WindowHandlers = HandlersOf<WindowCallName>;
/** Every call: what the dispatcher is built from. */
export type CallHandlers = ServiceHandlers & WindowHandlers;

/** The longest text and single line that cross the boundary: the protocol's limits, which the server enforces too. */
export { MAX_LINE_LENGTH, MAX_TEXT_LENGTH } from "@coop-tray/protocol/rules";
