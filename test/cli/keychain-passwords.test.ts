import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keychainCoopToken, keychainPasswords, keychainToken } from "../../main/cli/keychain-passwords";
import { KEYCHAIN_SERVICE, createVault, type Keychain } from "../../main/services/vault";
import { HARVEST_V2_SEED, SEED, start, type Sandbox } from "../../sandbox/index";
import { KEYCHAIN_PLATFORM, realKeychain } from "../services/helpers";
import { REPO_ROOT, ensureCliBundle } from "./bundle";
import { runCaptured } from "./run-captured";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await start({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

const run = (argv: string[], env: Record<string, string | undefined>, loadKeychain: () => Promise<Keychain | null>) =>
  runCaptured(argv, env, {
    resolvePassword: keychainPasswords(loadKeychain),
    resolveCoopToken: keychainCoopToken(loadKeychain),
  });

describe.skipIf(!KEYCHAIN_PLATFORM)(
  `the CLI reads passwords from the keychain${KEYCHAIN_PLATFORM ? "" : ` (skipped: keytar does not support ${process.platform})`}`,
  () => {
    let keychain: Keychain;
    // The sandbox's URL is unique to this run, so the entry cannot collide with a real one.
    const serverFor = () => `${sandbox.url}/`;

    beforeAll(async () => {
      keychain = await realKeychain();
    });
    afterAll(async () => {
      for (const { account } of await keychain.findCredentials(KEYCHAIN_SERVICE)) {
        if (account.includes(sandbox.url)) await keychain.deletePassword(KEYCHAIN_SERVICE, account);
      }
    });

    it("signs in with COOP_TOKEN, or the device token the app saved, as Bearer (docs/coop-api.md §2.5)", async () => {
      const minted = await fetch(`${sandbox.url}/tokens.json`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${SEED.users.basil.email}:${SEED.password}`).toString("base64")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ token: { name: "cli test", kind: "device" } }),
      });
      expect(minted.status).toBe(201);
      const { id, token } = (await minted.json()) as { id: number; token: string };
      const args = ["groups", "--server", serverFor(), "--email", SEED.users.basil.email, "--json"];
      const noKeychain = async () => null;
      expect(await run(args, { COOP_TOKEN: token }, noKeychain)).toMatchObject({ code: 0 });
      const vault = createVault(keychain);
      expect(await vault.setCoopToken(sandbox.url, SEED.users.basil.email, token)).toEqual({ ok: true, value: null });
      expect(await run(args, {}, async () => keychain)).toMatchObject({ code: 0 });
      // Revoked: the same commands are refused (exit 3), so the token is what signed them in.
      const revoked = await fetch(`${sandbox.url}/tokens/${id}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(revoked.status).toBe(200);
      expect(await run(args, { COOP_TOKEN: token }, noKeychain)).toMatchObject({ code: 3 });
      expect(await run(args, {}, async () => keychain)).toMatchObject({ code: 3 });
      await vault.deleteCoopToken(sandbox.url, SEED.users.basil.email);
    });

    it("uses the password the app saved for this server and email when COOP_PASSWORD is not set", async () => {
      const vault = createVault(keychain);
      // The app saves it under the normalised URL (no trailing slash); the CLI may be given either.
      expect(await vault.setCoopPassword(sandbox.url, SEED.users.basil.email, SEED.password)).toEqual({
        ok: true,
        value: null,
      });
      const result = await run(
        ["groups", "--server", serverFor(), "--email", SEED.users.basil.email, "--json"],
        {},
        async () => keychain,
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as Array<{ id: number }>).map((g) => g.id).sort()).toEqual([25, 34]);
    });

    it("the bundled CLI finds keytar beside it and reads the same entry", async () => {
      ensureCliBundle();
      const vault = createVault(keychain);
      expect(await vault.setCoopPassword(sandbox.url, SEED.users.basil.email, SEED.password)).toEqual({
        ok: true,
        value: null,
      });
      const { COOP_PASSWORD: _unset, ...environment } = process.env;
      const argv = [
        "dist/cli/index.mjs",
        "groups",
        "--server",
        sandbox.url,
        "--email",
        SEED.users.basil.email,
        "--json",
      ];
      // Asynchronously: the sandbox answers from this process.
      const result = await promisify(execFile)(process.execPath, argv, { cwd: REPO_ROOT, env: environment });
      expect(result.stderr).toBe("");
      expect((JSON.parse(result.stdout) as Array<{ id: number }>).map((g) => g.id).sort()).toEqual([25, 34]);
    });

    it("prefers COOP_PASSWORD, and never loads the keychain when it is set", async () => {
      let loaded = 0;
      const result = await run(
        ["groups", "--server", sandbox.url, "--email", SEED.users.basil.email],
        { COOP_PASSWORD: "wrong-password" },
        async () => {
          loaded += 1;
          return keychain;
        },
      );
      expect(result.code).toBe(3);
      expect(loaded).toBe(0);
    });
  },
);

describe.skipIf(!KEYCHAIN_PLATFORM)("the CLI reads the Harvest token the app saved", () => {
  let keychain: Keychain;
  beforeAll(async () => {
    keychain = await realKeychain();
  });
  afterAll(async () => {
    await createVault(keychain).deleteHarvestToken(sandbox.harvestV2ApiUrl);
  });

  const runV2 = (env: Record<string, string>) =>
    runCaptured(
      [
        "timer",
        "--harvest-api",
        sandbox.harvestV2ApiUrl,
        "--harvest-account",
        String(HARVEST_V2_SEED.accounts.fawlty.id),
        "--json",
      ],
      env,
      { resolveToken: keychainToken(async () => keychain) },
    );

  it("uses the keychain entry for this API base when HARVEST_TOKEN is not set, and prefers HARVEST_TOKEN", async () => {
    expect(await runV2({})).toMatchObject({ code: 2, stderr: expect.stringContaining("HARVEST_TOKEN") });
    const saved = await createVault(keychain).setHarvestToken(
      `${sandbox.harvestV2ApiUrl}/`,
      HARVEST_V2_SEED.tokens.polly,
    );
    expect(saved).toEqual({ ok: true, value: null });
    const fromKeychain = await runV2({});
    expect(fromKeychain.stderr).toBe("");
    expect(JSON.parse(fromKeychain.stdout)).toMatchObject({
      id: HARVEST_V2_SEED.runningEntryId,
      user: { name: "Polly Sherman" },
    });
    expect((await runV2({ HARVEST_TOKEN: "7001.pt.wrong" })).code).toBe(3);
  });
});

describe("the CLI without a keychain", () => {
  it("says where a password could come from and exits 2", async () => {
    const result = await run(
      ["groups", "--server", sandbox.url, "--email", SEED.users.sybil.email],
      {},
      async () => null,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/COOP_PASSWORD.*keychain/);
    expect(result.stderr).not.toContain(SEED.password);
  });
});
