// Personal and device tokens (docs/coop-api.md §2.5): minted with the password once, then Bearer (or
// Basic with the token as the password) on every kind of route; stored as SHA-256 digests only;
// revocable one by one or as "the token this request used"; a token cannot mint tokens; a wrong token
// counts as a failed sign-in for the address. The password change needs the current password.
import { createHash } from "node:crypto";
import { mintToken } from "../../server/auth/tokens";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, idFromLocation } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";
import { startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];
const CARL: Login = ["carl@example.com", "carl-password-1"];
const TOKEN_SHAPE = /^coop_(pat|dev)_[A-Za-z0-9_-]{43}$/;

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

describe.each(DATABASES)("tokens on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  let annId: number;
  let carlId: number;

  beforeEach(async () => {
    db = await kind.fresh();
    t = await startTestServer(db, { signIn: { addressFailures: 4 } });
    annId = await t.addUser(...ANN);
    carlId = await t.addUser(...CARL);
  });
  afterEach(async () => {
    await t.close();
    await db.dispose();
  });

  async function mint(as: Login, name = "laptop", tokenKind = "personal"): Promise<{ id: number; token: string }> {
    const res = await call(t.url, "/tokens", {
      method: "POST",
      as,
      format: "json",
      body: JSON.stringify({ token: { name, kind: tokenKind } }),
    });
    expect(res.status, res.text).toBe(201);
    const body = JSON.parse(res.text) as { id: number; token: string; name: string; kind: string };
    expect(body).toMatchObject({ name, kind: tokenKind });
    return { id: body.id, token: body.token };
  }

  async function newGroup(headers: Record<string, string>): Promise<number> {
    const res = await call(t.url, "/groups", {
      method: "POST",
      headers,
      format: "json",
      body: '{"group":{"name":"Tokens","timezone":"UTC"}}',
    });
    expect(res.status, res.text).toBe(201);
    return idFromLocation(res.headers["location"]);
  }

  it("Bearer signs in on user, member, owner and self routes; Basic with the token too; revoked is 401", async () => {
    const { id, token } = await mint(ANN);
    expect(token).toMatch(TOKEN_SHAPE);
    const group = await newGroup(bearer(token));
    expect((await call(t.url, "/groups", { headers: bearer(token), format: "json" })).status).toBe(200);
    expect((await call(t.url, `/groups/${group}/statuses`, { headers: bearer(token), format: "json" })).status).toBe(
      200,
    );
    const self = await call(t.url, `/users/${annId}/harvest_credential`, { headers: bearer(token), format: "json" });
    expect(self.status).toBe(404);
    expect(self.text).toContain("You have no Harvest credential");
    const viaBasic = await call(t.url, "/groups", { as: [ANN[0], token], format: "json" });
    expect(viaBasic.status).toBe(200);
    // Basic with someone else's email and Ann's token signs in as nobody.
    expect((await call(t.url, "/groups", { as: [CARL[0], token], format: "json" })).status).toBe(401);
    const owner = await call(t.url, `/groups/${group}`, { method: "DELETE", headers: bearer(token), format: "json" });
    expect(owner.status).toBeLessThan(300);

    const revoked = await call(t.url, `/tokens/${id}`, { method: "DELETE", as: ANN, format: "json" });
    expect(revoked.status).toBeLessThan(300);
    const after = await call(t.url, "/groups", { headers: bearer(token), format: "json" });
    expect(after.status).toBe(401);
    expect((await call(t.url, "/groups", { as: [ANN[0], token], format: "json" })).status).toBe(401);
  });

  it("on a member route a token's one read answers like the password: not a member or no such group is 404", async () => {
    const { token } = await mint(ANN);
    const carls = await mint(CARL);
    const group = await newGroup(bearer(token));
    const post = await call(t.url, `/groups/${group}/statuses`, {
      method: "POST",
      headers: bearer(token),
      format: "json",
      body: '{"status":"Tea at four"}',
    });
    expect(post.status).toBe(201);
    const read = await call(t.url, `/groups/${group}/statuses`, { headers: bearer(token), format: "json" });
    expect(read.text).toContain("Tea at four");
    for (const path of [`/groups/${group}/statuses`, "/groups/99999/statuses", "/groups/2147483647/statuses"]) {
      const outsider = await call(t.url, path, { headers: bearer(carls.token), format: "json" });
      expect(outsider.status, path).toBe(404);
      expect(outsider.text, path).toContain("Group not found");
    }
    // Past any id a database holds: a valid id check, after sign-in, never a 500.
    const huge = await call(t.url, "/groups/99999999999/statuses", { headers: bearer(token), format: "json" });
    expect(huge.status).toBe(400);
    const wrong = await call(t.url, "/groups/99999999999/statuses", { headers: bearer(`${token}x`), format: "json" });
    expect(wrong.status).toBe(401);
    // Owner routes too: a member who does not own the group is refused as with a password.
    await t.server.store.db
      .insertInto("memberships")
      .values({ group_id: group, user_id: carlId, harvest_linked: 0, agenda: "" })
      .execute();
    const notOwner = await call(t.url, `/groups/${group}`, {
      method: "DELETE",
      headers: bearer(carls.token),
      format: "json",
    });
    expect(notOwner.status).toBe(400);
  });

  it("a remembered password's one read answers like a token's: a member gets the feed, others a 404, a new password a 401", async () => {
    const group = await newGroup({ authorization: `Basic ${Buffer.from(ANN.join(":")).toString("base64")}` });
    // Signed in once each, so the next requests take the remembered login's read (auth/verifier.ts).
    for (const as of [ANN, CARL]) expect((await call(t.url, "/groups", { as, format: "json" })).status).toBe(200);
    const post = await call(t.url, `/groups/${group}/statuses`, {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"status":"Kippers at eight"}',
    });
    expect(post.status).toBe(201);
    const read = await call(t.url, `/groups/${group}/statuses`, { as: ANN, format: "json" });
    expect(read.text).toContain("Kippers at eight");
    for (const path of [`/groups/${group}/statuses`, "/groups/99999/statuses", "/groups/2147483647/statuses"]) {
      const outsider = await call(t.url, path, { as: CARL, format: "json" });
      expect(outsider.status, path).toBe(404);
      expect(outsider.text, path).toContain("Group not found");
    }
    expect((await call(t.url, "/groups/99999999999/statuses", { as: ANN, format: "json" })).status).toBe(400);
    // Carl joins: the same remembered login now reads the group (the read is not cached with the login).
    await t.server.store.db
      .insertInto("memberships")
      .values({ group_id: group, user_id: carlId, harvest_linked: 0, agenda: "" })
      .execute();
    const joined = await call(t.url, `/groups/${group}/statuses`, { as: CARL, format: "json" });
    expect(joined.status).toBe(200);
    expect(joined.text).toContain("Kippers at eight");
    const notOwner = await call(t.url, `/groups/${group}`, { method: "DELETE", as: CARL, format: "json" });
    expect(notOwner.status).toBe(400);
    // A password changed elsewhere (another instance, the command line): the remembered login's read
    // sees the new hash and no longer signs in, on a member route either.
    const other = await t.server.store.users.byId(annId);
    await t.server.store.db
      .updateTable("users")
      .set({ password_hash: other?.passwordHash ?? "" })
      .where("id", "=", carlId)
      .execute();
    expect((await call(t.url, `/groups/${group}/statuses`, { as: CARL, format: "json" })).status).toBe(401);
  });

  it("keeps only the token's SHA-256 digest", async () => {
    const { token } = await mint(ANN, "scripts");
    const rows = await t.server.store.db
      .selectFrom("tokens" as never)
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice("coop_pat_".length));
    expect(stored).toContain(createHash("sha256").update(token).digest("hex"));
  });

  it("lists one's own tokens without secrets; others' tokens are 404; a token cannot mint tokens", async () => {
    const ann = await mint(ANN, "laptop", "device");
    const carl = await mint(CARL, "carl's");
    const listed = await call(t.url, "/tokens", { headers: bearer(ann.token), format: "json" });
    expect(listed.status).toBe(200);
    const tokens = JSON.parse(listed.text) as { id: number; name: string; kind: string; current: boolean }[];
    expect(tokens).toEqual([expect.objectContaining({ id: ann.id, name: "laptop", kind: "device", current: true })]);
    expect(listed.text).not.toContain(ann.token);
    const xml = await call(t.url, "/tokens", { headers: bearer(ann.token), format: "xml" });
    expect(xml.text).toContain("<name>laptop</name>");

    expect((await call(t.url, `/tokens/${carl.id}`, { method: "DELETE", as: ANN })).status).toBe(404);
    expect((await call(t.url, "/groups", { headers: bearer(carl.token) })).status).toBe(200);

    const minted = await call(t.url, "/tokens", {
      method: "POST",
      headers: bearer(ann.token),
      format: "json",
      body: '{"token":{"name":"more"}}',
    });
    expect(minted.status).toBe(403);
    expect(minted.text).toContain("password");
    const blank = await call(t.url, "/tokens", { method: "POST", as: ANN, format: "json", body: '{"token":{}}' });
    expect(blank.status).toBe(400);
  });

  it("DELETE /tokens/current revokes the token the request came with (the app's sign-out)", async () => {
    const laptop = await mint(ANN, "laptop", "device");
    const phone = await mint(ANN, "phone", "device");
    const out = await call(t.url, "/tokens/current", { method: "DELETE", headers: bearer(laptop.token) });
    expect(out.status).toBeLessThan(300);
    expect((await call(t.url, "/groups", { headers: bearer(laptop.token) })).status).toBe(401);
    expect((await call(t.url, "/groups", { headers: bearer(phone.token) })).status).toBe(200);
    // Signed in with a password there is no current token.
    expect((await call(t.url, "/tokens/current", { method: "DELETE", as: ANN })).status).toBe(404);
  });

  it("a wrong Bearer token is a failed sign-in for the address, refused once the address is over its bar", async () => {
    const wrong = `coop_pat_${"A".repeat(43)}`;
    for (let i = 0; i < 4; i++) expect((await call(t.url, "/groups", { headers: bearer(wrong) })).status).toBe(401);
    const refused = await call(t.url, "/groups", { headers: bearer(wrong) });
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBeDefined();
  });

  it("changes one's own password only with the current one; tokens minted before are revoked but the current", async () => {
    const laptop = await mint(ANN, "laptop", "device");
    const scripts = await mint(ANN, "scripts");
    const wrong = await call(t.url, `/users/${annId}`, {
      method: "PUT",
      headers: bearer(laptop.token),
      format: "json",
      body: JSON.stringify({ user: { current_password: "not-the-password", password: "new-password-2" } }),
    });
    expect(wrong.status).toBe(422);
    expect((await call(t.url, "/groups", { as: ANN })).status).toBe(200);
    const short = await call(t.url, `/users/${annId}`, {
      method: "PUT",
      headers: bearer(laptop.token),
      format: "json",
      body: JSON.stringify({ user: { current_password: ANN[1], password: "short" } }),
    });
    expect(short.status).toBe(422);
    const others = await call(t.url, `/users/${annId}`, {
      method: "PUT",
      as: CARL,
      format: "json",
      body: JSON.stringify({ user: { current_password: CARL[1], password: "new-password-2" } }),
    });
    expect(others.status).toBe(404);

    const changed = await call(t.url, `/users/${annId}`, {
      method: "PUT",
      headers: bearer(laptop.token),
      format: "json",
      body: JSON.stringify({ user: { current_password: ANN[1], password: "new-password-2" } }),
    });
    expect(changed.status, changed.text).toBe(200);
    expect((await call(t.url, "/groups", { as: ANN })).status).toBe(401);
    expect((await call(t.url, "/groups", { as: [ANN[0], "new-password-2"] })).status).toBe(200);
    expect((await call(t.url, "/groups", { headers: bearer(laptop.token) })).status).toBe(200);
    expect((await call(t.url, "/groups", { headers: bearer(scripts.token) })).status).toBe(401);
  });

  it("a wrong current password counts as a failed sign-in (a stolen token cannot guess the password)", async () => {
    const slow = await startTestServer(db, { signIn: { addressFailures: 1 } });
    // Minted in the store: a password sign-in here would mark Ann's address as known and exempt it.
    const { secret } = await mintToken(slow.server.store, annId, "stolen", "device", Date.now());
    try {
      const attempt = () =>
        call(slow.url, `/users/${annId}`, {
          method: "PUT",
          headers: bearer(secret),
          format: "json",
          body: JSON.stringify({ user: { current_password: "guess-guess", password: "new-password-2" } }),
        });
      expect((await attempt()).status).toBe(422);
      // The address is now over its bar: refused unchecked.
      expect((await attempt()).status).toBe(429);
    } finally {
      await slow.close();
    }
  });

  it("removing a user removes their tokens", async () => {
    await mint(ANN);
    await t.server.store.users.remove(annId);
    expect(
      await t.server.store.db
        .selectFrom("tokens" as never)
        .selectAll()
        .execute(),
    ).toEqual([]);
  });
});
