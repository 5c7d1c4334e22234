/**
 * The contract calls of the signed-in user's Harvest account and timers: connecting a token,
 * today's timers and the task picker, and the idle question (sharing a timer: share-timer.ts).
 */
import { err, ok, type AppError, type Result } from "../../shared/errors";
import type { HarvestV2State } from "../../shared/harvest-v2-state";
import type { ServiceHandlers } from "../../shared/contract";
import type { Clock } from "./clock";
import { HARVEST_TOKEN_PAGE, type HarvestV2Links } from "./harvest-v2-link";
import type { IdleAction, IdleWatcher } from "./idle";
import type { Session } from "./session";
import type { TimerPoll } from "./timer-poll";
import type { Timers } from "./timers";

export interface HarvestCallsDeps {
  readonly session: Session;
  readonly links: HarvestV2Links;
  readonly timers: Timers;
  readonly idle: IdleWatcher;
  readonly poll: TimerPoll;
  readonly clock: Clock;
  /** The link changed: tell the renderer (`harvestV2Changed`). */
  readonly changed: () => void;
}

const invalid = (message: string): AppError => ({ kind: "invalidInput", message, issues: [message] });

export function harvestState(session: Session, links: HarvestV2Links): HarvestV2State {
  return {
    link: links.summary(),
    tokenPage: HARVEST_TOKEN_PAGE,
    clientsApi: session.harvestAccount()?.api ?? null,
  };
}

/** Takes idle or sleep time off the timer, or stops it, as the answer (or the sleep itself) says. */
export async function applyIdle(timers: Timers, action: IdleAction): Promise<Result<null>> {
  if (action.removeMs > 0) {
    const removed = await timers.removeTime(action.entryId, action.removeMs, action.then, action.since);
    return removed.ok ? ok(null) : removed;
  }
  if (action.then === "stop") {
    const stopped = await timers.stop(action.entryId);
    return stopped.ok ? ok(null) : stopped;
  }
  return ok(null);
}

export function harvestCalls(deps: HarvestCallsDeps) {
  const { session, links, timers, idle, poll, clock } = deps;
  const linked = (outcome: Awaited<ReturnType<HarvestV2Links["connect"]>>) => {
    if (outcome.ok && outcome.value.kind === "connected") {
      deps.changed();
      poll.now();
      // Teammates' feeds should match Harvest now, not at the server's next round, whether or not a
      // timer happens to be running (a running one would ask again when the poll finds it; the server
      // answers a second ask within seconds without going to Harvest).
      void session.askToGather();
    }
    return outcome;
  };
  return {
    getHarvestV2: async () => ok(harvestState(session, links)),
    connectHarvestV2: async ({ token }) => linked(await links.connect(token)),
    chooseHarvestAccount: async ({ accountId }) => linked(await links.chooseAccount(accountId)),
    disconnectHarvestV2: async () => {
      const done = await links.disconnect();
      timers.clear();
      poll.pause();
      deps.changed();
      return done;
    },
    getTimers: async ({ refresh }) => {
      const cached = timers.day;
      // The view opening re-reads unless the last read is seconds old.
      if (!refresh && cached !== null && clock.now() - cached.fetchedAt < 5_000) return ok(cached);
      const fresh = await timers.today();
      // Harvest's pause (or no network) must not hide today's entries, the running timer above all:
      // the view opening gets what was last read (the banner says why it is not newer); only an asked
      // refresh hears the refusal.
      if (
        !fresh.ok &&
        !refresh &&
        cached !== null &&
        (fresh.error.kind === "throttled" || fresh.error.kind === "offline")
      )
        return ok(cached);
      return fresh;
    },
    listTaskOptions: ({ refresh }) => timers.options(refresh),
    startTimer: ({ projectId, taskId, notes }) => timers.start({ projectId, taskId, notes }),
    stopTimer: ({ entryId }) => timers.stop(entryId),
    restartTimer: ({ entryId }) => timers.restart(entryId),
    editTimerNotes: ({ entryId, notes }) => timers.editNotes(entryId, notes),
    getTimeWeek: ({ day }) => timers.week(day),
    addTimeEntry: (input) => timers.add(input),
    editTimeEntry: (input) => timers.edit(input),
    deleteTimeEntry: ({ entryId }) => timers.remove(entryId),
    answerIdle: async ({ promptId, choice }) => {
      const current = idle.prompt;
      if (current === null || current.id !== promptId) return err(invalid("That question is no longer open."));
      if (!current.choices.includes(choice)) return err(invalid("That answer is not one of the choices offered."));
      const action = idle.answer(promptId, choice);
      return action === null ? ok(null) : applyIdle(timers, action);
    },
  } satisfies Partial<ServiceHandlers>;
}
