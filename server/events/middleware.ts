/**
 * Sends a streamed answer (`Reply.stream`, the event stream): the route has signed the caller in and
 * set the headers through the ordinary pipeline; this writes them and hands the response to the route,
 * answering SENT once the stream ends (so the request log shows its real length and a shutdown's drain
 * waits for it: the hub ends every stream first).
 */
import type { Middleware } from "../http/middleware";
import { SENT } from "../http/middleware";

export const streamReplies: Middleware = async (exchange, next) => {
  const answer = await next();
  if (answer === SENT || answer.stream === undefined) return answer;
  const { res, method } = exchange;
  const { etag: _etag, ...headers } = answer.headers;
  res.writeHead(answer.status, { ...headers, "cache-control": "no-cache", "x-content-type-options": "nosniff" });
  if (method === "HEAD") res.end();
  else {
    res.flushHeaders();
    await answer.stream(res);
  }
  return SENT;
};
