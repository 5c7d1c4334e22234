// Signing in against the real Co-op server: the password goes over the wire for the sign-in only and is
// exchanged for a device token (docs/coop-api.md §2.5); only that token is in the keychain (read from the
// real keyring) and every later call sends it as Bearer (seen on the wire by a middleware). A server
// without tokens keeps Basic with the password; sign-out revokes the token; a revoked token asks for a
// new sign-in. Run inside the keyring wrapper (see the developers' guide).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Middleware } from "../../server/index";
import { createApp, type CoopTrayApp } from "../../main/app/create-app";
import { openNodeStore } from "../../main/app/open-node-store";
import { KEYCHAIN_SERVICE, coopAccountName, coopTokenAccountName, type Keychain } from "../../main/services/vault";
import { SQLITE } from "../server/databases";
import type { TestDatabase } from "../server/databases";
import { startTestServer } from "../server/helpers";
import type { TestServer } from "../server/helpers";
import { call } from "../sandbox/helpers";
import { FakeClock, KEYCHAIN_PLATFORM, realKeychain, tempDir } from "./helpers";

const EMAIL = `ann-${process.pid}-${Date.now()}@example.com`;
const PASSWORD = "ann-password-1";

interface Seen {
  readonly path: string;
  readonly scheme: string;
}

