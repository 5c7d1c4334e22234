/**
 * Harvest v2 journeys in the real renderer over the real services: connecting with a personal
 * access token (a wrong one, then one that reaches two accounts), clients on v2 with the 422 on
 * delete, timers started, ticking, stopped and restarted (and the tray's running state), post and
 * track from the composer, and the question after idle time.
 */
import { expect, expectAccessible, feedItems, openView, signIn, snap, test } from "./fixtures";
import { HARVEST_V2_SEED } from "../../sandbox/index";
import { TOKENS, connect, connectSingle, openTimers, startTimer } from "./harvest-v2-steps";

test("connect with a token: a wrong one is refused, one with two accounts asks which", async ({ page, stack }) => {
  await signIn(page, stack);
  await openTimers(page);
  await expect(page.getByRole("link", { name: "Harvest ID → Developers" })).toHaveAttribute(
    "href",
    "https://id.getharvest.com/developers",
  );
  await snap(page, "harvest-connect");
  await page.getByLabel("Personal access token").fill("7001.pt.not-a-real-token");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("alert")).toContainText(
    /Harvest refused this token: .*expired, revoked, malformed or invalid/,
  );
  await expect(page.getByRole("alert")).not.toContainText("Settings");
  await page.getByLabel("Personal access token").fill(TOKENS.basil);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("heading", { name: "Choose a Harvest account" })).toBeVisible();
  await expect(page.getByRole("radio")).toHaveCount(2);
  await expectAccessible(page);
  await snap(page, "harvest-choose-account");
  await page.getByRole("radio", { name: /^Fawlty Towers - Argentina #/ }).check();
  await page.getByRole("button", { name: "Use this account" }).click();
  await expect(page.getByRole("combobox", { name: "Project and task" })).toBeVisible();
  // The token is in the keychain, not in the page or the settings file.
  expect(await page.content()).not.toContain(TOKENS.basil);
  await openView(page, "Settings");
  await expect(page.getByText("Fawlty Towers - Argentina", { exact: true })).toBeVisible();
  await expect(page.getByText(/Connected with a personal access token · you track start and end times/)).toBeVisible();
  await page.getByRole("heading", { name: "Harvest", exact: true }).scrollIntoViewIfNeeded();
  await expectAccessible(page);
  await snap(page, "settings-harvest-v2");
});

test("clients on v2: the list says so, create, archive, and the 422 on delete shown by the button", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await connect(page);
  await openView(page, "Clients");
  await expect(page.getByTestId("clients-api")).toHaveText("Harvest API v2 · personal access token");
  const list = page.getByRole("list", { name: "Clients" });
  const torquay = list.locator("li").filter({ hasText: "City of Torquay" });
  await expect(torquay).toBeVisible();

  await page.getByRole("button", { name: "New client" }).click();
  const form = page.getByRole("dialog", { name: "New client" });
  await form.getByLabel("Name").fill("Torbay Catering");
  // v2 keeps the ISO code and no symbol: the picker sends the code, and no Symbol field is offered.
  await form.getByLabel("Currency").selectOption({ label: "Euro - EUR" });
  await expect(form.getByLabel("Symbol")).toHaveCount(0);
  await form.getByRole("button", { name: "Create client" }).click();
  const created = list.locator("li").filter({ hasText: "Torbay Catering" });
  await expect(created).toBeVisible();
  // The currency as Harvest answered it.
  await expect(created).toContainText("· EUR");
  expect(stack.sandbox.control.clients("fawlty").some((c) => c.name === "Torbay Catering")).toBe(true);

  const expand = async (card: typeof torquay): Promise<void> => {
    const toggle = card.locator("button[aria-expanded]");
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  };
  await expand(created);
  await created.getByRole("button", { name: "Archive" }).click();
  await expect(created).toHaveCount(0);
  expect(stack.sandbox.control.clients("fawlty").find((c) => c.name === "Torbay Catering")?.active).toBe(false);
  expect(stack.sandbox.control.requests.some((r) => r.path.includes("/toggle"))).toBe(false);

  await expand(torquay);
  await torquay.getByRole("button", { name: "Delete" }).click();
  const refuse = page.getByRole("dialog", { name: /Delete “City of Torquay”/ });
  await refuse.getByRole("button", { name: "Delete client" }).click();
  await expect(refuse.getByRole("alert")).toContainText(
    "City of Torquay has projects associated with it and cannot be deleted. Archive it instead.",
  );
  await expectAccessible(page);
  await snap(page, "clients-v2-refused");
});

