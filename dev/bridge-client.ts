/**
 * Dev only: `CoopApi` over the dev bridge, for the preview build (dev/preview-entry.tsx). The
 * shipped renderer never contains it: its one transport is the preload's `window.coop`.
 *
 * One WebSocket to the page's own origin carrying
 * `{ id, call, args }` → `{ id, result }` and pushed `{ event, payload }`. Like the preload, it never
 * throws: a call made while the bridge is unreachable resolves to an `offline` error, and the socket
 * reconnects on its own.
 */
import { isResult, type AppError, type Result } from "../shared/errors";
import {
  CALL_NAMES,
  EVENT_NAMES,
  type CallName,
  type CoopApi,
  type EventName,
  type Unsubscribe,
} from "../shared/contract";

interface Pending {
  readonly resolve: (result: Result<unknown>) => void;
}

export interface BridgeClientOptions {
  /** Defaults to the page's own origin at `/ws`. */
  readonly url?: string;
  /** Reconnect delays grow to this cap (ms). */
  readonly maxReconnectDelayMs?: number;
  /** A call that gets no answer in this time resolves to an error (ms). */
  readonly callTimeoutMs?: number;
}

const lost = (message: string): AppError => ({ kind: "offline", cause: "refused", message });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function defaultBridgeUrl(): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}

export function createBridgeClient(options: BridgeClientOptions = {}): CoopApi {
  const url = options.url ?? defaultBridgeUrl();
  const maxDelay = options.maxReconnectDelayMs ?? 5_000;
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const outgoing: string[] = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let delay = 250;

  function connect(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener("open", () => {
      delay = 250;
      for (const frame of outgoing.splice(0)) ws.send(frame);
    });
    ws.addEventListener("message", (message) => {
      if (typeof message.data !== "string") return;
      let frame: unknown;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      if (!isObject(frame)) return;
      if (typeof frame.id === "number" && isResult(frame.result)) {
        const call = pending.get(frame.id);
        pending.delete(frame.id);
        call?.resolve(frame.result);
      } else if (typeof frame.event === "string" && (EVENT_NAMES as readonly string[]).includes(frame.event)) {
        for (const listener of listeners.get(frame.event as EventName) ?? []) listener(frame.payload);
      }
    });
    ws.addEventListener("close", () => {
      if (socket === ws) socket = null;
      // Calls in flight may or may not have run; the caller sees offline and decides (the outbox
      // on the main side is what guarantees notes are sent once).
      for (const [id, call] of pending) {
        pending.delete(id);
        call.resolve({ ok: false, error: lost("Lost the connection to Co-op Tray.") });
      }
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxDelay);
    });
  }

  function invoke(call: CallName, args: unknown): Promise<Result<unknown>> {
    return new Promise((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        if (pending.delete(id)) resolve({ ok: false, error: lost("Co-op Tray did not answer in time.") });
      }, callTimeoutMs);
      pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
      });
      const frame = JSON.stringify(args === undefined ? { id, call } : { id, call, args });
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
      else outgoing.push(frame);
    });
  }

  connect();

  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) api[name] = (args?: unknown) => invoke(name, args);
  const on: Record<string, unknown> = {};
  for (const event of EVENT_NAMES) {
    on[event] = (listener: (payload: unknown) => void): Unsubscribe => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  api.on = on;
  return api as unknown as CoopApi;
}
