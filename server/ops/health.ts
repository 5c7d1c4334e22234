/**
 * `/healthz` and `/readyz` (docs/coop-api.md §12):
 * - `/healthz`: 200 while the database answers and takes writes, 503 (Retry-After) when it does not;
 *   `"status":"degraded"` (still 200: the API works) once gathering from Harvest has failed
 *   FAILED_ROUNDS_DEGRADED rounds in a row. The write is one row rewritten, at most every
 *   WRITE_PROBE_MS while it succeeds (an fsync per probe would make the check itself a load) and on
 *   every call while it fails, so recovery shows at once.
 * - `/readyz`: for load balancers: 200 once the server listens (migrations ran before) and the
 *   database answers; 503 while draining for shutdown, so no new work is sent here.
 */
import { RETRY_AFTER_SECONDS } from "../coop/app";
import type { Outgoing } from "../http/exchange";
import type { Store } from "../store/store";

export const WRITE_PROBE_MS = 10_000;
export const FAILED_ROUNDS_DEGRADED = 3;

/** What the gatherer tells the health check. */
export interface GatheringState {
  /** This instance gathers (holds the lock; always on SQLite). */
  readonly leader: boolean;
  readonly lastSuccessAt: number | null;
  /** Rounds in a row that gathered nothing because Harvest failed. */
  readonly failedRounds: number;
}

const json = (status: number, value: unknown): Outgoing => ({
  status,
  headers: {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...(status === 503 ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {}),
  },
  body: Buffer.from(JSON.stringify(value)),
});

export class Health {
  private lastWriteOkAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: Store,
    private readonly gathering: () => GatheringState | null,
    private readonly now: () => number,
  ) {}

  private async writable(): Promise<boolean> {
    const now = this.now();
    if (now - this.lastWriteOkAt < WRITE_PROBE_MS) return true;
    try {
      await this.store.probeWrite(now);
      this.lastWriteOkAt = now;
      return true;
    } catch {
      this.lastWriteOkAt = Number.NEGATIVE_INFINITY;
      return false;
    }
  }

  async healthz(): Promise<Outgoing> {
    let reachable = true;
    try {
      await this.store.ping();
    } catch {
      reachable = false;
    }
    const writable = reachable && (await this.writable());
    const state = this.gathering();
    const gathering =
      state === null
        ? null
        : {
            leader: state.leader,
            last_success_at: state.lastSuccessAt === null ? null : new Date(state.lastSuccessAt).toISOString(),
            failed_rounds: state.failedRounds,
          };
    const status = !reachable
      ? "database unavailable"
      : !writable
        ? "database read-only"
        : state !== null && state.failedRounds >= FAILED_ROUNDS_DEGRADED
          ? "degraded"
          : "ok";
    return json(reachable && writable ? 200 : 503, { status, database: { reachable, writable }, gathering });
  }

  async readyz(draining: boolean): Promise<Outgoing> {
    if (draining) return json(503, { status: "draining" });
    try {
      await this.store.ping();
      return json(200, { status: "ready" });
    } catch {
      return json(503, { status: "database unavailable" });
    }
  }
}
