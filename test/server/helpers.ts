/** Starting the real server in-process on a test database, with its log captured, and users in it. */
import { hashPassword } from "../../server/auth/passwords";
import type { CoopServer, ServerOptions } from "../../server/compose";
import { startServer } from "../../server/compose";
import { jsonLogger } from "../../server/log";
import type { TestDatabase } from "./databases";
import { call } from "../sandbox/helpers";

export interface TestServer {
  readonly server: CoopServer;
  readonly url: string;
  /** Every JSON log line so far. */
  readonly logLines: string[];
  addUser(email: string, password: string, firstName?: string): Promise<number>;
  close(): Promise<void>;
}

export async function startTestServer(db: TestDatabase, extra: Partial<ServerOptions> = {}): Promise<TestServer> {
  const logLines: string[] = [];
  const server = await startServer({
    ...db.options,
    host: "127.0.0.1",
    port: 0,
    log: jsonLogger((line) => logLines.push(line)),
    gatherEverySeconds: 0,
    ...extra,
  });
  return {
    server,
    url: server.url,
    logLines,
    addUser: async (email, password, firstName = email.split("@")[0] ?? "User") =>
      (
        await server.store.users.create(
          { firstName, lastName: "Tester", email, passwordHash: await hashPassword(password) },
          Date.now(),
        )
      ).id,
    close: () => server.close(),
  };
}

/** Accepts every invitation waiting for this user (consent: member_emails only invites; docs/coop-api.md §8.4). */
export async function acceptInvitations(url: string, as: readonly [string, string]): Promise<number> {
  const pending = JSON.parse((await call(url, "/invitations", { as, format: "json" })).text) as Array<{ id: number }>;
  for (const { id } of pending) {
    const answer = await call(url, `/invitations/${id}/accept`, { method: "POST", as, format: "json" });
    if (answer.status !== 200) throw new Error(`accepting invitation ${id}: ${answer.status} ${answer.text}`);
  }
  return pending.length;
}
