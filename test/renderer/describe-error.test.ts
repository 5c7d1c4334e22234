import { describe, expect, it } from "vitest";
import { describeError } from "../../renderer/describe-error";

describe("auth errors keep the service's reason", () => {
  it("shows why Harvest needs the login, not a generic refusal", () => {
    const missing = describeError({ kind: "auth", message: "Your Harvest password is not saved on this computer. Enter it again in Settings (update the Harvest link)." }, "Harvest");
    expect(missing.message).toBe("Your Harvest password is not saved on this computer. Enter it again in Settings (update the Harvest link).");
    expect(missing.message).not.toMatch(/did not accept/);
    expect(missing.next).toBe("signIn");
  });
  it("adds where to fix it when the reason does not say", () => {
    expect(describeError({ kind: "auth", message: "Harvest refused the email or password." }, "Harvest").message).toBe("Harvest refused the email or password. Update the Harvest login in Settings.");
    expect(describeError({ kind: "auth", message: "Harvest refused the email or password" }, "Harvest").message).toBe("Harvest refused the email or password. Update the Harvest login in Settings.");
  });
  it("falls back to its own words when the error has none", () => {
    expect(describeError({ kind: "auth", message: "  " }, "Harvest").message).toBe("Harvest did not accept the saved login. Enter it again in Settings.");
    expect(describeError({ kind: "auth", message: "" }, "Co-op").message).toBe("Co-op did not accept your login. Sign in again.");
    expect(describeError({ kind: "auth", message: "Co-op did not accept this email and password." }, "Co-op").message).toBe("Co-op did not accept this email and password.");
  });
});
