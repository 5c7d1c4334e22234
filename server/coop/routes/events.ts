/** The live event stream (`docs/coop-api.md §15`): any signed-in user, their groups' events only. */
import { z } from "zod";
import { HttpError } from "../../http/errors";
import { RETRY_AFTER_SECONDS } from "../app";
import { lastEventId, openStream } from "../../events/stream";
import { route } from "../route";

export const eventRoutes = [
  route({
    method: "GET",
    path: "/events",
    guard: "user",
    params: z.object({}),
    handle: ({ ctx, services, user, input }) => {
      const hub = services.events;
      // A server started without the stream answers as it did before there was one: clients poll.
      if (hub === null) throw new HttpError(404, `No route matches [GET] "/events"`);
      if (hub.isClosed)
        throw new HttpError(503, "The server is shutting down", { "retry-after": String(RETRY_AFTER_SECONDS) });
      const header = ctx.headers["last-event-id"];
      const query = input["last_event_id"];
      const since = lastEventId(typeof header === "string" ? header : typeof query === "string" ? query : null);
      return {
        status: 200,
        headers: { "content-type": "text/event-stream; charset=utf-8", "x-accel-buffering": "no" },
        stream: (res) => openStream(hub, services.store, user.id, since, res),
      };
    },
  }),
];
