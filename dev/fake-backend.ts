/**
 * A dev-only, in-memory implementation of the service calls, for screenshots of states that are
 * hard to reach against a live server (throttled, failed notes, a 1,000-status feed) and for the
 * renderer benchmark, which measures the UI rather than the services. The end-to-end journeys never
 * use it: they run against the real services and the sandbox.
 */
import type {
  AppState,
  EventName,
  Events,
  FeedView,
  GroupSummary,
  HarvestLoginInput,
  OutboxItem,
  ServiceHandlers,
  Settings,
  Unsubscribe,
} from "../shared/contract";
import { DEFAULT_SETTINGS, SERVICE_CALL_NAMES } from "../shared/contract";
import { err, ok, type AppError, type Result } from "../shared/errors";
import type { Client, Group, HarvestCredential, Invitation, Member, Status } from "@coop-tray/protocol/models";
import { createDispatcher, type Dispatch } from "../main/ipc/dispatch";
import { browserWindowCalls } from "./bridge/window-calls";
import { collectFirstFrame } from "../main/app/first-frame";
import type { FirstFrame } from "../shared/first-frame";

export interface FakeScene {
  signedIn: boolean;
  online: boolean;
  /** Epoch ms the Harvest throttle lifts, or null. */
  harvestLockedUntil: number | null;
  harvestLinked: boolean;
  /** Statuses per group for the latest feed. */
  statusCount: number;
  outbox: OutboxItem[];
  /** Milliseconds every call takes. */
  latencyMs: number;
  notices: string[];
  /** Invitations waiting for the signed-in user's answer. */
  invitations: Invitation[];
}

type Listener = (payload: unknown) => void;

const NAMES = ["Basil Fawlty", "Sybil Fawlty", "Polly Sherman", "Manuel", "Major Gowen", "Terry Hughes"];
const TEXTS = [
  "Fixing the hotel sign again. Someone keeps rearranging the letters.",
  "Inspector due Thursday — please keep the kitchen spotless.",
  "Put butter on trays",
  "Ordering more Waldorf salad ingredients. Details: https://example.com/order/42",
  "Fire drill at 11:00, everyone to the front lawn.",
  "Guest in room 12 asked for a quieter room. Moved them to 21.",
];

function makeStatuses(groupId: number, count: number, now: number): Status[] {
  const statuses: Status[] = [];
  for (let i = 0; i < count; i++) {
    const name = NAMES[i % NAMES.length] ?? "Basil Fawlty";
    const user = {
      id: 21 + (i % NAMES.length),
      name,
      email: `${name.split(" ")[0]?.toLowerCase()}@fawltytowers.com`,
      avatarThumbUrl: i % 3 === 0 ? "http://127.0.0.1:9/avatar-missing.png" : null,
    };
    const createdAt = new Date(now - (i * 23 + 2) * 60_000).toISOString();
    if (i % 3 === 1) {
      statuses.push({
        type: "DayEntry",
        id: 1000 + i,
        groupId,
        text: i % 2 ? "Refurbishing the dining room" : "",
        user,
        createdAt,
        updatedAt: null,
        hours: ((i * 37) % 90) / 10 + 0.25,
        client: "City of Torquay",
        project: "Hotel refurbishment",
        task: "Put Butter on Trays",
        spentAt: createdAt.slice(0, 10),
        timerStartedAt: i === 1 ? createdAt : null,
      });
    } else {
      statuses.push({
        type: "Note",
        id: 500 + i,
        groupId,
        text: TEXTS[i % TEXTS.length] ?? "",
        user,
        createdAt,
        updatedAt: null,
      });
    }
  }
  return statuses;
}

const GROUPS: Group[] = [
  {
    id: 25,
    name: "Fawlty Towers",
    timezone: "London",
    createdAt: null,
    updatedAt: null,
    feedKey: null,
    membershipsCount: 4,
    // Basil's (the signed-in user) own group, and one Sybil owns: both kinds of card.
    ownerId: 21,
  },
  {
    id: 34,
    name: "Fawlty Towers - Argentina",
    timezone: "Buenos Aires",
    createdAt: null,
    updatedAt: null,
    feedKey: null,
    membershipsCount: 2,
    ownerId: 22,
  },
];

