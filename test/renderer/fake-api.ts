/**
 * A `CoopApi` for the renderer's unit tests: the contract in shared/contract.ts is the renderer's
 * only way to main, so a test that implements it tests the renderer without a browser or main.
 * Every call is recorded; a test answers calls with `answer` (at once or later, to test request
 * ordering) and sends main's events with `emit`. Unanswered calls fail as main would refuse them.
 */
import {
  CALL_NAMES,
  DEFAULT_SETTINGS,
  EVENT_NAMES,
  type AppState,
  type CallArgs,
  type CallName,
  type CallResult,
  type CoopApi,
  type EventName,
  type Events,
  type FeedQuery,
  type FeedView,
  type GroupSummary,
} from "../../shared/contract";
import type { Client, Status } from "@coop-tray/protocol/models";

type Answer<K extends CallName> = (args: CallArgs<K>) => CallResult<K> | Promise<CallResult<K>>;

export interface RecordedCall {
  readonly name: CallName;
  readonly args: unknown;
}

export interface FakeApi {
  readonly api: CoopApi;
  readonly calls: RecordedCall[];
  answer<K extends CallName>(name: K, answer: Answer<K>): void;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** Listeners still subscribed to `event` (a leak shows here). */
  listeners(event: EventName): number;
  /** The arguments of every call of `name`, in order. */
  argsOf<K extends CallName>(name: K): CallArgs<K>[];
}

export function createFakeApi(): FakeApi {
  const answers = new Map<CallName, Answer<CallName>>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const calls: RecordedCall[] = [];
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    api[name] = async (args: unknown) => {
      calls.push({ name, args });
      const answer = answers.get(name);
      if (!answer) return { ok: false, error: { kind: "internal", message: `${name} is not answered here` } };
      return answer(args as never);
    };
  }
  const on: Record<string, unknown> = {};
  for (const event of EVENT_NAMES) {
    const set = new Set<(payload: never) => void>();
    listeners.set(event, set);
    on[event] = (listener: (payload: never) => void) => {
      set.add(listener);
      return () => void set.delete(listener);
    };
  }
  api["on"] = on;
  return {
    api: api as unknown as CoopApi,
    calls,
    answer(name, answer) {
      answers.set(name, answer as unknown as Answer<CallName>);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload as never);
    },
    listeners: (event) => listeners.get(event)?.size ?? 0,
    argsOf: <K extends CallName>(name: K) =>
      calls.filter((call) => call.name === name).map((call) => call.args as CallArgs<K>),
  };
}

/** A promise the test settles when it chooses (a slow answer from main). */
export function later<T>(): { readonly promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const signedIn = (email = "basil@fawltytowers.com"): AppState => ({
  account: {
    serverUrl: "https://coop.test",
    email,
    userId: 1,
    name: "Basil Fawlty",
    signedInWith: "token",
    harvest: null,
  },
  connection: {
    online: true,
    coopThrottle: { lockedUntil: null, queued: 0 },
    harvestThrottle: { lockedUntil: null, queued: 0 },
    lastSyncedAt: null,
  },
  settings: DEFAULT_SETTINGS,
  notices: [],
});

export const signedOut = (): AppState => ({ ...signedIn(), account: null });

export const group = (id: number, name: string, unread = 0): GroupSummary => ({
  group: {
    id,
    name,
    timezone: "London",
    createdAt: null,
    updatedAt: null,
    feedKey: null,
    membershipsCount: null,
  },
  unread,
  lastSyncedAt: null,
});

export const note = (id: number, groupId: number, text: string): Status => ({
  type: "Note",
  id,
  groupId,
  text,
  user: { id: 1, name: "Basil Fawlty", email: null, avatarThumbUrl: null },
  createdAt: "2026-12-07T10:00:00Z" as Status["createdAt"],
  updatedAt: null,
});

export const harvestClient = (id: number, name: string, active = true): Client => ({
  id,
  name,
  active,
  details: null,
  currency: null,
  currencySymbol: null,
  highriseId: null,
  defaultInvoiceTimeframe: null,
  lastInvoiceKind: null,
  createdAt: null,
  updatedAt: null,
});

export const feedOf = (query: FeedQuery, statuses: readonly Status[], fromCache = false): FeedView => ({
  query,
  statuses,
  lastSyncedAt: 1,
  fromCache,
  error: null,
});

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

/** Lets pending promise callbacks, timers and frames run (afterNextPaint waits for a frame). */
export const settle = async (rounds = 4): Promise<void> => {
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
};
