/**
 * The composer's drafts: what is typed belongs to the group it was typed for, survives leaving the
 * feed and reloading the page (main keeps it, not the page's storage), and the field names its group.
 */
import { SEED, expect, expectAccessible, openView, signIn, snap, test } from "./fixtures";

test("a draft stays with its group across tabs, group switches and a reload, and the field names the group", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  const towers = page.getByLabel(`Note to ${SEED.groupName}`);
  await expect(towers).toHaveAttribute("placeholder", `Note to ${SEED.groupName}…`);
  await towers.fill("Half a thought about the moose");

  await openView(page, "Agenda");
  await expect(page.getByRole("heading", { name: "Group agenda" })).toBeVisible();
  await openView(page, "Feed");
  await expect(towers).toHaveValue("Half a thought about the moose");

  // Another group has its own (empty) draft, and the field says where a note would go.
  await page.getByLabel("Group").selectOption(String(SEED.otherGroupId));
  const argentina = page.getByLabel(`Note to ${SEED.otherGroupName}`);
  await expect(argentina).toHaveValue("");
  await expect(argentina).toHaveAttribute("placeholder", `Note to ${SEED.otherGroupName}…`);
  await argentina.fill("Ola");
  await page.getByLabel("Group").selectOption(String(SEED.groupId));
  await expect(towers).toHaveValue("Half a thought about the moose");

  // A reload starts the page afresh: the drafts come back from main, not from the page's storage.
  await page.reload();
  await expect(towers).toHaveValue("Half a thought about the moose");
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain("moose");
  await page.getByLabel("Group").selectOption(String(SEED.otherGroupId));
  await expect(argentina).toHaveValue("Ola");

  // Posting clears the group's draft for good.
  await argentina.press("Enter");
  await expect(page.locator(".feed-list").getByText("Ola", { exact: true })).toBeVisible();
  await expect(argentina).toHaveValue("");
  await page.reload();
  await page.getByLabel("Group").selectOption(String(SEED.otherGroupId));
  await expect(argentina).toHaveValue("");
});

test("a queued note can be edited or not sent before it leaves, and the edit is what arrives, once", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await stack.sandbox.control.goOffline();
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByTestId("offline-banner")).toBeVisible();
  const composer = page.getByLabel(`Note to ${SEED.groupName}`);
  await composer.fill("Teh duck is off");
  await composer.press("Enter");
  await composer.fill("Never mind the duck");
  await composer.press("Enter");
  const typo = page.locator("[data-outbox-id]").filter({ hasText: "Teh duck is off" });
  const second = page.locator("[data-outbox-id]").filter({ hasText: "Never mind the duck" });
  await expect(typo).toContainText("Will be sent when you're back online.");
  await expectAccessible(page);
  await snap(page, "outbox-queued");

  await second.getByRole("button", { name: "Don't send" }).click();
  await expect(second).toHaveCount(0);
  await typo.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Edit note").fill("The duck is off");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const fixed = page.locator("[data-outbox-id]").filter({ hasText: "The duck is off" });
  await expect(fixed).toHaveAttribute("data-state", "queued");

  await stack.sandbox.control.goOnline();
  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(page.locator('[data-status-key^="Note:"]').filter({ hasText: "The duck is off" })).toHaveCount(1);
  const texts = stack.sandbox.control.statuses(SEED.groupId).map((s) => s.text);
  expect(texts.filter((t) => t === "The duck is off")).toHaveLength(1);
  expect(texts.filter((t) => t.includes("Teh duck") || t.includes("Never mind"))).toEqual([]);
});
