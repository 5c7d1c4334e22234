// Invitations: member_emails for someone new sends a single-use link by SMTP (a real SMTP sink on
// loopback); the page is accessible, scriptless and CSRF-safe; the invitee sets a name and password
// and can sign in; without SMTP, `invitations list` shows the link.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { smtpDeliver } from "../../server/coop/mailer";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";
import { smtpSink } from "./smtp-sink";
import type { Sink } from "./smtp-sink";

const ANN: Login = ["ann@example.com", "ann-password-1"];

describe.each(DATABASES)("invitations on $name", (kind) => {
  let db: TestDatabase;
  let sink: Sink;
  let t: TestServer;

  beforeEach(async () => {
    db = await kind.fresh();
    sink = await smtpSink();
    t = await startTestServer(db, {
      deliver: smtpDeliver(`smtp://127.0.0.1:${sink.port}`, "Co-op <coop@example.com>"),
    });
    await t.addUser(...ANN);
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
    await db.dispose();
  });

  it(
    "mails a single-use link; the page sets name and password; the invitee signs in and is a member",
    { timeout: 60_000 },
    async () => {
      const created = await call(t.url, "/groups", {
        method: "POST",
        as: ANN,
        format: "json",
        body: JSON.stringify({
          group: { name: "Kitchen & Co", timezone: "London", member_emails: "new@example.com, bad-address" },
        }),
      });
      expect(created.status).toBe(201);
      expect(sink.mails).toHaveLength(1);
      const mail = sink.mails[0] ?? "";
      expect(mail).toMatch(/^To: new@example.com/m);
      const link =
        /(http:\/\/127\.0\.0\.1:\d+\/invitations\/[A-Za-z0-9_-]+)/.exec(mail.replace(/=\r?\n/g, ""))?.[1] ?? "";
      expect(link).not.toBe("");
      const path = new URL(link).pathname;

      const page = await call(t.url, path, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
      expect(page.headers["content-security-policy"]).not.toContain("unsafe-inline");
      expect(page.text).not.toMatch(/<script|\son\w+=/i);
      expect(page.text).toContain('<html lang="en">');
      for (const id of ["first-name", "last-name", "password", "password-confirmation"])
        expect(page.text).toContain(`<label for="${id}">`);
      expect(page.text).toContain("Kitchen &amp; Co");
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
      const cookie = (page.headers["set-cookie"] ?? "").split(";")[0] ?? "";
      expect(cookie).toBe(`coop_invite_csrf=${csrf}`);

      const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
      const good = {
        csrf,
        first_name: "Nia",
        last_name: "New",
        password: "nia-password",
        password_confirmation: "nia-password",
      };
      // Without the cookie (a cross-site post), or from another origin: refused, nothing created.
      const forged = await call(t.url, path, {
        method: "POST",
        body: form(good),
        contentType: "application/x-www-form-urlencoded",
        headers: { accept: "text/html" },
      });
      expect(forged.status).toBe(400);
      expect(forged.text).toContain('role="alert"');
      const elsewhere = await call(t.url, path, {
        method: "POST",
        body: form(good),
        contentType: "application/x-www-form-urlencoded",
        headers: { accept: "text/html", cookie, origin: "https://evil.example" },
      });
      expect(elsewhere.status).toBe(400);
      const short = await call(t.url, path, {
        method: "POST",
        body: form({ ...good, password: "x", password_confirmation: "x" }),
        contentType: "application/x-www-form-urlencoded",
        headers: { accept: "text/html", cookie },
      });
      expect(short.status).toBe(400);
      expect(short.text).toContain('aria-invalid="true"');
      expect(short.text).toContain('value="Nia"');
      expect((await call(t.url, "/groups", { as: ["new@example.com", "nia-password"], format: "json" })).status).toBe(
        401,
      );

      const joined = await call(t.url, path, {
        method: "POST",
        body: form(good),
        contentType: "application/x-www-form-urlencoded",
        headers: { accept: "text/html", cookie, origin: new URL(t.url).origin },
      });
      expect(joined.status).toBe(200);
      expect(joined.text).toContain("Welcome, Nia");
      const groups = JSON.parse(
        (await call(t.url, "/groups", { as: ["new@example.com", "nia-password"], format: "json" })).text,
      ) as Array<{ name: string }>;
      expect(groups.map((g) => g.name)).toEqual(["Kitchen & Co"]);
      // Single use.
      expect((await call(t.url, path, { headers: { accept: "text/html" } })).status).toBe(404);
      expect(
        (
          await call(t.url, path, {
            method: "POST",
            body: form(good),
            contentType: "application/x-www-form-urlencoded",
            headers: { accept: "text/html", cookie },
          })
        ).status,
      ).toBe(404);
    },
  );
});

it("without SMTP, `invitations list` shows the pending invitation's link", { timeout: 60_000 }, async () => {
  const sqlite = DATABASES[0];
  if (sqlite === undefined) throw new Error("no database");
  const db = await sqlite.fresh();
  const t = await startTestServer(db);
  try {
    await t.addUser(...ANN);
    await call(t.url, "/groups", {
      method: "POST",
      as: ANN,
      format: "json",
      body: JSON.stringify({ group: { name: "Kitchen", timezone: "London", member_emails: "new@example.com" } }),
    });
  } finally {
    await t.close();
  }
  const run = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "server/cli.ts",
      "invitations",
      "list",
      "--data",
      db.options.dataDir,
      "--public-url",
      "https://coop.example.org",
    ],
    {
      cwd: join(import.meta.dirname, "..", ".."),
      encoding: "utf8",
    },
  );
  await db.dispose();
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(
    /^new@example\.com\tKitchen\thttps:\/\/coop\.example\.org\/invitations\/[A-Za-z0-9_-]{43}\n$/,
  );
});
