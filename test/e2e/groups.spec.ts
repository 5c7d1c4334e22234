import { SEED, expect, expectAccessible, openView, signIn, snap, test } from "./fixtures";

test("create, edit, change owner of and delete a group", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Groups");
  const groups = page.getByRole("list", { name: "Groups" });
  await expect(groups.getByRole("button", { name: SEED.groupName, exact: true })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "groups");

  // Create, with a time zone found by search and an invitation.
  await page.getByRole("button", { name: "New group" }).click();
  const dialog = page.getByRole("dialog", { name: "New group" });
  await dialog.getByLabel("Name").fill("Gourmet Night");
  await dialog.getByLabel("Search time zones").fill("buenos");
  await dialog.getByRole("listbox").selectOption("Buenos Aires");
  await dialog.getByLabel("Invite (optional)").fill("polly@fawltytowers.com");
  await expectAccessible(page);
  await snap(page, "group-form");
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog).toHaveCount(0);
  const created = groups.locator("li").filter({ hasText: "Gourmet Night" });
  await expect(created).toContainText("Buenos Aires");

  // A time zone Co-op does not know never leaves the form: the picker only offers Co-op's names.
  await created.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit group" });
  await edit.getByLabel("Name").fill("Gourmet Night at Fawlty Towers");
  await edit.getByLabel("Search time zones").fill("london");
  await edit.getByRole("listbox").selectOption("London");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toHaveCount(0);
  const renamed = groups.locator("li").filter({ hasText: "Gourmet Night at Fawlty Towers" });
  await expect(renamed).toContainText("London");

  // Change the owner of the Argentina group to another member.
  const argentina = groups.locator("li").filter({ hasText: SEED.otherGroupName });
  await argentina.getByRole("button", { name: "Owner…" }).click();
  const owner = page.getByRole("dialog", { name: "Change owner" });
  await owner.getByRole("radio").first().check();
  await owner.getByRole("button", { name: "Make owner" }).click();
  await expect(owner).toHaveCount(0);
  await expect(
    page.getByRole("status").filter({ hasText: `Changed the owner of “${SEED.otherGroupName}”` }),
  ).toBeVisible();

  // Delete, after a confirmation that says what happens to notes and time entries.
  await renamed.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: /Delete “Gourmet Night at Fawlty Towers”/ });
  await expect(confirm).toContainText("notes are removed");
  await expect(confirm).toContainText("Time entries stay");
  await confirm.getByRole("button", { name: "Delete group" }).click();
  await expect(groups.locator("li").filter({ hasText: "Gourmet Night" })).toHaveCount(0);
  const serverGroups = stack.sandbox.control.groups() as readonly { name: string }[];
  expect(serverGroups.some((g) => g.name.startsWith("Gourmet Night"))).toBe(false);
});

test("time-zone search: Enter takes the first match, the choice is shown and scrolled to, and saved", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await openView(page, "Groups");
  const groups = page.getByRole("list", { name: "Groups" });

  await page.getByRole("button", { name: "New group" }).click();
  const dialog = page.getByRole("dialog", { name: "New group" });
  await dialog.getByLabel("Name").fill("Tokyo office");
  await dialog.getByLabel("Search time zones").fill("Tokyo");
  await dialog.getByLabel("Search time zones").press("Enter");
  await expect(dialog.getByTestId("tz-chosen")).toContainText("Tokyo");
  await expect(dialog.getByRole("listbox")).toHaveValue("Tokyo");
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog).toHaveCount(0);
  const serverGroups = stack.sandbox.control.groups() as readonly { name: string; timezone: string }[];
  expect(serverGroups.find((g) => g.name === "Tokyo office")?.timezone).toBe("Tokyo");

  // An edit: the list opens scrolled to the group's zone, and "buenos" + Enter changes it.
  const tokyo = groups.locator("li").filter({ hasText: "Tokyo office" });
  await tokyo.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit group" });
  const inView = await edit.getByRole("listbox").evaluate((select: HTMLSelectElement) => {
    const option = select.options[select.selectedIndex];
    if (!option) return false;
    const box = select.getBoundingClientRect();
    const row = option.getBoundingClientRect();
    return option.value === "Tokyo" && row.top >= box.top - 1 && row.bottom <= box.bottom + 1;
  });
  expect(inView, "the chosen zone is scrolled into view").toBe(true);
  await edit.getByLabel("Search time zones").fill("buenos");
  await edit.getByLabel("Search time zones").press("Enter");
  await expect(edit.getByTestId("tz-chosen")).toContainText("Buenos Aires");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toHaveCount(0);
  await expect(tokyo).toContainText("Buenos Aires");
  const after = stack.sandbox.control.groups() as readonly { name: string; timezone: string }[];
  expect(after.find((g) => g.name === "Tokyo office")?.timezone).toBe("Buenos Aires");
});

