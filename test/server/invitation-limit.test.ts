// Issue 19, finding 4's limit under load: the per-user invitation limit (docs/coop-api.md §8.1) holds
// exactly when many requests arrive at once, on SQLite and PostgreSQL. Without an atomic count-and-insert,
// every concurrent request counted the same past and each made its invitations.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mintToken } from "../../server/auth/tokens";
import { smtpDeliver } from "../../server/coop/mailer";
import { call } from "../sandbox/helpers";
import type { Answer } from "../sandbox/helpers";
import { DATABASES, POSTGRES } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";
import { smtpSink } from "./smtp-sink";
import type { Sink } from "./smtp-sink";

const PER_DAY = 5;
const AT_ONCE = 16;

describe.each(DATABASES)("the invitation limit under concurrent requests on $name", (kind) => {
  let db: TestDatabase;
  let sink: Sink;
  let t: TestServer;
  let annId: number;
  let headers: Record<string, string>;

  beforeEach(async () => {
    db = await kind.fresh();
    sink = await smtpSink();
    // Real mail: a request waiting on SMTP is where another used to slip past the count.
    t = await startTestServer(db, {
      invitationsPerDay: PER_DAY,
      deliver: smtpDeliver(`smtp://127.0.0.1:${sink.port}`, "Co-op <coop@example.com>"),
    });
    annId = await t.addUser("ann@example.com", "ann-password-1");
    // A token, so no request waits on a password hash and they all reach the limit together.
    const { secret } = await mintToken(t.server.store, annId, "race", "personal", Date.now());
    headers = { authorization: `Bearer ${secret}`, accept: "application/json" };
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
    await db.dispose();
  });

  const post = (path: string, body: unknown): Promise<Answer> =>
    call(t.url, path, { method: "POST", headers, contentType: "application/json", body: JSON.stringify(body) });
  const sentByAnn = async (): Promise<number> =>
    (await t.server.store.invitations.pending()).filter((i) => i.invitedBy === annId).length;
  const annsGroups = async (): Promise<number> =>
    (JSON.parse((await call(t.url, "/groups.json", { headers })).text) as unknown[]).length;

  it("adding members: of many concurrent requests exactly the limit's worth succeed", async () => {
    const made = await post("/groups", { group: { name: "Kitchen", timezone: "UTC" } });
    const group = /(\d+)$/.exec(made.headers["location"] ?? "")?.[1] ?? "";
    const answers = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, i) =>
        post(`/groups/${group}/memberships`, { membership: { member_emails: `m${i}@example.com` } }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(PER_DAY);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(AT_ONCE - PER_DAY);
    expect(await sentByAnn()).toBe(PER_DAY);
    expect(sink.mails).toHaveLength(PER_DAY);
  });

  it("creating groups with members: the limit holds, and a refused create makes no group", async () => {
    const answers = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, i) =>
        post("/groups", { group: { name: `Team ${i}`, timezone: "UTC", member_emails: `g${i}@example.com` } }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(PER_DAY);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(AT_ONCE - PER_DAY);
    expect(await sentByAnn()).toBe(PER_DAY);
    expect(await annsGroups()).toBe(PER_DAY);
  });

  it("requests inviting two at once never pass the limit together, and none is half done", async () => {
    const made = await post("/groups", { group: { name: "Pairs", timezone: "UTC" } });
    const group = /(\d+)$/.exec(made.headers["location"] ?? "")?.[1] ?? "";
    const answers = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, i) =>
        post(`/groups/${group}/memberships`, { membership: { member_emails: `a${i}@example.com, b${i}@example.com` } }),
      ),
    );
    // Five allow two pairs (four invitations); the fifth would need a pair.
    expect(answers.filter((a) => a.status === 201)).toHaveLength(Math.floor(PER_DAY / 2));
    expect(await sentByAnn()).toBe(2 * Math.floor(PER_DAY / 2));
    expect(sink.mails).toHaveLength(2 * Math.floor(PER_DAY / 2));
  });
});

describe.runIf(POSTGRES !== null)("the invitation limit across two instances on one PostgreSQL database", () => {
  it("requests spread over both instances still make exactly the limit's worth", async () => {
    const db = await (POSTGRES as NonNullable<typeof POSTGRES>).fresh();
    const one = await startTestServer(db, { invitationsPerDay: PER_DAY });
    const two = await startTestServer(db, { invitationsPerDay: PER_DAY });
    try {
      const annId = await one.addUser("ann@example.com", "ann-password-1");
      const { secret } = await mintToken(one.server.store, annId, "race", "personal", Date.now());
      const headers = { authorization: `Bearer ${secret}`, accept: "application/json" };
      const post = (url: string, path: string, body: unknown): Promise<Answer> =>
        call(url, path, { method: "POST", headers, contentType: "application/json", body: JSON.stringify(body) });
      const made = await post(one.url, "/groups", { group: { name: "Kitchen", timezone: "UTC" } });
      const group = /(\d+)$/.exec(made.headers["location"] ?? "")?.[1] ?? "";
      const answers = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, i) =>
          post(i % 2 === 0 ? one.url : two.url, `/groups/${group}/memberships`, {
            membership: { member_emails: `m${i}@example.com` },
          }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(PER_DAY);
      expect((await one.server.store.invitations.pending()).length).toBe(PER_DAY);
    } finally {
      await one.close();
      await two.close();
      await db.dispose();
    }
  });
});
