/** The dev bridge's window calls: answered in the browser preview, with the app's own checks. */
import { describe, expect, it } from "vitest";
import { createFakeBackend } from "../../dev/fake-backend";

describe("window calls over the dev bridge", () => {
  const { dispatch } = createFakeBackend({ latencyMs: 0 });

  it("only opens http(s) links (in Node it just checks them)", async () => {
    expect((await dispatch("openExternal", { url: "https://coopapp.com" })).ok).toBe(true);
    const refused = await dispatch("openExternal", { url: "file:///etc/passwd" });
    expect(!refused.ok && refused.error.kind).toBe("invalidInput");
  });

  it("answers hideWindow and pauseGlobalShortcut, and refuses a malformed pause", async () => {
    expect(await dispatch("hideWindow", undefined)).toEqual({ ok: true, value: null });
    expect(await dispatch("pauseGlobalShortcut", { paused: true })).toEqual({ ok: true, value: null });
    const refused = await dispatch("pauseGlobalShortcut", { paused: "yes" });
    expect(!refused.ok && refused.error.kind).toBe("invalidInput");
  });
});