test("groups say who owns them, offer owner-only actions to the owner only, and end long names in an ellipsis", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await openView(page, "Groups");
  const groups = page.getByRole("list", { name: "Groups" });
  const argentina = groups.locator(`[data-group-id="${SEED.otherGroupId}"]`);
  await expect(argentina.getByTestId("group-owner")).toHaveText("Owned by you");
  await argentina.getByRole("button", { name: "Owner…" }).click();
  const owner = page.getByRole("dialog", { name: "Change owner" });
  await owner.getByRole("radio", { name: /Sybil/ }).check();
  await owner.getByRole("button", { name: "Make owner" }).click();
  await expect(owner).toHaveCount(0);
  await expect(argentina.getByTestId("group-owner")).toHaveText("Owned by Sybil Fawlty");
  await expect(argentina.getByRole("button", { name: "Owner…" })).toHaveCount(0);
  await expect(argentina.getByRole("button", { name: "Delete" })).toHaveCount(0);
  // Renaming and re-zoning are the owner's too (the server refuses anyone else): no Edit for a member.
  await expect(argentina.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(argentina.getByRole("button", { name: "Members…" })).toBeVisible();

  const long = "The Fawlty Towers Gourmet Night Committee for the Planning of Gourmet Nights and Other Culinary Events";
  await page.getByRole("button", { name: "New group" }).click();
  const dialog = page.getByRole("dialog", { name: "New group" });
  await dialog.getByLabel("Name").fill(long);
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog).toHaveCount(0);
  const title = groups.getByRole("button", { name: long, exact: true });
  await expect(title).toHaveAttribute("title", long);
  const cut = await title.evaluate(
    (el) =>
      getComputedStyle(el).textOverflow === "ellipsis" &&
      el.scrollWidth > el.clientWidth &&
      el.getBoundingClientRect().right <= document.documentElement.clientWidth,
  );
  expect(cut, "the long name ends in an ellipsis inside the card").toBe(true);
});

test("members after creation: the owner lists, invites and removes; a member leaves", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Groups");
  const towers = page.locator(`[data-group-id="${SEED.groupId}"]`);
  await towers.getByRole("button", { name: "Members…" }).click();
  const dialog = page.getByRole("dialog", { name: `Members of ${SEED.groupName}` });
  const list = dialog.getByRole("list", { name: "Members" });
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(list.getByRole("listitem").filter({ hasText: "(you)" })).toContainText("Owner");
  await expectAccessible(page);
  await snap(page, "group-members");

  // Invite: nobody joins without consent, an account holder included; he accepts in his own tray.
  await dialog.getByLabel("Invite by email").fill("manuel@fawltytowers.com");
  await dialog.getByRole("button", { name: "Invite" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Invited manuel@fawltytowers.com: they join when they accept.");
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(list).not.toContainText("manuel@fawltytowers.com");

  // Remove, after a second, named confirmation.
  await list.getByRole("button", { name: "Remove Polly Sherman" }).click();
  await list.getByRole("button", { name: "Remove Polly" }).click();
  await expect(list).not.toContainText("polly@fawltytowers.com");
  await expect(dialog.getByRole("status")).toHaveText("Removed Polly Sherman.");
  await dialog.getByRole("button", { name: "Close" }).click();

  // Manuel, now a member, leaves it himself; the group is gone from his list.
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill("manuel@fawltytowers.com");
  await page.getByLabel("Password").fill(SEED.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await openView(page, "Groups");
  const invitation = page.getByRole("group", { name: `Invitation to ${SEED.groupName}` });
  await invitation.getByRole("button", { name: "Accept" }).click();
  await page.locator(`[data-group-id="${SEED.groupId}"]`).getByRole("button", { name: "Members…" }).click();
  const his = page.getByRole("dialog", { name: `Members of ${SEED.groupName}` });
  await his.getByRole("button", { name: "Leave group" }).click();
  await his.getByRole("button", { name: "Leave", exact: true }).click();
  await expect(his).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `You left “${SEED.groupName}”.` })).toBeVisible();
  await expect(page.locator(`[data-group-id="${SEED.groupId}"]`)).toHaveCount(0);
});
