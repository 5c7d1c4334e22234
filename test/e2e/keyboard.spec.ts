import { SEED, expect, openView, signIn, test } from "./fixtures";

test("keyboard: Ctrl+1–5 switch tabs, arrows move between tabs, Ctrl+R refreshes, Ctrl+N writes, ? lists them, Escape closes", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  const tabs = page.getByRole("navigation", { name: "Views" });
  const current = tabs.locator('[aria-current="page"]');
  await page.keyboard.press("Control+2");
  await expect(current).toHaveText("Agenda");
  await page.keyboard.press("Control+3");
  await expect(current).toHaveText("Groups");
  await page.keyboard.press("Control+4");
  await expect(current).toHaveText("Clients");
  await page.keyboard.press("Control+5");
  await expect(current).toHaveText("Timers");
  await page.keyboard.press("Control+1");
  await expect(current).toHaveText(/^Feed/);

  // Arrows on a tab move to the next one and take focus with them.
  await tabs.getByRole("button", { name: "Feed" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(current).toHaveText("Agenda");
  await expect(tabs.getByRole("button", { name: "Agenda" })).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(current).toHaveText(/^Feed/);

  // Ctrl+R refreshes in place (no page reload), Ctrl+N focuses the composer from any view.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  stack.sandbox.control.setLatency(800);
  await page.keyboard.press("Control+r");
  await expect(page.getByRole("button", { name: "Refresh" })).toHaveAttribute("aria-busy", "true");
  stack.sandbox.control.setLatency(0);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  await openView(page, "Groups");
  await page.keyboard.press("Control+n");
  await expect(page.getByLabel(`Note to ${SEED.groupName}`)).toBeFocused();

  // ? (not while typing) lists the shortcuts; Escape closes the sheet.
  await page.getByLabel(`Note to ${SEED.groupName}`).blur();
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet).toContainText("Ctrl+1 – Ctrl+5");
  await expect(sheet).toContainText("Refresh");
  await expect(sheet).toContainText("Write a note");
  // Issue 21: the composer's Ctrl+Enter and the global shortcut are listed too.
  await expect(sheet).toContainText("Ctrl+Enter");
  // The global shortcut as set: a new install's default for this platform (Ctrl+Shift+Space is VS Code's elsewhere).
  await expect(sheet).toContainText(process.platform === "darwin" ? "⇧⌘Space" : "Ctrl+Alt+Space");
  await page.keyboard.press("Escape");
  await expect(sheet).toHaveCount(0);
  await page.getByLabel(`Note to ${SEED.groupName}`).focus();
  await page.keyboard.type("?");
  await expect(sheet).toHaveCount(0);
  await expect(page.getByLabel(`Note to ${SEED.groupName}`)).toHaveValue("?");
});

test("search within the loaded feed: text, author and client/project/task", async ({ page, stack }) => {
  await signIn(page, stack);
  await page.getByLabel("Pick a date").fill("2008-11-19");
  await expect(page.locator('[data-status-key="DayEntry:1373078"]')).toBeVisible();
  const all = await page.locator(".feed-list > li").count();
  await page.locator(".feed-scroll").focus();
  // Typed at once after "/": no keystroke is lost while the field opens.
  await page.keyboard.type("/butter");
  const search = page.getByLabel("Search the loaded statuses");
  await expect(search).toBeFocused();
  await expect(search).toHaveValue("butter");
  // By client › project › task (a DayEntry).
  await search.fill("butter");
  await expect(page.locator(".feed-list > li")).toHaveCount(1);
  await expect(page.locator('[data-status-key="DayEntry:1373078"]')).toBeVisible();
  // By author.
  await search.fill("polly");
  const byPolly = await page.locator(".feed-list > li").count();
  expect(byPolly).toBeGreaterThan(0);
  for (const author of await page.locator(".feed-list .status-author").allTextContents())
    expect(author).toBe("Polly Sherman");
  // By text; nothing found says so.
  await search.fill("no status says this");
  await expect(page.getByText("No loaded status matches “no status says this”")).toBeVisible();
  // Escape clears, then closes; everything is back.
  await search.press("Escape");
  await expect(search).toHaveValue("");
  await expect(page.locator(".feed-list > li")).toHaveCount(all);
  await search.press("Escape");
  await expect(search).toHaveCount(0);
});
