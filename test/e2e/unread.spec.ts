import type { Page } from "@playwright/test";
import { SEED, expect, openView, signIn, test } from "./fixtures";

/** Sybil posts to a group through Co-op's API, as another client would. */
async function postAsSybil(sandboxUrl: string, groupId: number, text: string): Promise<void> {
  const answer = await fetch(`${sandboxUrl}/groups/${groupId}/statuses`, {
    method: "POST",
    headers: {
      accept: "application/json",
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from("sybil@fawltytowers.com:fawltytowers").toString("base64")}`,
    },
    body: JSON.stringify({ status: text }),
  });
  expect(answer.status).toBeLessThan(300);
}

async function pollEvery15s(page: Page): Promise<void> {
  await openView(page, "Settings");
  await page.getByLabel("Check for new statuses").selectOption("15");
}

test("mark all as read clears every group's unread count, and it stays cleared after a reload", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await pollEvery15s(page);
  await openView(page, "Groups");
  await postAsSybil(stack.sandbox.url, SEED.groupId, "Basil, the guests in 12 want a word");
  await postAsSybil(stack.sandbox.url, SEED.otherGroupId, "Manuel has the hamster again");
  const groups = page.getByRole("list", { name: "Groups" });
  // The next background sync (within 15 s) brings both in as new.
  await expect(groups.locator(`[data-group-id="${SEED.groupId}"]`)).toContainText("1 new", { timeout: 40_000 });
  await expect(groups.locator(`[data-group-id="${SEED.otherGroupId}"]`)).toContainText("1 new", { timeout: 40_000 });

  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked everything as read." })).toBeVisible();
  await expect(groups).not.toContainText("new");
  await expect(page.getByRole("button", { name: "Mark all read" })).toBeDisabled();

  await page.reload();
  await openView(page, "Groups");
  await expect(groups.locator(`[data-group-id="${SEED.groupId}"]`)).toBeVisible();
  await expect(groups).not.toContainText("new");
});

test("unread counts survive the tray window loading hidden: seen only once the window shows", async ({
  page,
  stack,
}) => {
  // The tray window renders while hidden; here the page reports itself hidden until told otherwise.
  await page.addInitScript(`
    let state = "hidden";
    Object.defineProperty(document, "visibilityState", { get: () => state });
    Object.defineProperty(document, "hidden", { get: () => state !== "visible" });
    window.__show = () => { state = "visible"; document.dispatchEvent(new Event("visibilitychange")); };
  `);
  await signIn(page, stack);
  await pollEvery15s(page);
  await openView(page, "Groups");
  await postAsSybil(stack.sandbox.url, SEED.groupId, "The moose head has fallen on the Major");
  const card = page.getByRole("list", { name: "Groups" }).locator(`[data-group-id="${SEED.groupId}"]`);
  await expect(card).toContainText("1 new", { timeout: 40_000 });

  // A restart of the window with the feed open: still hidden, so still unread.
  await openView(page, "Feed");
  await expect(page.locator(".feed-list > li").filter({ hasText: "The moose head has fallen" })).toBeVisible();
  await page.reload();
  await expect(page.locator(".feed-list > li").filter({ hasText: "The moose head has fallen" })).toBeVisible();
  await expect(page.locator(".tab-dot")).toBeVisible();
  await openView(page, "Groups");
  await expect(card).toContainText("1 new");

  // Shown with the feed on screen: seen.
  await openView(page, "Feed");
  await page.evaluate(() => (window as unknown as { __show: () => void }).__show());
  await expect(page.locator(".tab-dot")).toHaveCount(0);
  await openView(page, "Groups");
  await expect(card).not.toContainText("new");
});

test("mute a group's notifications from its card; it stays muted after a reload", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Groups");
  const card = page.getByRole("list", { name: "Groups" }).locator(`[data-group-id="${SEED.otherGroupId}"]`);
  await card.getByRole("button", { name: "Mute" }).click();
  // Its name says the state; a pressed state as well was announced twice (issue 21).
  await expect(card.getByRole("button", { name: "Unmute" })).not.toHaveAttribute("aria-pressed");
  await expect(card).toContainText("Muted");
  await page.reload();
  await openView(page, "Groups");
  await expect(card.getByRole("button", { name: "Unmute" })).toBeVisible();
  const settings = await stack.app.handlers.getSettings(undefined);
  expect(settings.ok && settings.value.mutedGroupIds).toEqual([SEED.otherGroupId]);
  await card.getByRole("button", { name: "Unmute" }).click();
  await expect(card.getByRole("button", { name: "Mute" })).not.toHaveAttribute("aria-pressed");
});
