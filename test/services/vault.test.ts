import { afterAll, describe, expect, it } from "vitest";
import {
  KEYCHAIN_SERVICE,
  coopAccountName,
  createVault,
  harvestAccountName,
  type Keychain,
} from "../../main/services/vault";
import { KEYCHAIN_PLATFORM, realKeychain } from "./helpers";

const unique = `vault-test-${process.pid}-${Date.now()}`;
const server = `http://${unique}.invalid:8080`;

describe.skipIf(!KEYCHAIN_PLATFORM)(
  `the vault over the real keychain${KEYCHAIN_PLATFORM ? "" : ` (skipped: keytar does not support ${process.platform})`}`,
  () => {
    let keychain: Keychain | null = null;

    afterAll(async () => {
      if (!keychain) return;
      // Leave nothing behind in the user's keychain.
      for (const { account } of await keychain.findCredentials(KEYCHAIN_SERVICE)) {
        if (account.includes(unique)) await keychain.deletePassword(KEYCHAIN_SERVICE, account);
      }
    });

    it("finds a working keychain (fails with the reason when there is none)", async () => {
      keychain = await realKeychain();
      expect(typeof keychain.getPassword).toBe("function");
    });

    it("saves, reads and deletes the Co-op password per server and email", async () => {
      keychain = await realKeychain();
      const vault = createVault(keychain);
      expect(vault.available).toBe(true);
      expect(await vault.getCoopPassword(server, "basil@fawltytowers.com")).toEqual({ ok: true, value: null });
      expect(await vault.setCoopPassword(server, "Basil@FawltyTowers.com", "fawltytowers")).toEqual({
        ok: true,
        value: null,
      });
      // Stored under the documented service and account names (email case folded).
      expect(await keychain.getPassword(KEYCHAIN_SERVICE, coopAccountName(server, "basil@fawltytowers.com"))).toBe(
        "fawltytowers",
      );
      expect(await vault.getCoopPassword(server, "basil@fawltytowers.com")).toEqual({
        ok: true,
        value: "fawltytowers",
      });
      expect(await vault.getCoopPassword(`${server}/other`, "basil@fawltytowers.com")).toEqual({
        ok: true,
        value: null,
      });
      expect(await vault.deleteCoopPassword(server, "basil@fawltytowers.com")).toEqual({ ok: true, value: null });
      expect(await vault.getCoopPassword(server, "basil@fawltytowers.com")).toEqual({ ok: true, value: null });
    });

    it("keeps the Harvest password per subdomain and email", async () => {
      keychain = await realKeychain();
      const vault = createVault(keychain);
      const subdomain = unique.replace(/[^a-z0-9-]/g, "");
      await vault.setHarvestPassword(subdomain, "basil@fawltytowers.com", "barcelona");
      expect(
        await keychain.getPassword(KEYCHAIN_SERVICE, harvestAccountName(subdomain, "basil@fawltytowers.com")),
      ).toBe("barcelona");
      expect(await vault.getHarvestPassword(subdomain, "polly@fawltytowers.com")).toEqual({ ok: true, value: null });
      await vault.deleteHarvestPassword(subdomain, "basil@fawltytowers.com");
      expect(await vault.getHarvestPassword(subdomain, "basil@fawltytowers.com")).toEqual({ ok: true, value: null });
    });
  },
);

describe("the vault without a keychain", () => {
  it("refuses every operation with a keychain error and stores nothing anywhere", async () => {
    const vault = createVault(null);
    expect(vault.available).toBe(false);
    const results = [
      await vault.setCoopPassword(server, "basil@fawltytowers.com", "fawltytowers"),
      await vault.getCoopPassword(server, "basil@fawltytowers.com"),
      await vault.setHarvestPassword("fawlty", "basil@fawltytowers.com", "barcelona"),
      await vault.deleteHarvestPassword("fawlty", "basil@fawltytowers.com"),
    ];
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.kind).toBe("keychain");
        expect(result.error.message).toMatch(/No system keychain/);
        expect(result.error.message).not.toContain("fawltytowers");
        expect(result.error.message).not.toContain("barcelona");
      }
    }
  });
});
