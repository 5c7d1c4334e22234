/**
 * Settings → Security: says how this computer signs in, lists the user's tokens with a revoke button for
 * every one but this computer's, and sends the password change once, clearing the fields after.
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiContext } from "../../renderer/api-context";
import { AccountSecurity } from "../../renderer/views/account-security";
import type { AccountSummary } from "../../shared/contract";
import { createFakeApi, ok, settle, signedIn, type FakeApi } from "./fake-api";

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement("div");
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const account = (signedInWith: "token" | "password"): AccountSummary => ({
  ...(signedIn().account as AccountSummary),
  signedInWith,
});

async function mount(fake: FakeApi, summary: AccountSummary): Promise<void> {
  await act(() => {
    render(
      <ApiContext.Provider value={fake.api}>
        <AccountSecurity account={summary} />
      </ApiContext.Provider>,
      root,
    );
  });
  await act(() => settle());
}

const input = (id: string, value: string): void => {
  const field = root.querySelector<HTMLInputElement>(`#${id}`);
  if (field === null) throw new Error(`no #${id}`);
  field.value = value;
  field.dispatchEvent(new Event("input", { bubbles: true }));
};

describe("the Security section of Settings", () => {
  it("shows the device token, lists tokens and revokes another one", async () => {
    const fake = createFakeApi();
    let tokens = [
      { id: 1, name: "Co-op Tray on here", kind: "device", current: true, createdAt: null, lastUsedAt: null },
      { id: 2, name: "backup script", kind: "personal", current: false, createdAt: null, lastUsedAt: null },
    ];
    fake.answer("listTokens", () => ok(tokens));
    fake.answer("revokeToken", ({ tokenId }) => {
      tokens = tokens.filter((t) => t.id !== tokenId);
      return ok(null);
    });
    await mount(fake, account("token"));
    expect(root.querySelector('[data-testid="signed-in-with"]')?.textContent).toContain(
      "Signed in with a device token",
    );
    const buttons = [...root.querySelectorAll("li button")];
    expect(buttons).toHaveLength(1);
    await act(() => (buttons[0] as HTMLButtonElement).click());
    await act(() => settle());
    expect(fake.calls.filter((c) => c.name === "revokeToken").map((c) => c.args)).toEqual([{ tokenId: 2 }]);
    expect([...root.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "Co-op Tray on here (this computer)",
    ]);
    expect(root.textContent).toContain("Revoked “backup script”.");
  });

  it("changes the password with the current one and clears both fields", async () => {
    const fake = createFakeApi();
    fake.answer("changePassword", () => ok(null));
    await mount(fake, account("password"));
    expect(root.textContent).toContain("your password is kept in the system keychain");
    expect(fake.calls.some((c) => c.name === "listTokens")).toBe(false);
    await act(() => {
      input("security-current", "old password");
      input("security-new", "a new password");
    });
    await act(() => {
      root.querySelector("form")?.dispatchEvent(new Event("submit", { cancelable: true }));
    });
    await act(() => settle());
    expect(fake.calls.filter((c) => c.name === "changePassword").map((c) => c.args)).toEqual([
      { currentPassword: "old password", newPassword: "a new password" },
    ]);
    expect(root.querySelector<HTMLInputElement>("#security-current")?.value).toBe("");
    expect(root.textContent).toContain("Password changed.");
  });
});
