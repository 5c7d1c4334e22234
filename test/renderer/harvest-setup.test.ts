/** Harvest setup's small rules: a pasted Harvest address means its subdomain; a refused token is said as such. */
import { describe, expect, it } from "vitest";
import { harvestLoginInput, harvestSubdomain } from "../../renderer/components/harvest-login-fields";
import { tokenRefusal } from "../../renderer/views/harvest-connect";

describe("the Harvest account field", () => {
  it("takes the subdomain, the host, or the whole address as pasted", () => {
    expect(harvestSubdomain("fawlty")).toBe("fawlty");
    expect(harvestSubdomain(" Fawlty.HarvestApp.com ")).toBe("fawlty");
    expect(harvestSubdomain("https://fawlty.harvestapp.com/")).toBe("fawlty");
    expect(harvestSubdomain("http://fawlty.harvestapp.com/time/week")).toBe("fawlty");
    expect(
      harvestLoginInput({ subdomain: "https://fawlty.harvestapp.com/", email: " a@b.c ", password: " p " }),
    ).toEqual({ subdomain: "fawlty", email: "a@b.c", password: " p " });
  });

  it("leaves anything else as typed, for main to refuse with its message", () => {
    expect(harvestSubdomain("https://evil.example.com/")).toBe("https://evil.example.com/");
  });
});

describe("a token the token form sent", () => {
  it("is refused in those words, with Harvest's reason and no pointer to Settings", () => {
    const said = tokenRefusal({ kind: "auth", message: "The access token provided is expired" });
    expect(said).toMatchObject({
      kind: "validation",
      message: "Harvest refused this token: The access token provided is expired.",
    });
    expect(JSON.stringify(said)).not.toMatch(/Settings/);
    expect(tokenRefusal({ kind: "notFound", message: "x" })).toEqual({ kind: "notFound", message: "x" });
  });
});