const MEMBERS: Member[] = NAMES.slice(0, 4).map((name, i) => {
  const [first = name, last = ""] = name.split(" ");
  return {
    id: 21 + i,
    firstName: first,
    lastName: last,
    email: `${first.toLowerCase()}@fawltytowers.com`,
    city: null,
    avatarThumbUrl: null,
    updatedAt: null,
    membershipId: 100 + i,
  };
});

function client(id: number, name: string, active: boolean, details: string | null): Client {
  return {
    id,
    name,
    active,
    details,
    currency: "British Pound - GBP",
    currencySymbol: "£",
    highriseId: null,
    defaultInvoiceTimeframe: null,
    lastInvoiceKind: null,
    createdAt: null,
    updatedAt: null,
  };
}

export interface FakeBackend {
  readonly handlers: ServiceHandlers;
  /** The real dispatcher over these handlers and the dev bridge's window calls. */
  readonly dispatch: Dispatch;
  readonly scene: FakeScene;
  subscribe(event: EventName, listener: Listener): Unsubscribe;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** The popup's first frame, as the app would render it into index.html (the first group's feed). */
  firstFrame(): Promise<FirstFrame | null>;
  /** Calls `listener` when what `firstFrame()` answers may have changed (one of its events fired). */
  onFirstFrameChange(listener: () => void): Unsubscribe;
}

