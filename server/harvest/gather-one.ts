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