describe.skipIf(!KEYCHAIN_PLATFORM)("the app's Co-op sign-in with a device token", () => {
  let db: TestDatabase;
  let server: TestServer;
  let keychain: Keychain;
  let app: CoopTrayApp;
  let dir: ReturnType<typeof tempDir>;
  const seen: Seen[] = [];
  let tokensOffered = true;

  const recorder: Middleware = async (exchange, next) => {
    const header = exchange.req.headers["authorization"] ?? "";
    seen.push({ path: `${exchange.method} ${exchange.url.pathname}`, scheme: header.split(" ")[0] ?? "" });
    if (!tokensOffered && exchange.url.pathname.startsWith("/tokens"))
      return {
        status: 404,
        headers: { "content-type": "application/json" },
        body: Buffer.from('{"errors":["No route"]}'),
      };
    return next();
  };

  const ours = async (): Promise<Record<string, string>> => {
    const entries = await keychain.findCredentials(KEYCHAIN_SERVICE);
    return Object.fromEntries(
      entries.filter((e) => e.account.includes(server.url)).map((e) => [e.account, e.password]),
    );
  };

  const build = (): Promise<CoopTrayApp> =>
    createApp({ openStoreBackend: openNodeStore(dir.path), keychain, clock: new FakeClock(), random: () => 0.5 });

  beforeEach(async () => {
    keychain = await realKeychain();
    db = await SQLITE.fresh();
    server = await startTestServer(db, { middleware: [recorder] });
    await server.addUser(EMAIL, PASSWORD, "Ann");
    dir = tempDir();
    seen.length = 0;
    tokensOffered = true;
    app = await build();
  });
  afterEach(async () => {
    await app.stop();
    for (const account of Object.keys(await ours())) await keychain.deletePassword(KEYCHAIN_SERVICE, account);
    await server.close();
    await db.dispose();
    dir.remove();
  });

  const signIn = () => app.handlers.signIn({ serverUrl: server.url, email: EMAIL, password: PASSWORD });

  it("keeps only the device token in the keychain and sends Bearer from then on", async () => {
    const result = await signIn();
    expect(result).toMatchObject({ ok: true, value: { signedInWith: "token" } });
    const stored = await ours();
    expect(Object.keys(stored)).toEqual([coopTokenAccountName(server.url, EMAIL)]);
    expect(stored[coopTokenAccountName(server.url, EMAIL)]).toMatch(/^coop_dev_[A-Za-z0-9_-]{43}$/);
    expect(Object.values(stored)).not.toContain(PASSWORD);
    expect(await keychain.getPassword(KEYCHAIN_SERVICE, coopAccountName(server.url, EMAIL))).toBeNull();
    // The token is named for this computer.
    const listed = await call(server.url, "/tokens", { as: [EMAIL, PASSWORD], format: "json" });
    expect(listed.text).toContain('"name":"Co-op Tray on ');
    expect(listed.text).toContain('"kind":"device"');

    // The password crossed the wire twice (the check and the token); every other call, also after a
    // restart reading the keychain afresh, is Bearer.
    const signInCalls = seen.length;
    const basic = seen.filter((s) => s.scheme === "Basic" && s.path !== "GET /tokens"); // this test's own listing
    expect(basic.map((s) => s.path)).toEqual(["GET /groups", "POST /tokens"]);
    await app.stop();
    app = await build();
    expect(await app.handlers.refreshGroups()).toMatchObject({ ok: true });
    const later = seen.slice(signInCalls).filter((s) => !s.path.startsWith("GET /tokens"));
    expect(later.length).toBeGreaterThan(0);
    expect(later.map((s) => s.scheme)).toEqual(later.map(() => "Bearer"));
  });

  it("keeps Basic with the password on a server without tokens (POST /tokens is 404)", async () => {
    tokensOffered = false;
    expect(await signIn()).toMatchObject({ ok: true, value: { signedInWith: "password" } });
    expect(await ours()).toEqual({ [coopAccountName(server.url, EMAIL)]: PASSWORD });
    const before = seen.length;
    await app.stop();
    app = await build();
    expect(await app.handlers.refreshGroups()).toMatchObject({ ok: true });
    expect(seen.slice(before).map((s) => s.scheme)).toContain("Basic");
    expect(seen.slice(before).map((s) => s.scheme)).not.toContain("Bearer");
  });

  it("sign-out revokes the device token; a token revoked elsewhere asks for a new sign-in", async () => {
    expect(await signIn()).toMatchObject({ ok: true });
    const token = (await ours())[coopTokenAccountName(server.url, EMAIL)] ?? "";
    expect(await app.handlers.signOut()).toEqual({ ok: true, value: null });
    expect(await ours()).toEqual({});
    expect((await call(server.url, "/groups", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);

    expect(await signIn()).toMatchObject({ ok: true });
    // Revoked from elsewhere (another device's Settings, a password change).
    const all = JSON.parse((await call(server.url, "/tokens", { as: [EMAIL, PASSWORD], format: "json" })).text) as {
      id: number;
    }[];
    for (const { id } of all) await call(server.url, `/tokens/${id}`, { method: "DELETE", as: [EMAIL, PASSWORD] });
    const refused = await app.handlers.refreshGroups();
    expect(refused).toMatchObject({ ok: false, error: { kind: "auth" } });
    expect(JSON.stringify(refused)).toContain("Sign in again");
  });

  it("lists and revokes tokens, and changes the password only with the current one, staying signed in", async () => {
    expect(await signIn()).toMatchObject({ ok: true });
    const script = await call(server.url, "/tokens", {
      method: "POST",
      as: [EMAIL, PASSWORD],
      format: "json",
      body: '{"token":{"name":"backup script"}}',
    });
    const scriptToken = (JSON.parse(script.text) as { token: string }).token;
    const listed = await app.handlers.listTokens();
    expect(listed.ok && listed.value.map((t) => [t.name.startsWith("Co-op Tray on "), t.current])).toEqual([
      [true, true],
      [false, false],
    ]);
    const other = listed.ok ? listed.value[1] : undefined;
    expect(await app.handlers.revokeToken({ tokenId: other?.id ?? 0 })).toEqual({ ok: true, value: null });
    expect((await call(server.url, "/groups", { headers: { authorization: `Bearer ${scriptToken}` } })).status).toBe(
      401,
    );

    const wrong = await app.handlers.changePassword({
      currentPassword: "not-it-at-all",
      newPassword: "new-password-2",
    });
    expect(wrong).toMatchObject({ ok: false, error: { kind: "validation", status: 422 } });
    expect(JSON.stringify(wrong)).toContain("Current password is wrong");
    expect((await call(server.url, "/groups", { as: [EMAIL, PASSWORD] })).status).toBe(200);

    expect(await app.handlers.changePassword({ currentPassword: PASSWORD, newPassword: "new-password-2" })).toEqual({
      ok: true,
      value: null,
    });
    expect((await call(server.url, "/groups", { as: [EMAIL, PASSWORD] })).status).toBe(401);
    expect((await call(server.url, "/groups", { as: [EMAIL, "new-password-2"] })).status).toBe(200);
    // This computer's token survived the change; nothing else is in the keychain.
    expect(await app.handlers.refreshGroups()).toMatchObject({ ok: true });
    expect(Object.keys(await ours())).toEqual([coopTokenAccountName(server.url, EMAIL)]);
  });

  it("signing out offline still forgets the token here, and says it may still work on the server", async () => {
    expect(await signIn()).toMatchObject({ ok: true });
    await server.close();
    expect(await app.handlers.signOut()).toEqual({ ok: true, value: null });
    expect(await ours()).toEqual({});
    const state = await app.handlers.getState();
    expect(state.ok && state.value.notices.join(" ")).toContain("may still work");
    server = await startTestServer(db, { middleware: [recorder] });
  });
});
