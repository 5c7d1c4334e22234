import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SEED, start } from "../../sandbox/index";
import { BASIL, HARVEST_ADMIN, call } from "./helpers";

const dirs: string[] = [];
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-data-"));
  dirs.push(dir);
  return join(dir, "sandbox.json");
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  it("saves after each change and loads it on the next start", async () => {
    const file = tempFile();
    const first = await start({ port: 0, dataFile: file });
    await call(first.url, "/groups/25/statuses", { method: "POST", as: BASIL, format: "json", body: '{"status":"Kept across restarts"}' });
    await call(`${first.url}/harvest/fawlty`, "/clients", { method: "POST", as: HARVEST_ADMIN, format: "json", body: '{"client":{"name":"Persisted Ltd"}}' });
    expect(readFileSync(file, "utf8")).toContain("Kept across restarts");
    await first.close();

    const second = await start({ port: 0, dataFile: file });
    try {
      expect(second.control.statuses(25)[0]).toMatchObject({ text: "Kept across restarts", userId: 21 });
      expect(second.control.clients("fawlty").map((c) => c.name)).toContain("Persisted Ltd");
      // Passwords sent for Harvest credentials are never stored.
      await call(second.url, "/users/22/harvest_credential", { method: "POST", as: ["sybil@fawltytowers.com", SEED.password], format: "json", body: JSON.stringify({ harvest_credential: { subdomain: "fawlty", email: SEED.harvest.nonAdmin.email, password: SEED.harvest.nonAdmin.password } }) });
      const stored = JSON.parse(readFileSync(file, "utf8")) as { credentials: Array<Record<string, unknown>> };
      expect(stored.credentials.find((c) => c["userId"] === 22)).toBeDefined();
      expect(stored.credentials.every((c) => !("password" in c))).toBe(true);
    } finally {
      await second.close();
    }
  });

  it("a data file that is not sandbox data stops the start with a clear error and is left untouched", async () => {
    const file = tempFile();
    writeFileSync(file, '{"version": 1, "users": "nope"}');
    await expect(start({ port: 0, dataFile: file })).rejects.toThrow(/does not hold sandbox data \(users/);
    expect(readFileSync(file, "utf8")).toBe('{"version": 1, "users": "nope"}');
    writeFileSync(file, "{not json");
    await expect(start({ port: 0, dataFile: file })).rejects.toThrow(/not valid JSON/);
  });
});
