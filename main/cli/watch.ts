/**
 * `coop-tray-cli watch <group>`: prints a group's new statuses as they arrive, through the server's
 * live event stream (`docs/coop-api.md §15`): each event for the group re-reads its latest statuses
 * and prints the ones not seen yet, oldest first. A server without the stream is polled instead.
 * Runs until interrupted (or `signal` aborts); a wrong password ends it with the auth exit code.
 */
import type { CallOptions, CoopClient } from "@coop-tray/protocol";
import type { ApiResult } from "../../shared/errors";
import { subscribeEvents } from "@coop-tray/protocol/event-stream";
import type { LiveState } from "@coop-tray/protocol/event-stream";
import { statusKey, type Status } from "@coop-tray/protocol/models";

export interface WatchIo {
  readonly print: (statuses: readonly Status[]) => void;
  readonly note: (text: string) => void;
  readonly unwrap: <T>(result: ApiResult<T>) => T;
  readonly call: CallOptions;
  readonly userAgent: string;
  readonly signal: AbortSignal;
}

/** Who watches: a token (Bearer) or, on servers without tokens, the email and password (Basic). */
export type WatchLogin =
  | { readonly server: string; readonly email: string; readonly password: string }
  | { readonly server: string; readonly email: string; readonly token: string };

const POLL_MS = 60_000;

export async function watchGroup(client: CoopClient, login: WatchLogin, groupId: number, io: WatchIo): Promise<void> {
  const seen = new Set<string>();
  const latest = async (): Promise<Status[]> =>
    io.unwrap(await client.latestStatuses(groupId, { ...io.call, priority: "background" })).value ?? [];
  for (const status of await latest()) seen.add(statusKey(status));
  io.note(`Watching group ${groupId}; new statuses appear below (Ctrl-C to stop).`);

  let reading: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const readNew = (): void => {
    reading = reading
      .then(async () => {
        const fresh = (await latest()).filter((status) => !seen.has(statusKey(status))).reverse();
        fresh.forEach((status) => seen.add(statusKey(status)));
        if (fresh.length > 0) io.print(fresh);
      })
      .catch((error: unknown) => {
        failure ??= error;
        stop();
      });
  };

  let poller: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const stop = (): void => {
    subscription.close();
    clearInterval(poller);
    finish();
  };
  const states: Partial<Record<LiveState, string>> = {
    disconnected: "The live stream dropped; reconnecting…",
    absent: `This server has no live stream; polling every ${POLL_MS / 1000} s.`,
  };
  const subscription = subscribeEvents({
    baseUrl: login.server,
    authorization:
      "token" in login
        ? `Bearer ${login.token}`
        : `Basic ${Buffer.from(`${login.email}:${login.password}`).toString("base64")}`,
    userAgent: io.userAgent,
    onEvent: (event) => {
      let group: unknown = null;
      try {
        group = (JSON.parse(event.data) as { group_id?: unknown }).group_id;
      } catch {
        return;
      }
      if (event.event === "reset" || group === groupId) readNew();
    },
    onState: (state) => {
      const said = states[state];
      if (said !== undefined) io.note(said);
      // Whatever happened while away is read once on every (re)connection.
      if (state === "connected") readNew();
      if (state === "absent" && poller === undefined) poller = setInterval(readNew, POLL_MS);
      if (state === "unauthorized") {
        try {
          io.unwrap({
            ok: false,
            error: { kind: "auth", message: "The server refused the login for its live stream." },
          });
        } catch (error) {
          failure ??= error;
        }
        stop();
      }
    },
  });
  io.signal.addEventListener("abort", stop, { once: true });
  if (io.signal.aborted) stop();
  await finished;
  await reading;
  if (failure !== null) throw failure;
}
