/**
 * Idle and sleep while a timer runs: the decision logic, apart from Electron (the shell feeds it
 * `powerMonitor`'s idle seconds, suspend and resume) and from Harvest (Timers applies the answer).
 *
 * - Idle: with a timer running and the system idle for at least `idleMinutes` (a setting, default
 *   10, with an off switch), the moment the user is back the app asks: remove the idle time and
 *   continue, remove it and stop, or keep it.
 * - Sleep: time asleep is never counted as work. On resume the sleep is removed at once, whatever
 *   the user answers later; they are asked only whether to continue or to stop. A nap shorter than
 *   a minute (a lid closed and opened) is below what Harvest tracks: nothing is removed or asked.
 * - Neither reaches back before the running timer started: time before it was never on the timer.
 *
 * Times come from the injected clock, so tests drive it with a fake one.
 */
import type { IdleChoice, IdlePrompt } from "../../shared/harvest-v2-state";
import { Emitter } from "./emitter";

export type { IdleChoice, IdlePrompt };

export const DEFAULT_IDLE_MINUTES = 10;
/** Back = the system reports less idle time than this (it counts from the last input). */
const BACK_THRESHOLD_SECONDS = 60;
/** Shorter absences (after clamping to the timer's start) are not worth a question: Harvest counts minutes. */
const MIN_ABSENCE_MS = 60_000;

export interface IdleSettings {
  readonly idleDetection: boolean;
  readonly idleMinutes: number;
}

/** What Timers must do for an answer: take `removeMs` off (from `since`), then continue or stop. */
export interface IdleAction {
  readonly entryId: number;
  readonly removeMs: number;
  readonly since: number;
  readonly then: "continue" | "stop";
}

export interface IdleEvents {
  prompt: IdlePrompt | null;
  /** Sleep time to take off at once (never counted as work). */
  removeSleep: IdleAction;
}

export interface IdleClock {
  now(): number;
}

export class IdleWatcher {
  private readonly emitter = new Emitter<IdleEvents>();
  /** Idle began at (epoch ms) while the timer `entryId` ran; not yet back. */
  private away: { since: number; entryId: number } | null = null;
  private suspendedAt: { at: number; entryId: number } | null = null;
  private pending: IdlePrompt | null = null;
  private nextId = 1;

  constructor(
    private readonly clock: IdleClock,
    private readonly settings: () => IdleSettings,
    /** The running entry's id, or null when no timer runs. */
    private readonly runningEntry: () => number | null,
    /** When the running timer started (epoch ms), or null when unknown. */
    private readonly runningSince: () => number | null = () => null,
  ) {}

  /** `since`, moved up to the running timer's start when the absence began before it. */
  private clampToStart(since: number): number {
    const started = this.runningSince();
    return started !== null && Number.isFinite(started) ? Math.max(since, started) : since;
  }

  on<K extends keyof IdleEvents>(event: K, listener: (payload: IdleEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  get prompt(): IdlePrompt | null {
    return this.pending;
  }

  /** The system's idle time, polled by the shell (`powerMonitor.getSystemIdleTime()`). */
  observeIdle(idleSeconds: number): void {
    if (!Number.isFinite(idleSeconds) || idleSeconds < 0) return;
    const { idleDetection, idleMinutes } = this.settings();
    const entryId = this.runningEntry();
    const now = this.clock.now();
    if (!idleDetection || entryId === null) {
      this.away = null;
      return;
    }
    if (this.away === null) {
      if (idleSeconds >= idleMinutes * 60) this.away = { since: now - idleSeconds * 1000, entryId };
      return;
    }
    if (idleSeconds < BACK_THRESHOLD_SECONDS) {
      const away = this.away;
      this.away = null;
      // Back: the idle time ran from `since` to the last input (`now - idleSeconds`).
      const until = now - idleSeconds * 1000;
      const since = this.clampToStart(away.since);
      if (away.entryId !== entryId || until - since < MIN_ABSENCE_MS) return;
      this.ask({
        reason: "idle",
        entryId,
        since,
        until,
        removed: false,
        choices: ["removeAndContinue", "removeAndStop", "keep"],
      });
    }
  }

  /** The system is going to sleep (`powerMonitor` "suspend" or "lock-screen" is not sleep). */
  suspended(): void {
    const entryId = this.runningEntry();
    this.suspendedAt = entryId === null ? null : { at: this.clock.now(), entryId };
  }

  /** The system woke up (`powerMonitor` "resume"). */
  resumed(): void {
    const asleep = this.suspendedAt;
    this.suspendedAt = null;
    if (asleep === null) return;
    const now = this.clock.now();
    // An idle spell that led into the sleep is part of the same absence.
    const since = this.clampToStart(
      this.away !== null && this.away.entryId === asleep.entryId ? Math.min(this.away.since, asleep.at) : asleep.at,
    );
    this.away = null;
    if (now - since < MIN_ABSENCE_MS) return;
    this.emitter.emit("removeSleep", { entryId: asleep.entryId, removeMs: now - since, since, then: "continue" });
    this.ask({
      reason: "sleep",
      entryId: asleep.entryId,
      since,
      until: now,
      removed: true,
      choices: ["removeAndContinue", "removeAndStop"],
    });
  }

  /** The user's answer; null when the prompt is gone or the choice was not offered. */
  answer(promptId: number, choice: IdleChoice): IdleAction | null {
    const prompt = this.pending;
    if (prompt === null || prompt.id !== promptId || !prompt.choices.includes(choice)) return null;
    this.pending = null;
    this.emitter.emit("prompt", null);
    if (choice === "keep") return null;
    const then = choice === "removeAndStop" ? "stop" : "continue";
    // Sleep was taken off already: only stopping remains to do.
    return {
      entryId: prompt.entryId,
      removeMs: prompt.removed ? 0 : prompt.until - prompt.since,
      since: prompt.since,
      then,
    };
  }

  /** The timer stopped or changed elsewhere: an open question about it no longer applies. */
  timerChanged(entryId: number | null): void {
    if (this.pending !== null && this.pending.entryId !== entryId) {
      this.pending = null;
      this.emitter.emit("prompt", null);
    }
    if (this.away !== null && this.away.entryId !== entryId) this.away = null;
  }

  private ask(prompt: Omit<IdlePrompt, "id">): void {
    this.pending = { ...prompt, id: this.nextId++ };
    this.emitter.emit("prompt", this.pending);
  }
}
