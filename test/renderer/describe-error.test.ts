import { describeSignInError } from "../../renderer/views/sign-in-error";
import { describe, expect, it } from "vitest";
import { describeError } from "../../renderer/describe-error";

describe("auth errors keep the service's reason", () => {
  it("shows why Harvest needs the login, not a generic refusal", () => {
    const missing = describeError(
      {
        kind: "auth",
        message:
          "Your Harvest password is not saved on this computer. Enter it again in Settings (update the Harvest link).",
      },
      "Harvest",
    );
    expect(missing.message).toBe(
      "Your Harvest password is not saved on this computer. Enter it again in Settings (update the Harvest link).",
    );
    expect(missing.message).not.toMatch(/did not accept/);
    expect(missing.next).toBe("signIn");
  });
  it("adds where to fix it when the reason does not say", () => {
    expect(describeError({ kind: "auth", message: "Harvest refused the email or password." }, "Harvest").message).toBe(
      "Harvest refused the email or password. Update the Harvest login in Settings.",
    );
    expect(describeError({ kind: "auth", message: "Harvest refused the email or password" }, "Harvest").message).toBe(
      "Harvest refused the email or password. Update the Harvest login in Settings.",
    );
  });
  it("falls back to its own words when the error has none", () => {
    expect(describeError({ kind: "auth", message: "  " }, "Harvest").message).toBe(
      "Harvest did not accept the saved login. Enter it again in Settings.",
    );
    expect(describeError({ kind: "auth", message: "" }, "Co-op").message).toBe(
      "Co-op did not accept your login. Sign in again.",
    );
    expect(
      describeError({ kind: "auth", message: "Co-op did not accept this email and password." }, "Co-op").message,
    ).toBe("Co-op did not accept this email and password.");
  });
});

describe("sign-in errors", () => {
  const server = "http://127.0.0.1:4010";
  it("says which cause, about the server typed, and points at the field to fix", () => {
    expect(describeSignInError({ kind: "offline", cause: "refused", message: "x" }, server)).toEqual({
      message: "Nothing answers at 127.0.0.1:4010. Check the server address, or whether the server is running.",
      field: "server",
    });
    expect(describeSignInError({ kind: "offline", cause: "dns", message: "x" }, "https://co-op.example")).toMatchObject(
      { message: "co-op.example could not be found. Check the server address.", field: "server" },
    );
    expect(describeSignInError({ kind: "notFound", message: "Not found" }, server)).toMatchObject({
      message: "127.0.0.1:4010 does not look like a Co-op server. Check the server address.",
      field: "server",
    });
    expect(describeSignInError({ kind: "malformed", reason: "html", message: "x" }, server).field).toBe("server");
    expect(describeSignInError({ kind: "auth", message: "x" }, server).field).toBe("password");
    expect(
      describeSignInError(
        { kind: "invalidInput", message: "m", issues: ["Enter the email address you sign in to Co-op with."] },
        server,
      ).field,
    ).toBe("email");
    expect(
      describeSignInError(
        { kind: "invalidInput", message: "m", issues: ["The server address must start with http:// or https://."] },
        server,
      ).field,
    ).toBe("server");
  });
  it("never promises saved data, and a missing keychain says what to start", () => {
    for (const cause of ["refused", "dns", "timeout", "reset", "other"] as const) {
      expect(describeSignInError({ kind: "offline", cause, message: "x" }, server).message).not.toMatch(/saved data/i);
    }
    expect(describeSignInError({ kind: "keychain", message: "No keychain." }, server)).toMatchObject({
      field: null,
      message: expect.stringContaining("keyring"),
    });
  });
});
