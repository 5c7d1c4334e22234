/** Gathering one member's Harvest time entries into the store (used on credential save and by the gatherer). */
import type { Logger } from "../log";
import type { SecretBox } from "../secrets";
import type { Credential } from "../store/records";
import type { Store } from "../store/store";
import type { HarvestGateway } from "./gateway";

export async function gatherCredential(
  store: Store,
  gateway: HarvestGateway,
  secrets: SecretBox,
  credential: Credential,
): Promise<number> {
  const login = { subdomain: credential.subdomain, email: credential.email, password: secrets.open(credential.secret) };
  const gathered = await gateway.gather(login, credential.gatheredUntil);
  await store.credentials.storeGathered(
    credential,
    gathered.entries,
    gathered.deletedIds,
    gathered.until,
    gathered.complete,
    gathered.window ?? null,
  );
  return gathered.entries.length;
}

/** How long one member's gathering may take before the round stops waiting for it (docs/coop-api.md §16.2). */
export const MEMBER_DEADLINE_MS = 15_000;
/** Members gathered at once: one slow Harvest holds one slot, never the round. */
export const GATHER_CONCURRENCY = 4;

/** `work`, or a rejection once `ms` pass: a Harvest that never answers costs its member's slot, no more. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Harvest did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Runs `task` over `items`, at most `limit` at once. */
export async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Best effort: a Harvest that is down now is tried again by the next round. */
export async function gatherUser(
  store: Store,
  gateway: HarvestGateway,
  secrets: SecretBox,
  log: Logger,
  userId: number,
): Promise<void> {
  const credential = await store.credentials.of(userId);
  if (credential === null) return;
  try {
    await gatherCredential(store, gateway, secrets, credential);
  } catch (error) {
    log.log("warn", "gathering from Harvest failed", { user: userId, error });
  }
}
