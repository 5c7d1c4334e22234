/**
 * Middleware on the server's HTTP pipeline: each one sees the request before the server does and the
 * answer after, and may answer itself. The sandbox's faults, throttles, latency and Harvest emulations
 * are middleware on the real server, so the sandbox serves Co-op exactly as a deployment does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Outgoing } from "./exchange";

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Upper-cased. */
  readonly method: string;
  readonly url: URL;
  /** The caller's address (the proxy's client when forwarding headers are believed). */
  readonly remoteAddress: string;
  /** `performance.now()` when the request arrived. */
  readonly started: number;
  /** The base URL clients reach this server at. */
  readonly baseUrl: string;
}

/** The middleware wrote the response itself (a stream, a reset connection); the server sends nothing. */
export const SENT = Symbol("sent");

export type Answer = Outgoing | typeof SENT;

export type Middleware = (exchange: Exchange, next: () => Promise<Answer>) => Promise<Answer>;

/** Runs `core` inside the middleware, the first one outermost. */
export function chain(
  middleware: readonly Middleware[],
  exchange: Exchange,
  core: () => Promise<Answer>,
): Promise<Answer> {
  return middleware.reduceRight<() => Promise<Answer>>((next, outer) => () => outer(exchange, next), core)();
}
