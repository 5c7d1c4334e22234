// Walks the whole route table: every route that is not public refuses an anonymous caller with 401,
// and a signed-in caller with no business there (not in the group, not the user named) with the 404
// of a missing resource. A route declared with a weaker guard than it needs fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { route } from "../../server/coop/route";
import { inGroup } from "../../server/coop/params";
import { coopRoutes } from "../../server/coop/routes/index";
import { call } from "../sandbox/helpers";
import type { Login } from "../sandbox/helpers";
import { DATABASES } from "./databases";
import type { TestDatabase } from "./databases";
import { acceptInvitations, startTestServer } from "./helpers";
import type { TestServer } from "./helpers";

const ANN: Login = ["ann@example.com", "ann-password-1"];
const CARL: Login = ["carl@example.com", "carl-password-1"];
const OUTSIDER: Login = ["olga@example.com", "olga-password-1"];

describe.each(DATABASES)("route guards on $name", (kind) => {
  let db: TestDatabase;
  let t: TestServer;
  const ids: Record<string, string> = { day: "20240101", token: "a".repeat(30) };

  beforeAll(async () => {
    db = await kind.fresh();
    t = await startTestServer(db, { signIn: { freeFailures: Number.POSITIVE_INFINITY } });
    ids["user"] = String(await t.addUser(...ANN));
    await t.addUser(...CARL);
    const outsider = await t.addUser(...OUTSIDER);
    // The outsider has a credential of their own: a credential route that forgot "self" would answer with it.
    await t.server.store.credentials.save(outsider, { subdomain: "olga", email: OUTSIDER[0], secret: "x" }, Date.now());
    const group = await call(t.url, "/groups", {
      method: "POST",
      as: ANN,
      format: "json",
      body: `{"group":{"name":"Guarded","timezone":"UTC","member_emails":"${CARL[0]}"}}`,
    });
    ids["group"] = /(\d+)$/.exec(group.headers["location"] ?? "")?.[1] ?? "";
    await acceptInvitations(t.url, CARL);
    const note = await call(t.url, `/groups/${ids["group"]}/statuses`, {
      method: "POST",
      as: ANN,
      format: "json",
      body: '{"status":"private"}',
    });
    ids["status"] = /(\d+)$/.exec(note.headers["location"] ?? "")?.[1] ?? "";
    const memberships = await t.server.store.memberships.inGroup(Number(ids["group"]));
    ids["membership"] = String(memberships[0]?.id);
  });
  afterAll(async () => {
    await t.close();
    await db.dispose();
  });

  const concrete = (path: string): string => path.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? "1");
  const guarded = coopRoutes.filter((r) => r.guard !== "public");
  const named = guarded.filter((r) => r.names.length > 0);

  it("only the invitation pages are public", () => {
    // A new public route is a decision: it is named here, or this fails.
    expect(coopRoutes.filter((r) => r.guard === "public").map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /invitations.css",
      "GET /invitations/:token",
      "POST /invitations/:token",
    ]);
  });

  it("the table has routes of every guard", () => {
    expect(new Set(coopRoutes.map((r) => r.guard))).toEqual(new Set(["public", "user", "member", "owner", "self"]));
  });

  it.each(guarded.map((r) => [r.method, r.path] as const))(
    "%s %s refuses an anonymous caller with 401",
    async (method, path) => {
      const res = await call(t.url, concrete(path), { method, format: "json", body: "{}" });
      expect(res.status).toBe(401);
      expect(res.headers["www-authenticate"]).toContain("Basic");
    },
  );

  it.each(named.map((r) => [r.method, r.path] as const))(
    "%s %s answers a caller with no business there with 404",
    async (method, path) => {
      const res = await call(t.url, concrete(path), { method, as: OUTSIDER, format: "json", body: "{}" });
      expect(res.status).toBe(404);
      // Nothing about the resource leaks into the refusal.
      expect(res.text).not.toContain("private");
    },
  );

  it.each(coopRoutes.filter((r) => r.guard === "owner").map((r) => [r.method, r.path] as const))(
    "%s %s refuses a member who is not the owner",
    async (method, path) => {
      const res = await call(t.url, concrete(path), { method, as: CARL, format: "json", body: "{}" });
      expect(res.status).toBe(400);
      expect(res.text).toContain("Only the group owner");
    },
  );

  it("a route naming a group cannot be declared with a weaker guard than member", () => {
    for (const guard of ["public", "user", "self"] as const)
      expect(() =>
        route({ method: "GET", path: "/groups/:group/x", guard, params: inGroup, handle: () => ({ status: 200 }) }),
      ).toThrow(/member/);
  });
});
