/**
 * Timers journeys a picky user walks: Start disarms once a timer runs, status lines speak of the
 * last action only, and focus stays on the row through Edit notes and Save.
 */
import { expect, signIn, test } from "./fixtures";
import { connect, startTimer } from "./harvest-v2-steps";

test("Start is disarmed after starting; a second press cannot stop the new timer", async ({ page, stack }) => {
  await signIn(page, stack);
  await connect(page);
  // The card that had focus is gone: focus moves to the picker, not the page body.
  await expect(page.getByRole("combobox", { name: "Project and task" })).toBeFocused();
  await startTimer(page, "butter", "Butter for Gourmet Night");
  const running = page.getByRole("listitem", { name: "Running: Gourmet Night — Put butter on trays" });
  await expect(running).toContainText("Butter for Gourmet Night");
  const start = page.getByRole("button", { name: "Start", exact: true });
  await expect(start).toBeDisabled();
  await start.click({ force: true });
  await expect(running).toBeVisible();
  await expect(page.getByRole("listitem", { name: /^Running:/ })).toHaveCount(1);
  const creates = stack.sandbox.control.requests.filter(
    (r) => r.service === "harvestV2" && r.method === "POST" && /\/time_entries\/?$/.test(r.path),
  );
  expect(creates).toHaveLength(1);
});

test("status lines follow the last action; focus stays on the row through Edit notes and Save", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  await connect(page);
  await startTimer(page, "duck", "Duck");
  const running = page.getByRole("listitem", { name: "Running: Gourmet Night — Cook the duck" });
  await expect(page.getByRole("status").filter({ hasText: "Timer started" })).toBeVisible();

  await running.getByRole("button", { name: "Edit notes" }).click();
  const notes = page.getByLabel("Notes for Gourmet Night — Cook the duck");
  await expect(notes).toBeFocused();
  await notes.fill("Duck à l'orange");
  await running.getByRole("button", { name: "Save" }).click();
  await expect(running).toContainText("Duck à l'orange");
  await expect(running.getByRole("button", { name: "Edit notes" })).toBeFocused();
  await expect(page.getByText("Timer started")).toHaveCount(0);

  await running.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("listitem", { name: "Gourmet Night — Cook the duck" })).toBeVisible();
  await expect(page.getByText("Timer started")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Timer stopped" })).toBeVisible();
});
