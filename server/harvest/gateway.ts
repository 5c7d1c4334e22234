/**
 * What the server needs from Harvest: check a login before storing it, and gather a member's time
 * entries. The server reaches real Harvest (v2, or a v1 server) over HTTP; the sandbox plugs in its
 * emulation directly.
 */
import type { TimeEntry } from "../store/records";

export interface HarvestLogin {
  readonly subdomain: string;
  readonly email: string;
  readonly password: string;
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface Gathered {
  /** New or changed entries. */
  readonly entries: readonly TimeEntry[];
  /** Entries Harvest no longer has. */
  readonly deletedIds: readonly number[];
  /** The cursor for the next round (`updated_since`), epoch ms. */
  readonly until: number | null;
  /** The entries are the whole set: anything else stored for the credential goes. */
  readonly complete: boolean;
  /**
   * The entries are the whole set for these spent days (YYYY-MM-DD, inclusive; `to` null: open-ended):
   * any stored entry of the credential on those days that is not among them was deleted in Harvest.
   */
  readonly window?: { readonly from: string; readonly to: string | null } | null;
}

export interface HarvestGateway {
  /** Why this login may not be used at all (it points off Harvest), before any request; null if it may. */
  refusal?(login: HarvestLogin): string | null;
  verify(login: HarvestLogin): Promise<Verdict>;
  gather(login: HarvestLogin, since: number | null): Promise<Gathered>;
}

/** For a server with no Harvest reachable: every login is refused with the reason. */
export const NO_HARVEST: HarvestGateway = {
  verify: () => Promise.resolve({ ok: false, message: "this server cannot reach Harvest" }),
  gather: () => Promise.resolve({ entries: [], deletedIds: [], until: null, complete: false }),
};
