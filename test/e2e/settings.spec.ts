import type { Page } from "@playwright/test";
import { expect, expectAccessible, openView, signIn, snap, test } from "./fixtures";

/** The `paused` argument of every pauseGlobalShortcut call the page sends over the bridge, in order. */
function recordPauses(page: Page): boolean[] {
  const pauses: boolean[] = [];
  page.on("websocket", (socket) => {
    socket.on("framesent", ({ payload }) => {
      if (typeof payload !== "string") return;
      const frame = JSON.parse(payload) as { call?: unknown; args?: { paused?: unknown } };
      if (frame.call === "pauseGlobalShortcut" && typeof frame.args?.paused === "boolean")
        pauses.push(frame.args.paused);
    });
  });
  return pauses;
}

test("the global shortcut reads as keys and is set by pressing them", async ({ page, stack }) => {
  const pauses = recordPauses(page);
  await signIn(page, stack);
  await openView(page, "Settings");
  const field = page.getByRole("textbox", { name: "Shortcut to write a note" });
  // Chromium here runs on Linux: spelled out, not the raw accelerator; a new install's Linux default.
  await expect(field).toHaveValue("Ctrl+Alt+Space");
  await expect(field).toHaveAccessibleDescription(/Opens the composer/);

  const saved = async (): Promise<string> => {
    const result = await stack.app.handlers.getSettings();
    return result.ok ? result.value.globalShortcut : `error: ${result.error.kind}`;
  };

  expect(pauses).toEqual([]);
  await field.focus();
  await expect(field).toHaveAccessibleDescription(/Press the new shortcut/);
  // Recording lets go of the registered shortcut, so pressing the current keys reaches the field.
  await expect.poll(() => pauses).toEqual([true]);
  // A key without a modifier is refused with a reason; nothing is saved.
  await page.keyboard.press("k");
  await expect(field).toHaveAccessibleDescription(/Add Ctrl or Alt/);
  await page.keyboard.press("Control+Alt+KeyK");
  await expect(field).toHaveValue("Ctrl+Alt+K");
  await expect.poll(saved).toBe("CommandOrControl+Alt+K");
  // Recording ended with the new keys: the shortcut is taken back.
  await expect.poll(() => pauses).toEqual([true, false]);
  await expectAccessible(page);
  await snap(page, "settings-shortcut");

  // Escape stops recording and keeps the shortcut.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await expect(field).toHaveValue("Ctrl+Alt+K");
  expect(await saved()).toBe("CommandOrControl+Alt+K");

  // Backspace turns it off.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Backspace");
  await expect(field).toHaveValue("");
  await expect(field).toHaveAttribute("placeholder", "None");
  await expect.poll(saved).toBe("");

  // Leaving the field while recording also takes the shortcut back.
  await page.keyboard.press("Enter");
  await expect.poll(() => pauses.at(-1)).toBe(true);
  await field.blur();
  await expect(field).toHaveAccessibleDescription(/Off\./);
  await expect.poll(() => pauses.at(-1)).toBe(false);
  // Every pause was matched by a resume, in turn.
  expect(pauses.every((paused, i) => paused === (i % 2 === 0))).toBe(true);
});
