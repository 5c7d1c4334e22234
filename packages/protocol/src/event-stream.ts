/**
 * A client for the Co-op server's live event stream, `GET /events` (`docs/coop-api.md §15`): a
 * `text/event-stream` parser written to the WHATWG rules (fields, multi-line data, comments, `retry:`,
 * a BOM, CR/LF/CRLF), and a subscription that reconnects with backoff and `Last-Event-ID`. Written here
 * rather than taken from `eventsource`/`eventsource-parser`: the parser is ~50 lines, and the client
 * must use our undici with Basic or Bearer sign-in, tell "no stream here" (404: poll instead) and "wrong
 * password" (401: stop) apart from a dropped connection, and report each (re)connection so the caller
 * can poll once to close any gap; the browser-shaped EventSource API hides all three.
 */
import { request } from "undici";

export interface ServerEvent {
  /** The last `id:` seen so far on this stream (the spec's "last event ID"), "" before any. */
  readonly id: string;
  /** `event:`, "message" when absent. */
  readonly event: string;
  readonly data: string;
}

export class EventStreamParser {
  private buffer = "";
  private lastId = "";
  private eventType = "";
  private data: string[] = [];
  private started = false;
  /** The server's `retry:` in ms, once sent. */
  retryMs: number | null = null;

  /** Feeds decoded text; returns the events it completed. */
  push(chunk: string): ServerEvent[] {
    this.buffer += chunk;
    if (!this.started && this.buffer.length > 0) {
      this.started = true;
      if (this.buffer.startsWith("\uFEFF")) this.buffer = this.buffer.slice(1);
    }
    const out: ServerEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone CR at the end may be the first half of CRLF: wait for more.
      if (match === null || (match[0] === "\r" && match.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event !== null) out.push(event);
    }
    return out;
  }

  private line(line: string): ServerEvent | null {
    if (line === "") {
      const data = this.data;
      const type = this.eventType;
      this.data = [];
      this.eventType = "";
      if (data.length === 0) return null;
      return { id: this.lastId, event: type === "" ? "message" : type, data: data.join("\n") };
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.eventType = value;
    else if (field === "id" && !value.includes("\0")) this.lastId = value;
    else if (field === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }
}

export interface EventStreamOptions {
  /** The Co-op server's base URL. */
  readonly baseUrl: string;
  /** The whole `Authorization` header (Basic or Bearer). */
  readonly authorization: string;
  readonly userAgent?: string;
  /** Resume after this id (`Last-Event-ID`). */
  readonly lastEventId?: string | null;
  /** No byte for this long (the server sends a heartbeat every ~25 s) = a dead connection. */
  readonly idleTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export type StreamOpening =
  | { readonly kind: "open"; readonly events: AsyncGenerator<ServerEvent, void, void>; retryMs(): number | null }
  /** 404: this server has no stream (an older one, or started without it): poll. */
  | { readonly kind: "absent" }
  | { readonly kind: "unauthorized" }
  | { readonly kind: "failed"; readonly reason: string };

/** One connection: its events until the server ends it, the connection drops or `signal` aborts. */
export async function openEventStream(options: EventStreamOptions): Promise<StreamOpening> {
  const url = new URL("/events", options.baseUrl);
  const headers: Record<string, string> = {
    accept: "text/event-stream",
    authorization: options.authorization,
    "cache-control": "no-cache",
  };
  if (options.userAgent !== undefined) headers["user-agent"] = options.userAgent;
  if (options.lastEventId !== undefined && options.lastEventId !== null && options.lastEventId !== "")
    headers["last-event-id"] = options.lastEventId;
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method: "GET",
      headers,
      signal: options.signal,
      headersTimeout: 30_000,
      bodyTimeout: options.idleTimeoutMs ?? 60_000,
    });
  } catch (error) {
    return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
  const type = String(response.headers["content-type"] ?? "");
  if (response.statusCode !== 200 || !type.startsWith("text/event-stream")) {
    await response.body.dump().catch(() => undefined);
    if (response.statusCode === 404) return { kind: "absent" };
    if (response.statusCode === 401) return { kind: "unauthorized" };
    return { kind: "failed", reason: `HTTP ${response.statusCode}` };
  }
  const parser = new EventStreamParser();
  const body = response.body;
  body.setEncoding("utf8");
  async function* events(): AsyncGenerator<ServerEvent, void, void> {
    try {
      for await (const chunk of body as AsyncIterable<string>) yield* parser.push(chunk);
    } catch {
      // A dropped connection, an idle timeout or an abort ends the stream the same way.
    } finally {
      body.destroy();
    }
  }
  return { kind: "open", events: events(), retryMs: () => parser.retryMs };
}

export type LiveState = "connected" | "disconnected" | "absent" | "unauthorized" | "stopped";

export interface SubscribeOptions extends Omit<EventStreamOptions, "lastEventId" | "signal"> {
  readonly onEvent: (event: ServerEvent) => void;
  /** Each change of state; "connected" comes on every (re)connection: the moment to poll once. */
  readonly onState?: (state: LiveState) => void;
  /** First reconnection delay (then doubling up to `maxBackoffMs`, with jitter); the server's `retry:` wins if larger. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How often to ask again after a 404 (the server may be upgraded), default 15 min. */
  readonly absentRetryMs?: number;
  readonly lastEventId?: string | null;
  readonly random?: () => number;
}

export interface Subscription {
  readonly lastEventId: () => string | null;
  close(): void;
}

/** Stays subscribed until closed: reconnects with backoff and `Last-Event-ID`; stops on a 401. */
export function subscribeEvents(options: SubscribeOptions): Subscription {
  const controller = new AbortController();
  let lastId = options.lastEventId ?? null;
  let state: LiveState | null = null;
  const set = (next: LiveState): void => {
    if (next === state) return;
    state = next;
    options.onState?.(next);
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  const random = options.random ?? Math.random;

  void (async () => {
    let failures = 0;
    while (!controller.signal.aborted) {
      const opening = await openEventStream({ ...options, lastEventId: lastId, signal: controller.signal });
      if (controller.signal.aborted) break;
      if (opening.kind === "unauthorized") {
        set("unauthorized");
        return;
      }
      if (opening.kind === "absent") {
        set("absent");
        await sleep(options.absentRetryMs ?? 15 * 60_000);
        continue;
      }
      if (opening.kind === "open") {
        set("connected");
        failures = 0;
        for await (const event of opening.events) {
          if (event.id !== "") lastId = event.id;
          options.onEvent(event);
        }
      }
      if (controller.signal.aborted) break;
      set("disconnected");
      const base = Math.min(options.maxBackoffMs ?? 30_000, (options.backoffMs ?? 1000) * 2 ** Math.min(failures, 5));
      const server = opening.kind === "open" ? (opening.retryMs() ?? 0) : 0;
      failures += 1;
      await sleep(Math.max(server, base * (0.5 + random() / 2)));
    }
    set("stopped");
  })();

  return {
    lastEventId: () => lastId,
    close: () => controller.abort(),
  };
}
