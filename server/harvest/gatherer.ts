/**
 * Gathering rounds: every `everyMs`, each linked credential's new and changed time entries are fetched
 * (incrementally: the credential keeps its `updated_since` cursor) and stored. Several instances may
 * share one PostgreSQL database; exactly one of them gathers at a time: the one holding a session-level
 * advisory lock on a dedicated connection. If that instance dies, its connection goes, the lock is
 * released, and another instance takes over on its next round. SQLite has one server by design.
 */
import type pg from "pg";
import type { Logger } from "../log";
import type { GatheringState } from "../ops/health";
import type { ServerMetrics } from "../ops/metrics";
import type { SecretBox } from "../secrets";
import type { Store } from "../store/store";
import { GATHER_CONCURRENCY, MEMBER_DEADLINE_MS, eachBounded, gatherCredential, withDeadline } from "./gather-one";
import type { HarvestGateway } from "./gateway";

/** The advisory lock's key: any fixed 64-bit number, the same in every instance ("coop-gat"). */
export const GATHER_LOCK_KEY = 0x636f6f70_676174n;

export interface GathererOptions {
  readonly store: Store;
  readonly harvest: HarvestGateway;
  readonly secrets: SecretBox;
  readonly log: Logger;
  /** 0 = no background rounds (rounds only when asked). */
  readonly everyMs: number;
  /** Each member's own deadline in a round (default MEMBER_DEADLINE_MS). */
  readonly memberDeadlineMs?: number;
  readonly metrics?: ServerMetrics;
  readonly now?: () => number;
}

export class Gatherer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lockClient: pg.PoolClient | null = null;
  private stopped = false;
  private lastSuccessAt: number | null = null;
  private failedRounds = 0;

  constructor(private readonly options: GathererOptions) {}

  start(): void {
    if (this.options.everyMs <= 0) return;
    const tick = (): void => {
      this.timer = setTimeout(() => {
        void this.round().finally(() => {
          if (!this.stopped) tick();
        });
      }, this.options.everyMs);
      this.timer.unref();
    };
    void this.round().finally(() => {
      if (!this.stopped) tick();
    });
  }

  /** For /healthz: a round failed when it could not run, or when every member's gathering failed. */
  get state(): GatheringState {
    return { leader: this.leader, lastSuccessAt: this.lastSuccessAt, failedRounds: this.failedRounds };
  }

  private settle(ok: boolean, failures: number): void {
    this.options.metrics?.gatherRound(ok, failures);
    if (ok) {
      this.lastSuccessAt = (this.options.now ?? Date.now)();
      this.failedRounds = 0;
    } else this.failedRounds += 1;
  }

  /** Whether this instance holds the gathering lock (always true on SQLite). */
  get leader(): boolean {
    return this.options.store.dialect === "sqlite" || this.lockClient !== null;
  }

  /** Takes the lock if free; keeps it while the connection lives. */
  async acquire(): Promise<boolean> {
    const { store } = this.options;
    if (store.dialect === "sqlite") return true;
    if (this.lockClient !== null) return true;
    const pool = store.handle.pool;
    if (pool === null) return false;
    const client = await pool.connect();
    try {
      const result = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [
        GATHER_LOCK_KEY.toString(),
      ]);
      if (result.rows[0]?.locked === true) {
        // Losing this connection loses the lock: forget it, so the next round tries again.
        client.on("error", () => {
          if (this.lockClient === client) this.lockClient = null;
        });
        this.lockClient = client;
        return true;
      }
    } catch (error) {
      client.release(true);
      throw error;
    }
    client.release();
    return false;
  }

  /** One round (if this instance is the gatherer). Returns how many entries came in. */
  async round(): Promise<number> {
    if (this.running !== null) {
      await this.running;
      return 0;
    }
    let count = 0;
    const work = (async () => {
      const { store, harvest, secrets, log } = this.options;
      let gathered = 0;
      let failed = 0;
      try {
        if (!(await this.acquire())) return;
        // Members side by side, each with its own deadline: one Harvest that never answers delays no one else.
        const deadline = this.options.memberDeadlineMs ?? MEMBER_DEADLINE_MS;
        await eachBounded(await store.credentials.all(), GATHER_CONCURRENCY, async (credential) => {
          if (this.stopped) return;
          try {
            count += await withDeadline(gatherCredential(store, harvest, secrets, credential), deadline);
            gathered += 1;
          } catch (error) {
            failed += 1;
            log.log("warn", "gathering from Harvest failed", { user: credential.userId, error });
          }
        });
        // One member's revoked token must not mark the server degraded: only a round where all failed.
        this.settle(failed === 0 || gathered > 0, failed);
      } catch (error) {
        this.settle(false, failed);
        log.log("warn", "gathering round failed", { error });
      }
    })();
    this.running = work;
    try {
      await work;
    } finally {
      this.running = null;
    }
    return count;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.running !== null) await this.running;
    const client = this.lockClient;
    this.lockClient = null;
    if (client !== null) {
      try {
        await client.query("select pg_advisory_unlock($1)", [GATHER_LOCK_KEY.toString()]);
        client.release();
      } catch {
        client.release(true);
      }
    }
  }
}
