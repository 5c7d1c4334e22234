/**
 * Harvest v2 in the app: the token link, timers and the idle/sleep watcher wired together, their
 * contract calls, and what the tray and the shell need (the running timer, the power sink). Built by
 * createApp; Electron-free like everything under main/app.
 */
import { err, ok, type AppError, type Result } from "../../shared/errors";
import type {
  HarvestDayView,
  HarvestV2State,
  IdleChoice,
  IdlePrompt,
  RunningTimer,
} from "../../shared/harvest-v2-state";
import type { OutboxItem } from "../../shared/contract";
import type { ApiFactory } from "@coop-tray/protocol";
import { Timer, type Clock } from "../services/clock";
import type { Connection } from "../services/connection";
import { Emitter } from "../services/emitter";
import { HARVEST_TOKEN_PAGE, HarvestV2Links } from "../services/harvest-v2-link";
import { DEFAULT_IDLE_MINUTES, IdleWatcher, type IdleAction } from "../services/idle";
import type { AppStore } from "../services/store";
import { Timers } from "../services/timers";
import type { Vault } from "../services/vault";

export { DEFAULT_HARVEST_API_URL } from "@coop-tray/protocol/rules";

/** The running timer is re-read this often in the background (it may be started or stopped on the web). */
export const TIMER_POLL_MS = 2 * 60_000;

export interface HarvestV2FeatureDeps {
  readonly store: AppStore;
  readonly vault: Vault;
  readonly factory: ApiFactory;
  readonly clock: Clock;
  readonly connection: Connection;
  readonly apiUrl: string;
  /** Which API the Clients service uses (it decides, from the link kind). */
  readonly clientsApi: () => "v2" | "v1" | null;
  /** Posts a note through the outbox (sharing a timer to a group). */
  readonly postNote: (groupId: number, text: string) => Result<OutboxItem>;
}

export interface HarvestV2Events {
  harvestV2Changed: HarvestV2State;
  timersChanged: HarvestDayView;
  runningTimer: RunningTimer | null;
  idlePrompt: IdlePrompt | null;
}

const invalid = (message: string): AppError => ({ kind: "invalidInput", message, issues: [message] });

/** The note a shared timer becomes: what is being worked on, in one line a group reads at a glance. */
export function timerNote(timer: {
  projectName: string;
  taskName: string;
  clientName: string;
  notes: string | null;
}): string {
  const client = timer.clientName ? ` (${timer.clientName})` : "";
  const what = `Working on ${timer.projectName} — ${timer.taskName}${client}`;
  return timer.notes ? `${what}: ${timer.notes}` : what;
}

export class HarvestV2Feature {
  readonly links: HarvestV2Links;
  readonly timers: Timers;
  readonly idle: IdleWatcher;
  private readonly emitter = new Emitter<HarvestV2Events>();
  private readonly poll: Timer;
  private readonly offs: (() => void)[] = [];
  private running = false;

  constructor(private readonly deps: HarvestV2FeatureDeps) {
    this.links = new HarvestV2Links({
      store: deps.store,
      vault: deps.vault,
      factory: deps.factory,
      clock: deps.clock,
      apiUrl: deps.apiUrl,
    });
    this.timers = new Timers({ links: this.links, store: deps.store, clock: deps.clock, connection: deps.connection });
    this.idle = new IdleWatcher(
      deps.clock,
      () => this.idleSettings(),
      () => this.timers.running?.entryId ?? null,
    );
    this.poll = new Timer(deps.clock);
    this.offs.push(
      this.timers.on("day", (day) => this.emitter.emit("timersChanged", day)),
      this.timers.on("running", (timer) => {
        this.idle.timerChanged(timer?.entryId ?? null);
        this.emitter.emit("runningTimer", timer);
      }),
      this.idle.on("prompt", (prompt) => this.emitter.emit("idlePrompt", prompt)),
      // Sleep is never counted as work: it comes off the timer at once, whatever is answered later.
      this.idle.on("removeSleep", (action) => void this.apply(action)),
    );
  }