test("timers: start from the picker, see it tick and in the tray, stop, restart", async ({ page, stack }) => {
  await signIn(page, stack);
  await connect(page);
  const picker = page.getByRole("combobox", { name: "Project and task" });
  await picker.fill("lobster");
  await expect(page.getByRole("option")).toHaveCount(1);
  await picker.fill("");
  await picker.press("ArrowDown");
  await expect(page.getByRole("option").first()).toBeVisible();
  await page.keyboard.press("Escape");
  await startTimer(page, "butter", "Butter for Gourmet Night");
  const running = page.getByRole("listitem", { name: "Running: Gourmet Night — Put butter on trays" });
  await expect(running).toBeVisible();
  await expect(running).toContainText("Butter for Gourmet Night");
  const clock = running.getByRole("timer");
  const first = await clock.textContent();
  await expect(clock).not.toHaveText(first ?? "");
  await expect.poll(() => stack.app.runningTimer()?.taskName).toBe("Put butter on trays");
  await expectAccessible(page);
  await snap(page, "timers-running");
  await page.setViewportSize({ width: 340, height: 480 });
  await snap(page, "timers-running-340x480");
  await page.setViewportSize({ width: 380, height: 560 });

  await running.getByRole("button", { name: "Edit notes" }).click();
  await page.getByLabel("Notes for Gourmet Night — Put butter on trays").fill("Butter, lots of it");
  await running.getByRole("button", { name: "Save" }).click();
  await expect(running).toContainText("Butter, lots of it");

  await running.getByRole("button", { name: "Stop" }).click();
  const stopped = page.getByRole("listitem", { name: "Gourmet Night — Put butter on trays" });
  await expect(stopped).toBeVisible();
  await expect.poll(() => stack.app.runningTimer()).toBeNull();
  await stopped.getByRole("button", { name: "Restart" }).click();
  await expect(page.getByRole("listitem", { name: "Running: Gourmet Night — Put butter on trays" })).toBeVisible();
  await expect.poll(() => stack.app.runningTimer()?.projectName).toBe("Gourmet Night");

  // Starting another stops this one (one running timer per user).
  await startTimer(page, "rat", "");
  await expect(page.getByRole("listitem", { name: "Running: Health Inspection — Hide the rat" })).toBeVisible();
  await expect(page.getByRole("listitem", { name: /^Running:/ })).toHaveCount(1);
});

test("track from the composer: the timer starts with the notes, and the feed shows it once, as the time entry", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await connect(page);
  await openView(page, "Feed");
  await page.getByRole("switch", { name: "Track" }).check();
  await page.getByLabel("Task to track").selectOption({ label: "Health Inspection — Inspect the kitchen" });
  const field = page.getByLabel("Notes for the timer");
  await field.fill("Inspector arrives at noon");
  await field.press("Enter");
  await expect(field).toHaveValue("");
  // Co-op gathers the running entry into the feed: that is the one record, with no note repeating it.
  const shown = feedItems(page).filter({ hasText: "Inspector arrives at noon" });
  await expect(shown.and(page.locator('[data-status-key^="DayEntry:"]'))).toContainText("Health Inspection");
  await expect(shown).toHaveCount(1);
  expect(await stack.app.handlers.listOutbox()).toEqual({ ok: true, value: [] });
  await snap(page, "post-and-track");

  // Ctrl/⌘+Enter tracks once with the switch off, and again posts no note.
  await page.getByRole("switch", { name: "Track" }).uncheck();
  const note = page.getByLabel(/Note to/);
  await note.fill("Rat in the biscuit tin");
  await note.press("Control+Enter");
  await expect(note).toHaveValue("");
  await expect(feedItems(page).filter({ hasText: "Rat in the biscuit tin" })).toHaveCount(1);
  expect(await stack.app.handlers.listOutbox()).toEqual({ ok: true, value: [] });
  await openTimers(page);
  const running = page.getByRole("listitem", { name: "Running: Health Inspection — Inspect the kitchen" });
  await expect(running).toContainText("Rat in the biscuit tin");
});

test("idle return: after 12 idle minutes the app asks, and removing the time keeps the timer running", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  // Polly's timer has run since long before: the idle spell lies wholly inside it (idle never
  // reaches back before a timer's start, so a timer started just now would raise no question).
  await connectSingle(page, TOKENS.polly);
  const running = page.getByRole("listitem", { name: /^Running: / });
  await expect(running).toBeVisible();
  await expect.poll(() => stack.app.runningTimer()?.entryId).toBe(HARVEST_V2_SEED.runningEntryId);
  // What powerMonitor would report: 12 minutes without input, then the user is back.
  stack.app.power.observeIdle(12 * 60);
  stack.app.power.observeIdle(3);
  const dialog = page.getByRole("dialog", { name: "You were away" });
  await expect(dialog).toContainText(/You were idle from .+ to .+ \(12 min\) while your timer ran/);
  await expectAccessible(page);
  await snap(page, "idle-prompt");
  await dialog.getByRole("button", { name: "Remove and continue" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(running).toBeVisible();
});