export function createFakeBackend(initial: Partial<FakeScene> = {}, now: () => number = Date.now): FakeBackend {
  const scene: FakeScene = {
    signedIn: true,
    online: true,
    harvestLockedUntil: null,
    harvestLinked: true,
    statusCount: 12,
    outbox: [],
    latencyMs: 0,
    notices: [],
    invitations: [],
    ...initial,
  };
  let settings: Settings = { ...DEFAULT_SETTINGS };
  let groups = [...GROUPS];
  let clients = [
    client(1, "City of Torquay", true, "Torquay Town Hall\nCastle Circus"),
    client(2, "Wedding Party", true, null),
    client(3, "Gourmet Night", false, "Kurt's old restaurant"),
  ];
  const feeds = new Map<number, Status[]>();
  const listeners = new Map<EventName, Set<Listener>>();
  const syncedAt = now() - 4 * 60_000;

  const subscribe = (event: EventName, listener: Listener): Unsubscribe => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  const emit = <E extends EventName>(event: E, payload: Events[E]): void => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const delay = async (): Promise<void> => {
    if (scene.latencyMs > 0) await new Promise((r) => setTimeout(r, scene.latencyMs));
  };
  const state = (): AppState => ({
    account: scene.signedIn
      ? {
          serverUrl: "http://coop.test",
          email: "basil@fawltytowers.com",
          userId: 21,
          name: "Basil Fawlty",
          signedInWith: "token",
          harvest: scene.harvestLinked
            ? { subdomain: "fawlty", email: "basil@fawltytowers.com", passwordSaved: true }
            : null,
        }
      : null,
    connection: {
      online: scene.online,
      coopThrottle: { lockedUntil: null, queued: 0 },
      harvestThrottle: { lockedUntil: scene.harvestLockedUntil, queued: scene.harvestLockedUntil ? 2 : 0 },
      lastSyncedAt: syncedAt,
    },
    settings,
    notices: scene.notices,
  });
  const summaries = (): GroupSummary[] =>
    groups.map((group, i) => ({ group, unread: i === 1 ? 3 : 0, lastSyncedAt: syncedAt }));
  const feedOf = (groupId: number): Status[] => {
    let feed = feeds.get(groupId);
    if (!feed) feeds.set(groupId, (feed = makeStatuses(groupId, scene.statusCount, now())));
    return feed;
  };
  const signedOut = (): { ok: false; error: AppError } => err({ kind: "signedOut", message: "Sign in first." });
  const offline: AppError = { kind: "offline", cause: "refused", message: "Connection refused" };
  const throttled = (): AppError | null =>
    scene.harvestLockedUntil !== null && scene.harvestLockedUntil > now()
      ? {
          kind: "throttled",
          message: "Harvest throttle",
          retryAfterSeconds: Math.ceil((scene.harvestLockedUntil - now()) / 1000),
          until: scene.harvestLockedUntil,
        }
      : null;

  const view = (query: FeedView["query"], fromNetwork: boolean): FeedView => {
    let statuses = feedOf(query.groupId);
    if (query.userId !== null) statuses = statuses.filter((s) => s.user.id === query.userId);
    if (query.date !== null) statuses = statuses.filter((s) => s.createdAt.slice(0, 10) === query.date);
    return {
      query,
      statuses,
      lastSyncedAt: syncedAt,
      fromCache: !scene.online || !fromNetwork,
      error: fromNetwork && !scene.online ? offline : null,
    };
  };

  const linkHarvest = async (input: HarvestLoginInput): Promise<Result<HarvestCredential>> => {
    if (input.password !== "barcelona")
      return err({
        kind: "validation",
        status: 400,
        message: "Harvest rejected the login for fawlty.harvestapp.com.",
        hint: null,
      });
    scene.harvestLinked = true;
    emit("stateChanged", state());
    return ok({ id: 23, email: input.email, subdomain: input.subdomain, userId: 21, createdAt: null, updatedAt: null });
  };

  const answered = {
    getState: async () => (await delay(), ok(state())),
    signIn: async () => {
      await delay();
      scene.signedIn = true;
      emit("stateChanged", state());
      return ok(state().account!);
    },
    signOut: async () => {
      scene.signedIn = false;
      emit("stateChanged", state());
      return ok(null);
    },
    getHarvestCredential: async () =>
      ok(
        scene.harvestLinked
          ? {
              id: 23,
              email: "basil@fawltytowers.com",
              subdomain: "fawlty",
              userId: 21,
              createdAt: null,
              updatedAt: null,
            }
          : null,
      ),
    linkHarvest,
    updateHarvest: linkHarvest,
    unlinkHarvest: async () => {
      scene.harvestLinked = false;
      emit("stateChanged", state());
      return ok(null);
    },
    verifyHarvest: async () => err({ kind: "auth", message: "no" }),
    listGroups: async () => (scene.signedIn ? ok(summaries()) : signedOut()),
    refreshGroups: async () => (scene.signedIn ? ok(summaries()) : signedOut()),
    createGroup: async (input) => {
      const group: Group = {
        id: 100 + groups.length,
        name: input.name,
        timezone: input.timezone,
        createdAt: null,
        updatedAt: null,
        feedKey: null,
        membershipsCount: 1 + input.memberEmails.length,
      };
      groups = [...groups, group];
      emit("groupsChanged", summaries());
      return ok(group);
    },
    updateGroup: async (input) => {
      const group = groups.find((g) => g.id === input.groupId);
      if (!group) return err({ kind: "notFound", message: "No such group." });
      const updated = { ...group, name: input.name, timezone: input.timezone };
      groups = groups.map((g) => (g.id === group.id ? updated : g));
      return ok(updated);
    },
    changeGroupOwner: async () => ok(null),
    deleteGroup: async ({ groupId }) => {
      groups = groups.filter((g) => g.id !== groupId);
      return ok(null);
    },
    listMembers: async () => ok(MEMBERS),
    inviteMembers: async () => ok(MEMBERS),
    removeMember: async () => ok(MEMBERS),
    listDrafts: async () => ok([]),
    saveDraft: async () => ok(null),
    getFeed: async (query) => (await delay(), ok(view(query, false))),
    refreshFeed: async (query) => (await delay(), ok(view(query, true))),
    markSeen: async () => ok(null),
    postNote: async ({ groupId, text }) => {
      const item: OutboxItem = {
        id: `n${scene.outbox.length + 1}`,
        groupId,
        text,
        state: scene.online ? "sending" : "queued",
        createdAt: now(),
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        statusId: null,
        mayHaveArrived: false,
      };
      scene.outbox = [...scene.outbox, item];
      emit("outboxChanged", scene.outbox);
      return ok(item);
    },
    listOutbox: async () => ok(scene.outbox),
    retryNote: async ({ id }) => {
      const item = scene.outbox.find((i) => i.id === id);
      return item ? ok(item) : err({ kind: "notFound", message: "gone" });
    },
    editNote: async ({ id, text }) => {
      const item = scene.outbox.find((i) => i.id === id);
      if (!item) return err({ kind: "notFound", message: "gone" });
      const edited = { ...item, text, state: "queued" as const };
      scene.outbox = scene.outbox.map((i) => (i.id === id ? edited : i));
      emit("outboxChanged", scene.outbox);
      return ok(edited);
    },
    discardNote: async ({ id }) => {
      scene.outbox = scene.outbox.filter((i) => i.id !== id);
      emit("outboxChanged", scene.outbox);
      return ok(null);
    },
    getAgendas: async ({ groupId }) =>
      ok({
        group: {
          groupId,
          agenda: "* Fire drill on Thursday\n* Inspectors due next week\n* Waldorf salad: check the menu",
          agendaHtml: "",
        },
        mine: { userId: 21, agenda: "", agendaHtml: "" },
      }),
    updateGroupAgenda: async ({ groupId, agenda }) => ok({ groupId, agenda, agendaHtml: "" }),
    updateMyAgenda: async ({ agenda }) => ok({ userId: 21, agenda, agendaHtml: "" }),
    listClients: async () => {
      const t = throttled();
      return t ? err(t) : ok(clients);
    },
    createClient: async (fields) => {
      const created = client(10 + clients.length, fields.name, true, fields.details);
      clients = [...clients, created];
      return ok(created);
    },
    updateClient: async (input) => {
      const found = clients.find((c) => c.id === input.id);
      if (!found) return err({ kind: "notFound", message: "gone" });
      const updated = { ...found, ...input };
      clients = clients.map((c) => (c.id === found.id ? updated : c));
      return ok(updated);
    },
    toggleClient: async ({ id }) => {
      if (id === 1)
        return err({
          kind: "validation",
          status: 400,
          message: "Client could not be deactivated.",
          hint: "This client has active projects. Archive them first.",
        });
      const found = clients.find((c) => c.id === id);
      if (!found) return err({ kind: "notFound", message: "gone" });
      const updated = { ...found, active: !found.active };
      clients = clients.map((c) => (c.id === id ? updated : c));
      return ok(updated);
    },
    deleteClient: async ({ id }) => {
      clients = clients.filter((c) => c.id !== id);
      return ok(null);
    },
    listContacts: async ({ clientId }) =>
      ok(
        clientId === 1
          ? [
              {
                id: 1,
                clientId,
                firstName: "Mrs",
                lastName: "Richards",
                email: "richards@example.com",
                title: "Guest",
                phoneOffice: "01803 123456",
                phoneMobile: null,
                fax: null,
                createdAt: null,
                updatedAt: null,
              },
            ]
          : [],
      ),
    listInvitations: async () => (scene.signedIn ? ok(scene.invitations) : signedOut()),
    answerInvitation: async ({ invitationId }) => {
      scene.invitations = scene.invitations.filter((i) => i.id !== invitationId);
      return ok(null);
    },
    getSettings: async () => ok(settings),
    updateSettings: async (patch) => {
      settings = { ...settings, ...patch };
      return ok(settings);
    },
  } satisfies Partial<ServiceHandlers>;

  const handlers = withFallback(answered);
  const value = async <T>(result: Promise<Result<T>>): Promise<T | null> => {
    const settled = await result;
    return settled.ok ? settled.value : null;
  };
  return {
    handlers,
    firstFrame: () =>
      collectFirstFrame({
        state: async () => (await value(handlers.getState())) ?? state(),
        groups: async () => (await value(handlers.listGroups())) ?? [],
        outbox: async () => (await value(handlers.listOutbox())) ?? [],
        cachedLatest: (groupId) => value(handlers.getFeed({ groupId, date: null, userId: null })),
        shownGroupId: () => null,
        now,
      }),
    onFirstFrameChange(listener) {
      const offs = FIRST_FRAME_EVENTS.map((event) => subscribe(event, () => listener()));
      return () => offs.forEach((off) => off());
    },
    dispatch: createDispatcher({ ...handlers, ...browserWindowCalls() }),
    scene,
    emit,
    subscribe,
  };
}

/** The events of everything the first frame is made of. */
const FIRST_FRAME_EVENTS = ["stateChanged", "groupsChanged", "feedUpdated", "outboxChanged"] as const;

/**
 * A call the fake does not imitate answers with a clear error instead of failing to compile: the
 * fake serves screenshots and benchmarks, and a new call should not have to be faked to ship.
 */
function withFallback(answered: Partial<ServiceHandlers>): ServiceHandlers {
  const table: Record<string, unknown> = { ...answered };
  for (const name of SERVICE_CALL_NAMES) {
    table[name] ??= async () => err({ kind: "internal", message: `The dev fake backend does not answer "${name}".` });
  }
  return table as unknown as ServiceHandlers;
}
