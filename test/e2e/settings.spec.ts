import { expect, expectAccessible, openView, signIn, snap, test } from "./fixtures";

test("the global shortcut reads as keys and is set by pressing them", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Settings");
  const field = page.getByRole("textbox", { name: "Shortcut to write a note" });
  // Chromium here runs on Linux: spelled out, not the raw accelerator.
  await expect(field).toHaveValue("Ctrl+Shift+Space");
  await expect(field).toHaveAccessibleDescription(/Opens the composer/);

  const saved = async (): Promise<string> => {
    const result = await stack.app.handlers.getSettings();
    return result.ok ? result.value.globalShortcut : `error: ${result.error.kind}`;
  };

  await field.focus();
  await expect(field).toHaveAccessibleDescription(/Press the new shortcut/);
  // A key without a modifier is refused with a reason; nothing is saved.
  await page.keyboard.press("k");
  await expect(field).toHaveAccessibleDescription(/Add Ctrl or Alt/);
  await page.keyboard.press("Control+Alt+KeyK");
  await expect(field).toHaveValue("Ctrl+Alt+K");
  await expect.poll(saved).toBe("CommandOrControl+Alt+K");
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
});
