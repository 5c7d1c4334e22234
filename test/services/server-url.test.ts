import { describe, expect, it } from "vitest";
import { normalizeServerUrl } from "../../main/services/accounts";

describe("the Co-op server address", () => {
  it("has no default: empty asks for the team's own server (coopapp.com is gone)", () => {
    const empty = normalizeServerUrl("  ");
    expect(empty.ok).toBe(false);
    if (!empty.ok) {
      expect(empty.error.message).toMatch(/your team's Co-op server/);
      expect(empty.error.message).not.toMatch(/coopapp/);
    }
  });
  it("keeps a good address and refuses other schemes and credentials", () => {
    expect(normalizeServerUrl("https://coop.example.com/")).toMatchObject({ ok: true });
    expect(normalizeServerUrl("ftp://coop.example.com").ok).toBe(false);
    expect(normalizeServerUrl("https://basil:pw@coop.example.com").ok).toBe(false);
  });
  it("assumes https when no scheme is typed, ports and paths kept (issue 21: the browser said 'Please enter a URL')", () => {
    expect(normalizeServerUrl("coop.example.com")).toEqual({ ok: true, value: "https://coop.example.com" });
    expect(normalizeServerUrl(" localhost:4100/coop/ ")).toEqual({ ok: true, value: "https://localhost:4100/coop" });
    expect(normalizeServerUrl("http://coop.example.com")).toEqual({ ok: true, value: "http://coop.example.com" });
    expect(normalizeServerUrl("ftp://coop.example.com").ok).toBe(false);
  });
});
