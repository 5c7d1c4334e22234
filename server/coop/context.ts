/** What a Co-op route handler gets: the request, and the services it may use. */
import type { IncomingHttpHeaders } from "node:http";
import type { Verifier } from "../auth/verifier";
import type { EventHub } from "../events/hub";
import type { HarvestGateway } from "../harvest/gateway";
import type { Logger } from "../log";
import type { JsonDates } from "../render/json-writer";
import type { BaseContext } from "../router";
import type { SecretBox } from "../secrets";
import type { Store } from "../store/store";
import type { ServerMetrics } from "../ops/metrics";
import type { FeedCache } from "./feed-cache";
import type { Invitations } from "./invitations";

export interface CoopServices {
  readonly store: Store;
  readonly verifier: Verifier;
  readonly harvest: HarvestGateway;
  readonly secrets: SecretBox;
  readonly invitations: Invitations;
  readonly log: Logger;
  readonly now: () => number;
  /** After a credential is saved: gather its entries now (the feed shows them at once). */
  readonly gatherNow: (userId: number) => Promise<void>;
  /** The live event stream's hub; null when the server runs without `/events` (`docs/coop-api.md §15`). */
  readonly events: EventHub | null;
  /** Rendered feeds, kept until their group's feed version moves. */
  readonly feeds: FeedCache;
  /** The server's metrics (the event stream sets its subscriber gauge: `metrics.setEventSubscribers`). */
  readonly metrics: ServerMetrics;
}

export interface CoopContext extends BaseContext {
  readonly services: CoopServices;
  /** The caller's address, for slowing failed sign-ins. */
  readonly remoteAddress: string;
  readonly headers: IncomingHttpHeaders;
  /** The negotiated answer format. */
  readonly format: "xml" | "json" | "html";
  /** How JSON answers write dates (part of a cached feed's key). */
  readonly jsonDates: JsonDates;
}
