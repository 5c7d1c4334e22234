/** The week in Timers: totals, another week's day, a past entry added, edited and deleted in Harvest. */
import { expect, expectAccessible, signIn, snap, test } from "./fixtures";
import { connect, startTimer } from "./harvest-v2-steps";

test("the week: browse to last week, add a forgotten entry, edit its duration, task and notes, delete it", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await connect(page);
  const week = page.getByRole("region", { name: "Week" });
  await expect(week).toContainText("This week");
  await expect(week.getByRole("button", { name: /, today$/ })).toHaveAttribute("aria-pressed", "true");
  await startTimer(page, "butter", "Butter");
  await expect(page.getByRole("listitem", { name: "Running: Gourmet Night — Put butter on trays" })).toBeVisible();
  await snap(page, "timers-week");
  await page.setViewportSize({ width: 340, height: 480 });
  await snap(page, "timers-week-340x480");
  await page.setViewportSize({ width: 380, height: 560 });

  await week.getByRole("button", { name: "Previous week" }).click();
  await expect(week).toContainText("Week of");
  const tuesday = week.getByRole("listitem").nth(1).getByRole("button");
  await tuesday.click();
  await expect(tuesday).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("No time tracked this day")).toBeVisible();

  await page.getByRole("button", { name: "Add time" }).click();
  const add = page.getByRole("dialog", { name: /^Add time · / });
  await add.getByRole("combobox", { name: "Project and task" }).fill("duck");
  await add.getByRole("option").first().click();
  await add.getByLabel("Duration").fill("1:30");
  await add.getByLabel("Notes").fill("Forgot the duck");
  await expectAccessible(page);
  await snap(page, "timers-add-entry");
  await add.getByRole("button", { name: "Add time" }).click();
  await expect(add).toHaveCount(0);
  const entry = page.getByRole("listitem", { name: "Gourmet Night — Cook the duck" });
  await expect(entry).toContainText("Forgot the duck");
  await expect(entry.getByText("1:30", { exact: true })).toBeVisible();
  await expect(tuesday).toHaveAccessibleName(/^Tue 1:30\b/);
  await expect(week.getByLabel("Week total 1:30")).toBeVisible();
  const inHarvest = () =>
    stack.sandbox.control.requests.filter((r) => r.service === "harvestV2" && r.method === "POST").length;
  expect(inHarvest()).toBeGreaterThanOrEqual(2);

  await entry.getByRole("button", { name: "Edit…" }).click();
  const edit = page.getByRole("dialog", { name: "Edit time entry" });
  await edit.getByRole("combobox", { name: "Project and task" }).fill("rat");
  await edit.getByRole("option").first().click();
  await edit.getByLabel("Duration").fill("2.25");
  await edit.getByLabel("Notes").fill("It was a rat");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toHaveCount(0);
  const changed = page.getByRole("listitem", { name: "Health Inspection — Hide the rat" });
  await expect(changed).toContainText("It was a rat");
  await expect(changed.getByText("2:15", { exact: true })).toBeVisible();
  await expect(tuesday).toHaveAccessibleName(/^Tue 2:15\b/);

  await changed.getByRole("button", { name: "Delete…" }).click();
  const remove = page.getByRole("dialog", { name: "Delete this time entry?" });
  await expect(remove).toContainText("Health Inspection — Hide the rat, 2:15");
  await remove.getByRole("button", { name: "Delete entry" }).click();
  await expect(changed).toHaveCount(0);
  await expect(page.getByText("No time tracked this day")).toBeVisible();
  expect(
    stack.sandbox.control.requests.some((r) => r.service === "harvestV2" && r.method === "DELETE" && r.status < 300),
  ).toBe(true);

  await week.getByRole("button", { name: "Back to today" }).click();
  await expect(page.getByRole("listitem", { name: "Running: Gourmet Night — Put butter on trays" })).toBeVisible();
});
