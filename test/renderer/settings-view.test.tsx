/**
 * Settings' on/off preferences in happy-dom over a fake main: each switch shows main's value, and
 * turning it saves exactly its own setting.
 */
import { render } from "preact";
import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";
import { ApiContext } from "../../renderer/api-context";
import { SettingsView } from "../../renderer/views/settings";
import { DEFAULT_SETTINGS, type Settings } from "../../shared/contract";
import { createFakeApi, ok, settle, signedOut } from "./fake-api";
import { testRoot } from "./test-root";

describe("Settings' switches", () => {
  it("show main's values and save the one turned", async () => {
    const fake = createFakeApi();
    let saved: Settings = DEFAULT_SETTINGS;
    fake.answer("updateSettings", (patch) => {
      saved = { ...saved, ...patch };
      return ok(saved);
    });
    const root = testRoot();
    await act(() => {
      render(
        <ApiContext.Provider value={fake.api}>
          <SettingsView state={signedOut()} unsentNotes={0} />
        </ApiContext.Provider>,
        root,
      );
    });
    const switches = (): [string, boolean][] =>
      [...root.querySelectorAll<HTMLInputElement>('input[role="switch"]')].map((s) => [
        root.querySelector(`label[for="${s.id}"]`)?.textContent ?? s.id,
        s.checked,
      ]);
    expect(switches()).toEqual([
      ["Ask about idle time while a timer runs", true],
      ["Notify me of new statuses", true],
      ["Open at login", false],
      ["Install updates automatically", true],
    ]);

    for (const id of ["pref-idle", "pref-notify", "pref-login", "pref-updates"]) {
      await act(() => root.querySelector<HTMLInputElement>(`#${id}`)?.click());
      await act(() => settle(1));
    }
    expect(fake.argsOf("updateSettings")).toEqual([
      { idleDetection: false },
      { notifications: false },
      { launchAtLogin: true },
      { autoUpdate: false },
    ]);
    expect(switches().map(([, on]) => on)).toEqual([false, false, true, false]);
  });
});
