// The server's configuration: each flag, else its COOP_ variable, else the default; secrets from files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, dataConfig, linkBase, serveConfig } from "../../server/config";

const dir = mkdtempSync(join(tmpdir(), "coop-config-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

describe("serveConfig", () => {
  it("reads every setting from the environment alone", () => {
    const config = serveConfig({
      flags: {},
      env: {
        COOP_DATA: "/srv/coop",
        COOP_PORT: "8080",
        COOP_HOST: "0.0.0.0",
        COOP_PUBLIC_URL: "https://coop.example.org",
        COOP_TRUST_PROXY: "true",
        COOP_GATHER_EVERY: "0",
        COOP_LOG_LEVEL: "WARN",
        COOP_SMTP_URL_FILE: file("smtp", "smtp://u:p@mail.example.org:587\n"),
        COOP_SMTP_FROM: "Co-op <coop@example.org>",
        COOP_HARVEST_API_URL: "http://127.0.0.1:4010/harvest-api/v2",
      },
    });
    expect(config).toMatchObject({
      data: { dataDir: "/srv/coop", databaseUrl: null },
      host: "0.0.0.0",
      port: 8080,
      publicUrl: "https://coop.example.org",
      trustProxy: true,
      allowInsecureHttp: false,
      gatherEverySeconds: 0,
      logLevel: "warn",
      smtp: { url: "smtp://u:p@mail.example.org:587", from: "Co-op <coop@example.org>" },
      harvestUrls: { v2ApiUrl: "http://127.0.0.1:4010/harvest-api/v2" },
    });
  });

  it("lets a flag win over its variable", () => {
    const config = serveConfig({
      flags: { data: "/a", port: "1", "trust-proxy": true },
      env: { COOP_DATA: "/b", COOP_PORT: "2" },
    });
    expect(config).toMatchObject({ data: { dataDir: "/a" }, port: 1, trustProxy: true });
  });

  it.each([
    [{ COOP_DATA: "/d", COOP_PORT: "70000" }, "COOP_PORT"],
    [{ COOP_DATA: "/d", COOP_TRUST_PROXY: "maybe" }, 'COOP_TRUST_PROXY): "maybe" is not an IP address'],
    [{ COOP_DATA: "/d", COOP_LOG_LEVEL: "loud" }, "COOP_LOG_LEVEL"],
    [{ COOP_DATA: "/d", COOP_PUBLIC_URL: "coop.example.org" }, "COOP_PUBLIC_URL"],
    [{ COOP_DATA: "/d", COOP_TLS_CERT: "/c.pem" }, "go together"],
    [{ COOP_DATA: "/d", COOP_DATABASE_URL_FILE: join(dir, "absent") }, "COOP_DATABASE_URL_FILE: cannot read"],
    [{ COOP_DATA: "/d", COOP_DATABASE_URL: "mysql://x" }, "postgres://"],
  ])("refuses %o with a reason naming the variable", (env, reason) => {
    expect(() => serveConfig({ flags: {}, env })).toThrow(ConfigError);
    expect(() => serveConfig({ flags: {}, env })).toThrow(reason);
  });
});

describe("dataConfig", () => {
  it("needs no data folder on PostgreSQL when the key comes from a file", () => {
    const env = {
      COOP_DATABASE_URL_FILE: file("url", "postgres://coop:secret@db:5432/coop\n"),
      COOP_SERVER_KEY_FILE: file("key", "k\n"),
    };
    expect(dataConfig({ flags: {}, env })).toEqual({
      dataDir: null,
      databaseUrl: "postgres://coop:secret@db:5432/coop",
    });
    expect(() => dataConfig({ flags: {}, env: { COOP_DATABASE_URL: "postgres://db/coop" } })).toThrow(
      "COOP_SERVER_KEY_FILE",
    );
    expect(() => dataConfig({ flags: {}, env: {} })).toThrow("COOP_DATA");
  });
});

describe("linkBase", () => {
  it("is the public URL, else where the server listens on the configured port", () => {
    expect(linkBase({ flags: {}, env: { COOP_PORT: "4321" } })).toBe("http://127.0.0.1:4321");
    expect(linkBase({ flags: { host: "::1" }, env: {} })).toBe("http://[::1]:4100");
    expect(linkBase({ flags: {}, env: { COOP_PUBLIC_URL: "https://coop.example.org/" } })).toBe(
      "https://coop.example.org",
    );
  });
});
