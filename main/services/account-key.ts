/** Who a piece of stored data belongs to: the Co-op account, as `coop:<server>:<email>`. */
import type { StoredAccount } from "./store-schema";

export function accountKey(account: Pick<StoredAccount, "serverUrl" | "email">): string {
  return `coop:${account.serverUrl}:${account.email.toLowerCase()}`;
}
