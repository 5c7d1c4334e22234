import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
    await call(first.url, "/groups/25/statuses", {
      method: "POST",
      as: BASIL,
      format: "json",
      body: '{"status":"Kept across restarts"}',
    });
    await call(`${first.url}/harvest/fawlty`, "/clients", {
      method: "POST",
      as: HARVEST_ADMIN,
      format: "json",
      body: '{"client":{"name":"Persisted Ltd"}}',
    });
    // Co-op's data is the server's database (SQLite beside the file); the Harvest emulation is the JSON file.
    expect(readFileSync(file, "utf8")).toContain("Persisted Ltd");
    await first.close();
    expect(readFileSync(`${file}.sqlite`).includes("Kept across restarts")).toBe(true);

    const second = await start({ port: 0, dataFile: file });
    try {
      expect(second.control.statuses(25)[0]).toMatchObject({ text: "Kept across restarts", userId: 21 });
      expect(second.control.clients("fawlty").map((c) => c.name)).toContain("Persisted Ltd");
      // Passwords sent for Harvest credentials are stored only sealed (encrypted), never as sent.
      const saved = await call(second.url, "/users/22/harvest_credential", {
        method: "POST",
        as: ["sybil@fawltytowers.com", SEED.password],
        format: "json",
        body: JSON.stringify({
          harvest_credential: {
            subdomain: "fawlty",
            email: SEED.harvest.nonAdmin.email,
            password: SEED.harvest.nonAdmin.password,
          },
        }),
      });
      expect(saved.status).toBe(201);
      const database = readFileSync(`${file}.sqlite`);
      const wal = existsSync(`${file}.sqlite-wal`) ? readFileSync(`${file}.sqlite-wal`) : Buffer.alloc(0);
      expect(database.includes("sybil@fawltytowers.com") || wal.includes("sybil@fawltytowers.com")).toBe(true);
      for (const bytes of [database, wal]) expect(bytes.includes(SEED.harvest.nonAdmin.password)).toBe(false);
    } finally {
      await second.close();
    }
  });

  it("a data file that is not sandbox data stops the start with a clear error and is left untouched", async () => {
    const file = tempFile();
    writeFileSync(file, '{"version": 2, "harvest": "nope"}');
    await expect(start({ port: 0, dataFile: file })).rejects.toThrow(/does not hold sandbox data \(harvest/);
    expect(readFileSync(file, "utf8")).toBe('{"version": 2, "harvest": "nope"}');
    writeFileSync(file, "{not json");
    await expect(start({ port: 0, dataFile: file })).rejects.toThrow(/not valid JSON/);
  });
});
