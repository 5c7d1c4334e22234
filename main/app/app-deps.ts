/** What the caller (the shell, the dev bridge, a test) hands `createApp`: Electron's or Node's things. */
import type { ApiFactory, ApiFactoryOptions } from "@coop-tray/protocol";
import type { Clock } from "../services/clock";
import type { LiveFeedDeps } from "../services/live-feed";
import type { StoreBackendFactory } from "../services/store";
import type { Keychain } from "../services/vault";

export interface AppDeps {
  /** The store file (`openNodeStore(<folder>)`: the user-data folder in the shell). */
  openStoreBackend: StoreBackendFactory;
  /** keytar, or null when unavailable: then every password operation fails with `keychain`. */
  keychain: Keychain | null;
  /** e.g. `{ harvestUrlTemplate }` pointing at the sandbox. */
  api?: ApiFactoryOptions;
  /** A ready factory instead of one built from `api` (tests wrap one to observe calls). */
  apiFactory?: ApiFactory;
  clock?: Clock;
  /** Pre-filled in the sign-in form (the sandbox's URL in preview and demo). */
  defaultServerUrl?: string;
  /** The store file's name (without extension). */
  storeName?: string;
  /** For backoff jitter; tests pin it. */
  random?: () => number;
  /** The live feed's tuning (tests shorten its reconnection backoff). */
  live?: Pick<LiveFeedDeps, "backoffMs">;
}
