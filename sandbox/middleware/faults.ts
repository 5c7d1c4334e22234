/**
 * The sandbox's outermost middleware on Co-op and Harvest v1: the request log, the 2012 captures'
 * extra headers, armed faults and latency. Latency is added after handling, so a client that gives up
 * still leaves its effect; a fault that mangles the answer to a write answers without handling it.
 */
import { randomBytes } from "node:crypto";
import { SENT, bool, negotiate, obj, parseAuth, replyToOutgoing, splitSuffix } from "../../server/index";
import type { Doc, Middleware, Outgoing } from "../../server/index";
import type { FaultBook } from "../faults";
import { DEFAULT_FAULT_LATENCY_MS, DELIVERY_FAULTS, faultReply } from "../faults";
import type { RequestLogEntry } from "../types";
import { HARVEST_V1_PATH } from "./harvest-v1";

export interface DeliveryOptions {
  readonly faults: FaultBook;
  readonly log: RequestLogEntry[];
  readonly now: () => number;
  readonly latencyMs: () => number;
  readonly wait: (ms: number) => Promise<void>;
}

/** The headers of the 2012 captures that the server itself does not send. */
function decorate(out: Outgoing, service: "coop" | "harvest", started: number): void {
  const headers = out.headers;
  headers["server"] = "nginx";
  if (service === "coop") {
    headers["x-powered-by"] = "Phusion Passenger (mod_rails/mod_rack) 3.0.11";
    headers["x-ua-compatible"] = "IE=Edge,chrome=1";
    headers["set-cookie"] = `_co-op_session=${randomBytes(16).toString("hex")}; path=/; HttpOnly`;
    headers["x-harvest-box"] = "cluster1";
    headers["cache-control"] ??= "no-cache";
    return;
  }
  headers["x-runtime"] = ((performance.now() - started) / 1000).toFixed(6);
}

export function delivery(options: DeliveryOptions): Middleware {
  return async (exchange, next) => {
    const { req, res, method, url, started } = exchange;
    const harvestMatch = HARVEST_V1_PATH.exec(url.pathname);
    const service: "coop" | "harvest" = harvestMatch === null ? "coop" : "harvest";
    const auth = parseAuth(req.headers["authorization"]);
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      time: options.now(),
      status: 0,
      service,
      account: harvestMatch === null ? null : decodeURIComponent(harvestMatch[1] ?? ""),
      user: auth === null || auth.email === "" ? null : auth.email,
    };
    const record = (status: number): void => {
      entry.status = status;
      options.log.push(entry);
    };

    const fault = options.faults.take(method, url.pathname);
    const { suffix } = splitSuffix(harvestMatch === null ? url.pathname : (harvestMatch[2] ?? ""));
    const faultFormat =
      negotiate(suffix, req.headers["accept"], req.headers["content-type"]) === "json" ? "json" : "xml";
    if (fault !== null && fault.kind !== "latency" && !DELIVERY_FAULTS.has(fault.kind)) {
      const replacement = faultReply(fault, faultFormat);
      record(replacement.status);
      await options.wait(options.latencyMs());
      if (res.destroyed) return SENT;
      res.writeHead(replacement.status, replacement.headers);
      if (typeof replacement.body === "string") res.end(replacement.body);
      else await replacement.body.stream(res);
      return SENT;
    }

    let out: Outgoing;
    if (fault !== null && DELIVERY_FAULTS.has(fault.kind) && method !== "GET" && method !== "HEAD") {
      const canned: Doc = { root: "hash", node: obj([["ok", bool(true)]]), rooted: false };
      out = replyToOutgoing({ status: 200, doc: canned }, faultFormat, "iso");
    } else {
      const answer = await next();
      if (answer === SENT) return SENT;
      out = answer;
    }
    decorate(out, service, started);
    record(out.status);

    const extra = fault?.kind === "latency" ? (fault.latencyMs ?? DEFAULT_FAULT_LATENCY_MS) : 0;
    await options.wait(options.latencyMs() + extra);
    if (res.destroyed) return SENT;
    if (fault?.kind === "contentType") out.headers["content-type"] = "text/plain; charset=utf-8";
    if (fault?.kind === "truncated") out.body = out.body.subarray(0, Math.floor(out.body.length / 2));
    if (fault?.kind === "reset") {
      // Headers promise the whole body; half of it arrives, then the connection dies.
      res.writeHead(out.status, { ...out.headers, "content-length": String(out.body.length) });
      res.write(out.body.subarray(0, Math.max(1, Math.floor(out.body.length / 2))), () => res.socket?.destroy());
      return SENT;
    }
    return out;
  };
}
