/**
 * What runs for the signed-in account, and what changes with it: polling, sending, the timer poll and
 * the live stream start with an account and stop before it changes; the Harvest account goes with
 * the Co-op user, so their timer leaves the tray at once.
 */
import type { AccountLifecycle } from "../services/accounts";
import type { Emitter } from "../services/emitter";
import type { AppEvents } from "../services/events";
import type { FeedSync } from "../services/feeds";
import { applyIdle } from "../services/harvest-calls";
import type { IdleWatcher } from "../services/idle";
import type { LiveFeed } from "../services/live-feed";
import type { Outbox } from "../services/outbox";
import type { Session } from "../services/session";
import type { TimerPoll } from "../services/timer-poll";
import type { Timers } from "../services/timers";
import type { AppStatus } from "./app-status";

export interface AccountParts {
  /** Whether the app has started (an account signed in before start() waits for it). */
  readonly running: () => boolean;
  readonly feeds: FeedSync;
  readonly outbox: Outbox;
  readonly poll: TimerPoll;
  readonly timers: Timers;
  readonly live: LiveFeed;
  readonly status: AppStatus;
  /** Tells the renderer what it shows may have changed: the outbox and the Harvest state. */
  readonly announce: () => void;
}

export function accountLifecycle(parts: AccountParts): AccountLifecycle {
  const { feeds, outbox, poll, timers, live, status } = parts;
  return {
    async stopAccount() {
      poll.stop();
      timers.clear();
      live.stop();
      await Promise.all([feeds.stop(), outbox.stop()]);
    },
    startAccount() {
      if (!parts.running()) return;
      feeds.start();
      outbox.start();
      poll.start();
      void live.start();
    },
    accountChanged() {
      status.announceState();
      feeds.emitGroupsIfChanged(true);
      parts.announce();
      status.announceTray();
    },
  };
}

/** The timer's and the idle watcher's events onto the app's one emitter; returns what unsubscribes them. */
export function wireTimers(parts: {
  readonly timers: Timers;
  readonly idle: IdleWatcher;
  readonly events: Emitter<AppEvents>;
  readonly feeds: FeedSync;
  readonly session: Session;
}): Array<() => void> {
  const { timers, idle, events, feeds, session } = parts;
  return [
    timers.on("day", (day) => events.emit("timersChanged", day)),
    timers.on("running", (timer) => {
      idle.timerChanged(timer?.entryId ?? null);
      events.emit("runningTimer", timer);
      // Co-op shows members' timers as time entries: one started or stopped here belongs in the feed now,
      // and in teammates' feeds within seconds.
      void feeds.syncNow();
      void session.askToGather();
    }),
    idle.on("prompt", (prompt) => events.emit("idlePrompt", prompt)),
    // Sleep is never counted as work: it comes off the timer at once, whatever is answered later.
    idle.on("removeSleep", (action) => void applyIdle(timers, action)),
  ];
}
