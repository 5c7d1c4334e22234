// Consent before membership (issue 19, findings 1, 4 and 6's invitation race) and the member-rights
// defects found while documenting the server: real HTTP against the real server, on SQLite and
// PostgreSQL, with a real SMTP sink.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { smtpDeliver } from "../../server/coop/mailer";
import { call, readRailsXml } from "../sandbox/helpers";
import type { Answer, Login } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";
import { acceptInvitations, startTestServer } from "./helpers";
import type { TestServer } from "./helpers";
import { invitationPath, smtpSink, unfolded } from "./smtp-sink";
import type { Sink } from "./smtp-sink";

const ANN: Login = ["ann@example.com", "ann-password-1"];
const BOB: Login = ["bob@example.com", "bob-password-1"];
const CAT: Login = ["cat@example.com", "cat-password-1"];
const PER_DAY = 4;

const json = <T>(answer: Answer): T => JSON.parse(answer.text) as T;
const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
/** What a caller can compare between two answers: everything but the clock. */
const visible = (a: Answer) => {
  const { date: _d, "x-runtime": _r, "keep-alive": _k, ...headers } = a.headers;
  return { status: a.status, headers, text: a.text };
};

describe.each(DATABASES)("consent on $name", (kind) => {
  let db: TestDatabase;
  let sink: Sink;
  let t: TestServer;
  let bobId: number;
  let catId: number;

  const start = async () =>
    startTestServer(db, {
      deliver: smtpDeliver(`smtp://127.0.0.1:${sink.port}`, "Co-op <coop@example.com>"),
      invitationsPerDay: PER_DAY,
    });

  beforeEach(async () => {
    db = await kind.fresh();
    sink = await smtpSink();
    t = await start();
    await t.addUser(...ANN);
    bobId = await t.addUser(...BOB);
    catId = await t.addUser(...CAT);
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
    await db.dispose();
  });

  async function group(as: Login, name: string, memberEmails = ""): Promise<number> {
    const made = await call(t.url, "/groups", {
      method: "POST",
      as,
      format: "json",
      body: JSON.stringify({ group: { name, timezone: "London", member_emails: memberEmails } }),
    });
    expect(made.status).toBe(201);
    return Number(/\/groups\/(\d+)/.exec(made.headers["location"] ?? "")?.[1]);
  }
  const addMembers = (as: Login, groupId: number, emails: string) =>
    call(t.url, `/groups/${groupId}/memberships`, {
      method: "POST",
      as,
      format: "json",
      body: JSON.stringify({ membership: { member_emails: emails } }),
    });
  const groupNames = async (as: Login) =>
    json<Array<{ name: string }>>(await call(t.url, "/groups", { as, format: "json" })).map((g) => g.name);
  const pending = async (as: Login) =>
    json<Array<{ id: number; group_id: number; group_name: string; inviter_name: string }>>(
      await call(t.url, "/invitations", { as, format: "json" }),
    );
  const answer = (as: Login, id: number, what: "accept" | "decline") =>
    call(t.url, `/invitations/${id}/${what}`, { method: "POST", as, format: "json" });
  async function join(as: Login, groupId: number): Promise<void> {
    await addMembers(ANN, groupId, as[0]);
    expect(await acceptInvitations(t.url, as)).toBe(1);
  }

  it(
    "finding 1: an existing account is invited, not added; it joins only by accepting",
    { timeout: 60_000 },
    async () => {
      const kitchen = await group(ANN, "Kitchen", BOB[0]);
      expect(await groupNames(BOB)).toEqual([]);
      const members = json<Array<{ id: number }>>(
        await call(t.url, `/groups/${kitchen}/users`, { as: ANN, format: "json" }),
      );
      expect(members.map((m) => m.id)).not.toContain(bobId);
      expect((await call(t.url, `/groups/${kitchen}/users/${bobId}`, { as: ANN, format: "json" })).text).toBe("[]");
      // Bob was told, in a mail that says who invited him and to accept in the app.
      expect(sink.mails).toHaveLength(1);
      const mail = unfolded(sink.mails[0] ?? "");
      expect(mail).toMatch(/^To: bob@example.com/m);
      expect(mail).toContain("ann Tester (ann[at]example[.]com) invited bob@example.com");
      expect(mail).toContain("Co-op Tray");

      const mine = await pending(BOB);
      expect(mine).toEqual([
        expect.objectContaining({ group_id: kitchen, group_name: "Kitchen", inviter_name: "ann Tester" }),
      ]);
      const xml = readRailsXml((await call(t.url, "/invitations", { as: BOB, format: "xml" })).text);
      expect(xml.root).toBe("invitations");
      expect(xml.value).toEqual([expect.objectContaining({ id: mine[0]?.id, group_name: "Kitchen" })]);
      const id = mine[0]?.id ?? 0;
      // Nobody else sees or answers it.
      expect(await pending(CAT)).toEqual([]);
      expect((await answer(CAT, id, "accept")).status).toBe(404);
      expect((await answer(ANN, id, "accept")).status).toBe(404);
      expect(await groupNames(CAT)).toEqual([]);

      const accepted = await answer(BOB, id, "accept");
      expect(accepted.status).toBe(200);
      expect(accepted.headers["location"]).toBe(`/groups/${kitchen}`);
      expect(await groupNames(BOB)).toEqual(["Kitchen"]);
      expect(await pending(BOB)).toEqual([]);
      expect((await answer(BOB, id, "accept")).status).toBe(404);

      // Declining: nothing joins, the invitation is gone.
      const den = await group(ANN, "Den", CAT[0]);
      const catsId = (await pending(CAT))[0]?.id ?? 0;
      expect((await answer(CAT, catsId, "decline")).status).toBe(200);
      expect(await pending(CAT)).toEqual([]);
      expect(await groupNames(CAT)).toEqual([]);
      expect((await call(t.url, `/groups/${den}/users/${catId}`, { as: ANN, format: "json" })).text).toBe("[]");
    },
  );

  it(
    "finding 1: adding a member answers the same whether or not the email has an account",
    { timeout: 60_000 },
    async () => {
      const kitchen = await group(ANN, "Kitchen");
      const known = await addMembers(ANN, kitchen, BOB[0]);
      const unknown = await addMembers(ANN, kitchen, "nobody@example.com");
      expect(visible(known)).toEqual(visible(unknown));
      // One mail each, both with a link.
      expect(sink.mails.map((m) => /^To: (.*)$/m.exec(m)?.[1]?.trim())).toEqual([BOB[0], "nobody@example.com"]);
      for (const mail of sink.mails) expect(invitationPath(mail)).toMatch(/^\/invitations\//);
    },
  );

  it(
    "finding 4: invitations per user are limited in the database, and the mail carries no link but its own",
    { timeout: 60_000 },
    async () => {
      const phish = "URGENT: verify your account at http://phish.example";
      const lure = await group(ANN, phish, "a1@example.com, a2@example.com, a3@example.com");
      const over = await addMembers(ANN, lure, "a4@example.com, a5@example.com");
      expect(over.status).toBe(429);
      expect(Number(over.headers["retry-after"])).toBeGreaterThan(23 * 3600);
      expect(json<{ errors: string[] }>(over).errors[0]).toMatch(/invitations a day/);
      // A group create past the limit makes no group.
      expect(
        (
          await call(t.url, "/groups", {
            method: "POST",
            as: ANN,
            format: "json",
            body: JSON.stringify({
              group: { name: "More", timezone: "London", member_emails: "b1@example.com, b2@example.com" },
            }),
          })
        ).status,
      ).toBe(429);
      expect(await groupNames(ANN)).toEqual([phish]);
      // The count lives in the database: a restarted server (or another instance) still refuses.
      await t.close();
      t = await start();
      expect((await addMembers(ANN, lure, "a6@example.com, a7@example.com")).status).toBe(429);
      expect((await addMembers(ANN, lure, "a8@example.com")).status).toBe(201);
      expect((await addMembers(ANN, lure, "a9@example.com")).status).toBe(429);
      // Another user has their own allowance.
      expect((await addMembers(BOB, await group(BOB, "Bob's"), "c1@example.com")).status).toBe(201);

      expect(sink.mails).toHaveLength(PER_DAY + 1);
      for (const raw of sink.mails) {
        const mail = unfolded(raw);
        expect(mail).not.toMatch(/text\/html/i);
        expect(mail).not.toContain("phish.example");
        expect(mail).not.toContain("http://phish");
        const links = mail.match(/https?:\/\/\S+/g) ?? [];
        expect(links).toHaveLength(1);
        expect(links[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invitations\/[A-Za-z0-9_-]+$/);
      }
      expect(unfolded(sink.mails[0] ?? "")).toContain("ann Tester (ann[at]example[.]com) invited a1@example.com");
      expect(unfolded(sink.mails[0] ?? "")).toContain("URGENT: verify your account at http[:]//phish[.]example");
    },
  );

  it(
    "finding 6: concurrent uses of one invitation: exactly one wins, the others get a 4xx",
    { timeout: 60_000 },
    async () => {
      const kitchen = await group(ANN, "Kitchen", "new@example.com");
      const path = invitationPath(sink.mails[0] ?? "");
      const page = await call(t.url, path, { headers: { accept: "text/html" } });
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
      const cookie = (page.headers["set-cookie"] ?? "").split(";")[0] ?? "";
      const body = form({
        csrf,
        first_name: "Nia",
        last_name: "New",
        password: "nia-password",
        password_confirmation: "nia-password",
      });
      const posts = await Promise.all(
        Array.from({ length: 6 }, () =>
          call(t.url, path, {
            method: "POST",
            body,
            contentType: "application/x-www-form-urlencoded",
            headers: { accept: "text/html", cookie },
          }),
        ),
      );
      const statuses = posts.map((p) => p.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      // Losers see the invitation used (404) or the account the winner made (409), never a 500.
      for (const s of statuses.filter((s) => s !== 200)) expect([404, 409]).toContain(s);

      // The same through the API, by an existing account on several devices at once.
      await addMembers(ANN, kitchen, BOB[0]);
      const id = (await pending(BOB))[0]?.id ?? 0;
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => answer(BOB, id, i % 2 === 0 ? "accept" : "decline")),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      for (const a of answers.filter((a) => a.status !== 200)) expect([404, 409]).toContain(a.status);
    },
  );

  it(
    "defect a: only the owner renames the group, changes its zone or its agenda; members keep their own agenda",
    { timeout: 60_000 },
    async () => {
      const kitchen = await group(ANN, "Kitchen");
      await join(BOB, kitchen);
      const put = (as: Login, path: string, body: unknown) =>
        call(t.url, path, { method: "PUT", as, format: "json", body: JSON.stringify(body) });
      expect((await put(BOB, `/groups/${kitchen}`, { group: { name: "Bob's now" } })).status).toBe(400);
      expect((await put(BOB, `/groups/${kitchen}`, { group: { timezone: "Tokyo" } })).status).toBe(400);
      expect((await put(BOB, `/groups/${kitchen}/agenda`, { agenda: "overwritten" })).status).toBe(400);
      const groups = json<Array<{ name: string; timezone: string }>>(
        await call(t.url, "/groups", { as: ANN, format: "json" }),
      );
      expect(groups).toEqual([expect.objectContaining({ name: "Kitchen", timezone: "London" })]);
      expect(
        json<{ agenda: string }>(await call(t.url, `/groups/${kitchen}/agenda`, { as: ANN, format: "json" })).agenda,
      ).toBe("");
      expect((await put(BOB, `/groups/${kitchen}/my_agenda`, { agenda: "mine" })).status).toBe(200);
      expect((await put(ANN, `/groups/${kitchen}`, { group: { name: "Kitchen 2" } })).status).toBe(200);
      expect((await put(ANN, `/groups/${kitchen}/agenda`, { agenda: "the plan" })).status).toBe(200);
    },
  );

  it(
    "defect b: a user outside the group and a user who does not exist get the same answer",
    { timeout: 60_000 },
    async () => {
      const kitchen = await group(ANN, "Kitchen");
      for (const suffix of ["", "/20261207"]) {
        const outsider = await call(t.url, `/groups/${kitchen}/users/${catId}${suffix}`, { as: ANN, format: "json" });
        const nobody = await call(t.url, `/groups/${kitchen}/users/999999${suffix}`, { as: ANN, format: "json" });
        expect(visible(nobody)).toEqual(visible(outsider));
      }
    },
  );

  it("defect c: the invitation page never joins an account that exists by then", { timeout: 60_000 }, async () => {
    const kitchen = await group(ANN, "Kitchen", "late@example.com");
    const path = invitationPath(sink.mails[0] ?? "");
    const page = await call(t.url, path, { headers: { accept: "text/html" } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const cookie = (page.headers["set-cookie"] ?? "").split(";")[0] ?? "";
    const late: Login = ["late@example.com", "late-password-1"];
    const lateId = await t.addUser(...late);
    const posted = await call(t.url, path, {
      method: "POST",
      body: form({
        csrf,
        first_name: "Eve",
        last_name: "X",
        password: "eve-password",
        password_confirmation: "eve-password",
      }),
      contentType: "application/x-www-form-urlencoded",
      headers: { accept: "text/html", cookie },
    });
    expect(posted.status).toBe(409);
    expect(posted.text).toContain("Co-op Tray");
    expect(await groupNames(late)).toEqual([]);
    expect((await call(t.url, "/groups", { as: ["late@example.com", "eve-password"], format: "json" })).status).toBe(
      401,
    );
    const members = json<Array<{ id: number }>>(
      await call(t.url, `/groups/${kitchen}/users`, { as: ANN, format: "json" }),
    );
    expect(members.map((m) => m.id)).not.toContain(lateId);
    // The page now says to answer signed in, with no form; the invitation waits for the account.
    const again = await call(t.url, path, { headers: { accept: "text/html" } });
    expect(again.text).not.toContain("<form");
    expect((await pending(late)).map((p) => p.group_id)).toEqual([kitchen]);
  });

  it("defect d: the invitation page is never cached or revalidated", { timeout: 60_000 }, async () => {
    await group(ANN, "Kitchen", "new@example.com");
    const page = await call(t.url, invitationPath(sink.mails[0] ?? ""), { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.headers["etag"]).toBeUndefined();
  });

  it(
    "defect e: the members list gives each membership's id, which removing or leaving takes",
    { timeout: 60_000 },
    async () => {
      const kitchen = await group(ANN, "Kitchen");
      await join(BOB, kitchen);
      await join(CAT, kitchen);
      for (const path of [`/groups/${kitchen}/users`, `/groups/${kitchen}/memberships`]) {
        const members = json<Array<{ id: number; email: string; membership_id: number }>>(
          await call(t.url, path, { as: BOB, format: "json" }),
        );
        expect(members.map((m) => m.email)).toEqual([ANN[0], BOB[0], CAT[0]]);
        for (const m of members) expect(m.membership_id).toEqual(expect.any(Number));
        const xml = readRailsXml((await call(t.url, path, { as: BOB, format: "xml" })).text);
        expect(xml.value).toEqual(
          members.map((m) => expect.objectContaining({ id: m.id, membership_id: m.membership_id })),
        );
      }
      const members = json<Array<{ id: number; membership_id: number }>>(
        await call(t.url, `/groups/${kitchen}/users`, { as: BOB, format: "json" }),
      );
      const of = (id: number) => members.find((m) => m.id === id)?.membership_id ?? 0;
      // Bob leaves with his own; Ann (the owner) removes Cat with hers.
      expect(
        (
          await call(t.url, `/groups/${kitchen}/memberships/${of(bobId)}`, {
            method: "DELETE",
            as: BOB,
            format: "json",
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await call(t.url, `/groups/${kitchen}/memberships/${of(catId)}`, {
            method: "DELETE",
            as: ANN,
            format: "json",
          })
        ).status,
      ).toBe(200);
      expect(await groupNames(BOB)).toEqual([]);
      expect(await groupNames(CAT)).toEqual([]);
    },
  );
});
