/**
 * The dev bridge: a second transport for the IPC contract, for the preview, the end-to-end tests
 * and the renderer benchmark (never shipped). It serves the built renderer and
 * carries calls over a WebSocket to the same `dispatch` that Electron's IPC uses (validation
 * included), and pushes the app's events to every connected page. Bound to 127.0.0.1 only; a
 * WebSocket from any other origin is refused, which keeps other web pages (and DNS-rebinding tricks)
 * from driving the app.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { EVENT_NAMES, type EventName, type Unsubscribe } from "../../shared/contract";
import type { Result } from "../../shared/errors";
import type { Dispatch } from "../../main/ipc/dispatch";
import { eventFrame, parseCallFrame, resultFrame } from "./frames";
import { serveStatic } from "./static-files";

type Subscribe = (event: EventName, listener: (payload: unknown) => void) => Unsubscribe;

export interface BridgeOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly dispatch: Dispatch;
  readonly subscribe: Subscribe;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** Largest frame accepted, in bytes (default 256 KiB: notes are capped at 10,000 characters). */
  readonly maxMessageBytes?: number;
  /** Calls one page may have in flight at once (default 64). */
  readonly maxInFlight?: number;
  /** Called when a page connects (the app treats it like the tray window being shown). */
  readonly onConnect?: () => void;
  /** index.html with the popup's first frame, rendered ahead of time (see first-frame-page.ts). */
  readonly indexPage?: () => Promise<Buffer>;
}

export interface Bridge {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const WS_PATH = "/ws";

function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function allowedOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

function refuseUpgrade(socket: Socket, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const maxInFlight = options.maxInFlight ?? 64;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 256 * 1024 });
  let port = options.port;

  const server = createServer((req, res) => {
    if (!allowedHosts(port).has(req.headers.host ?? "")) {
      res.writeHead(421, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Misdirected request");
      return;
    }
    void serveStatic(options.staticDir, req, res, options.indexPage).catch(() => res.destroy());
  });

  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = new URL(req.url ?? "/", "http://bridge.invalid").pathname;
    if (path !== WS_PATH) return refuseUpgrade(socket, 404, "Not Found");
    if (!allowedHosts(port).has(req.headers.host ?? "") || !allowedOrigins(port).has(req.headers.origin ?? "")) {
      return refuseUpgrade(socket, 403, "Forbidden");
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  wss.on("connection", (ws: WebSocket) => {
    let inFlight = 0;
    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, "text frames only");
        return;
      }
      const parsed = parseCallFrame(data.toString("utf8"));
      if (!parsed.ok) {
        ws.send(
          resultFrame(parsed.id, {
            ok: false,
            error: { kind: "invalidInput", message: "The bridge refused a malformed call.", issues: [parsed.reason] },
          }),
        );
        return;
      }
      const { id, call, args } = parsed.frame;
      if (inFlight >= maxInFlight) {
        ws.send(
          resultFrame(id, {
            ok: false,
            error: { kind: "invalidInput", message: "Too many calls at once.", issues: [] },
          }),
        );
        return;
      }
      inFlight++;
      void options
        .dispatch(call, args)
        .catch(
          (): Result<unknown> => ({ ok: false, error: { kind: "internal", message: "The call failed unexpectedly." } }),
        )
        .then((result) => {
          inFlight--;
          if (ws.readyState === ws.OPEN) ws.send(resultFrame(id, result));
        });
    });
    ws.on("error", () => ws.terminate());
    options.onConnect?.();
  });

  const unsubscribes = EVENT_NAMES.map((event) =>
    options.subscribe(event, (payload) => {
      const frame = eventFrame(event, payload);
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
    }),
  );

  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close() {
      closing ??= (async () => {
        for (const unsubscribe of unsubscribes) unsubscribe();
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((done) => wss.close(() => done()));
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
      })();
      return closing;
    },
  };
}
