/**
 * A fault-injecting HTTP proxy for the soak: in front of the sandbox, a share of requests (chosen
 * at random) fail in one of the ways a flaky network or server fails, before or after the request
 * reached the server. Counts what it did so the soak can print the real fault rate.
 */
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyFault = (typeof PROXY_FAULTS)[number];

/** Before: the server never saw the request. After: it handled it, and the answer is lost or replaced. */
export const PROXY_FAULTS = [
  "reset-before",
  "500-before",
  "503-before",
  "reset-after",
  "502-after",
  "slow-reset-after",
] as const;

export interface FaultProxy {
  readonly url: string;
  /** Share of requests to fail, 0…1. */
  rate: number;
  readonly counts: { requests: number; faulted: number; byKind: Record<ProxyFault, number> };
  close(): Promise<void>;
}

const XML = "application/xml; charset=utf-8";

export async function startFaultProxy(target: string, random: () => number = Math.random): Promise<FaultProxy> {
  const upstream = new URL(target);
  const byKind = Object.fromEntries(PROXY_FAULTS.map((kind) => [kind, 0])) as Record<ProxyFault, number>;
  const counts = { requests: 0, faulted: 0, byKind };
  const proxy: { rate: number } = { rate: 0 };

  type Answer = (status: number, headers: IncomingMessage["headers"], data: Buffer) => void;
  const pass = (req: IncomingMessage, body: Buffer, res: ServerResponse | null, after: Answer): void => {
    const out = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => after(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
      },
    );
    out.on("error", () => res?.destroy());
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      counts.requests++;
      const body = Buffer.concat(chunks);
      const fault = random() < proxy.rate ? PROXY_FAULTS[Math.floor(random() * PROXY_FAULTS.length)]! : null;
      if (fault) {
        counts.faulted++;
        counts.byKind[fault]++;
      }
      switch (fault) {
        case "reset-before":
          res.socket?.destroy();
          return;
        case "500-before":
          res.writeHead(500, { "content-type": XML }).end("<errors><error>Injected</error></errors>");
          return;
        case "503-before":
          res.writeHead(503, { "content-type": XML, "retry-after": "1" }).end("<errors><error>Busy</error></errors>");
          return;
        default:
          pass(req, body, res, (status, headers, data) => {
            if (fault === "reset-after") return void res.socket?.destroy();
            if (fault === "502-after") {
              const page = "<html><body>502 Bad Gateway</body></html>";
              return void res.writeHead(502, { "content-type": "text/html" }).end(page);
            }
            if (fault === "slow-reset-after") return void setTimeout(() => res.socket?.destroy(), 1_500);
            res.writeHead(status, headers).end(data);
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get rate() {
      return proxy.rate;
    },
    set rate(value: number) {
      proxy.rate = value;
    },
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
