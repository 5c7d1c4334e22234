// Which address a request comes from, and whether it came over HTTPS, when proxies may stand in front:
// forwarding headers count only from the proxies we were told to trust, read from the right.
import { describe, expect, it } from "vitest";
import { clientAddress, forwardedHttps, trustedProxies } from "../../server/http/client-address";

describe("trusted proxies", () => {
  it("trusts loopback for `true` or the word loopback, nothing for false, and addresses and CIDRs listed", () => {
    const loopback = trustedProxies(true);
    expect(["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"].every(loopback)).toBe(true);
    expect(loopback("10.0.0.1")).toBe(false);
    expect(trustedProxies(["loopback"])("::1")).toBe(true);
    expect(trustedProxies(false)("127.0.0.1")).toBe(false);
    const listed = trustedProxies(["10.0.0.0/8", "192.0.2.10", "2001:db8::/32"]);
    expect(["10.1.2.3", "192.0.2.10", "::ffff:10.9.9.9", "2001:db8::5"].every(listed)).toBe(true);
    expect(["192.0.2.11", "127.0.0.1", "2001:db9::1", "", "not-an-address"].some(listed)).toBe(false);
  });

  it("refuses what is not an address or a CIDR, with the entry named", () => {
    expect(() => trustedProxies(["10.0.0.0/33"])).toThrow(/10\.0\.0\.0\/33/);
    expect(() => trustedProxies(["proxy.example"])).toThrow(/proxy\.example/);
    expect(() => trustedProxies([""])).toThrow(/empty/);
  });
});

describe("the client's address", () => {
  const proxies = trustedProxies(["10.0.0.0/8", "loopback"]);

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.50", "1.2.3.4", proxies)).toBe("203.0.113.50");
    expect(clientAddress("::ffff:203.0.113.50", undefined, proxies)).toBe("203.0.113.50");
  });

  it("takes the right-most entry that is not a trusted proxy, so a forged left part changes nothing", () => {
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7", proxies)).toBe("203.0.113.7");
    expect(clientAddress("127.0.0.1", ["6.6.6.6", "203.0.113.7, 10.0.0.5"], proxies)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.2", "[2001:db8::7]:4431, 10.0.0.9", proxies)).toBe("2001:db8::7");
    expect(clientAddress("10.0.0.2", "198.51.100.4:51000", proxies)).toBe("198.51.100.4");
  });

  it("falls back to the nearest proxy's own word when an entry is not an address, or all hops are proxies", () => {
    expect(clientAddress("127.0.0.1", "<script>, 10.0.0.3", proxies)).toBe("10.0.0.3");
    expect(clientAddress("127.0.0.1", "unknown", proxies)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "10.0.0.4, 10.0.0.3", proxies)).toBe("10.0.0.4");
    expect(clientAddress("127.0.0.1", undefined, proxies)).toBe("127.0.0.1");
  });

  it("believes X-Forwarded-Proto: https only from a trusted proxy, and only its right-most value", () => {
    expect(forwardedHttps("127.0.0.1", "https", proxies)).toBe(true);
    expect(forwardedHttps("203.0.113.50", "https", proxies)).toBe(false);
    expect(forwardedHttps("127.0.0.1", "https, http", proxies)).toBe(false);
    expect(forwardedHttps("127.0.0.1", "HTTPS", proxies)).toBe(true);
    expect(forwardedHttps("127.0.0.1", undefined, proxies)).toBe(false);
  });
});