  on<K extends keyof HarvestV2Events>(event: K, listener: (payload: HarvestV2Events[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  get runningTimer(): RunningTimer | null {
    return this.timers.running;
  }

  state(): HarvestV2State {
    return { link: this.links.summary(), tokenPage: HARVEST_TOKEN_PAGE, clientsApi: this.deps.clientsApi() };
  }

  private idleSettings(): { idleDetection: boolean; idleMinutes: number } {
    const settings = this.deps.store.doc.settings as { idleDetection?: boolean; idleMinutes?: number };
    return { idleDetection: settings.idleDetection ?? true, idleMinutes: settings.idleMinutes ?? DEFAULT_IDLE_MINUTES };
  }

  /** Polling on; reads the running timer at once when linked, and the company's timer mode and roles again. */
  start(): void {
    this.running = true;
    this.schedule(0);
    if (this.links.link !== null) {
      void this.links.refresh().then((result) => {
        if (result.ok) this.changed();
      });
    }
  }

  stop(): void {
    this.running = false;
    this.poll.cancel();
  }

  dispose(): void {
    this.stop();
    for (const off of this.offs.splice(0)) off();
  }

  /** The window opened: today's timers are worth a fresh look. */
  windowShown(): void {
    if (this.links.link !== null) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (!this.running || this.links.link === null) return;
    this.poll.arm(ms, () => {
      void this.timers.today().finally(() => this.schedule(TIMER_POLL_MS));
    });
  }

  private changed(): void {
    this.emitter.emit("harvestV2Changed", this.state());
  }

  private async apply(action: IdleAction): Promise<Result<null>> {
    if (action.removeMs > 0) {
      const removed = await this.timers.removeTime(action.entryId, action.removeMs, action.then, action.since);
      return removed.ok ? ok(null) : removed;
    }
    if (action.then === "stop") {
      const stopped = await this.timers.stop(action.entryId);
      return stopped.ok ? ok(null) : stopped;
    }
    return ok(null);
  }

  /** The contract calls this feature answers. */
  calls() {
    return {
      getHarvestV2: async () => ok(this.state()),
      connectHarvestV2: async ({ token }: { readonly token: string }) => {
        const outcome = await this.links.connect(token);
        if (outcome.ok && outcome.value.kind === "connected") this.linked();
        return outcome;
      },
      chooseHarvestAccount: async ({ accountId }: { readonly accountId: number }) => {
        const outcome = await this.links.chooseAccount(accountId);
        if (outcome.ok && outcome.value.kind === "connected") this.linked();
        return outcome;
      },
      disconnectHarvestV2: async () => {
        const done = await this.links.disconnect();
        this.timers.clear();
        this.poll.cancel();
        this.changed();
        return done;
      },
      getTimers: async ({ refresh }: { readonly refresh: boolean }) => {
        const cached = this.timers.day;
        // The view opening re-reads unless the last read is seconds old.
        if (!refresh && cached !== null && this.deps.clock.now() - cached.fetchedAt < 5_000) return ok(cached);
        return this.timers.today();
      },
      listTaskOptions: ({ refresh }: { readonly refresh: boolean }) => this.timers.options(refresh),
      startTimer: ({
        projectId,
        taskId,
        notes,
      }: {
        readonly projectId: number;
        readonly taskId: number;
        readonly notes: string | null;
      }) => this.timers.start({ projectId, taskId, notes }),
      stopTimer: ({ entryId }: { readonly entryId: number }) => this.timers.stop(entryId),
      restartTimer: ({ entryId }: { readonly entryId: number }) => this.timers.restart(entryId),
      editTimerNotes: ({ entryId, notes }: { readonly entryId: number; readonly notes: string }) =>
        this.timers.editNotes(entryId, notes),
      answerIdle: async ({ promptId, choice }: { readonly promptId: number; readonly choice: IdleChoice }) => {
        const current = this.idle.prompt;
        if (current === null || current.id !== promptId) return err(invalid("That question is no longer open."));
        if (!current.choices.includes(choice)) return err(invalid("That answer is not one of the choices offered."));
        const action = this.idle.answer(promptId, choice);
        return action === null ? ok(null) : this.apply(action);
      },
      shareTimer: async ({ groupId, entryId }: { readonly groupId: number; readonly entryId: number }) => {
        const entry = this.timers.day?.entries.find((e) => e.id === entryId) ?? null;
        if (entry === null) return err(invalid("That time entry is not in today's list; refresh and try again."));
        return this.deps.postNote(
          groupId,
          timerNote({
            projectName: entry.project.name,
            taskName: entry.task.name,
            clientName: entry.client.name,
            notes: entry.notes,
          }),
        );
      },
    };
  }

  private linked(): void {
    this.changed();
    this.schedule(0);
  }
}
