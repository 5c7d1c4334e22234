/**
 * Timers journeys a picky user walks: Start disarms once a timer runs, status lines speak of the
 * last action only, focus stays on the row through Edit notes and Save, and Share asks where and
 * shows the note before anything is posted, never repeating what a feed already shows.
 */
import type { Stack } from "../../dev/bridge/stack";
import { SEED, expect, expectAccessible, signIn, test } from "./fixtures";
import { connect, startTimer } from "./harvest-v2-steps";

const statusPosts = (stack: Stack) =>
  stack.sandbox.control.requests.filter((r) => r.method === "POST" && /^\/groups\/\d+\/statuses/.test(r.path));

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

test("Share says there is nothing to share when every feed already shows the timer, and posts nothing", async ({
  page,
  stack,
}) => {
  // Co-op keeps Basil's Harvest login: his new timer is gathered into both his groups' feeds.
  await signIn(page, stack);
  await connect(page);
  await startTimer(page, "butter", "Butter");
  const running = page.getByRole("listitem", { name: "Running: Gourmet Night — Put butter on trays" });
  await running.getByRole("button", { name: "Share…" }).click();
  const dialog = page.getByRole("dialog", { name: "Share this timer" });
  await expect(dialog).toContainText(
    `${SEED.groupName} and ${SEED.otherGroupName} already show this timer: Co-op adds your Harvest time to their feeds by itself, so there is nothing to share.`,
  );
  // Nothing to choose and nothing to post: only the way out, focused.
  await expect(dialog.getByRole("combobox")).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Share" })).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(running.getByRole("button", { name: "Share…" })).toBeFocused();
  expect(statusPosts(stack)).toEqual([]);
});

test("Share posts exactly the note shown, edited, to the group chosen; Cancel posts nothing", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  // Without a Harvest login kept by Co-op, no feed gathers Basil's time: sharing is how his groups hear.
  const unlinked = await fetch(`${stack.sandbox.url}/users/21/harvest_credential.json`, {
    method: "DELETE",
    headers: { authorization: `Basic ${Buffer.from(`${SEED.email}:${SEED.password}`).toString("base64")}` },
  });
  expect(unlinked.status).toBe(200);
  await connect(page);
  await startTimer(page, "butter", "Butter");
  const running = page.getByRole("listitem", { name: "Running: Gourmet Night — Put butter on trays" });
  const dialog = page.getByRole("dialog", { name: "Share this timer" });
  const note = dialog.getByLabel("Note", { exact: true });
  const preview = "Working on Gourmet Night — Put butter on trays (City of Torquay): Butter";

  await running.getByRole("button", { name: "Share…" }).click();
  await expect(dialog.getByLabel("Group", { exact: true })).toHaveValue(String(SEED.groupId));
  await expect(note).toHaveValue(preview);
  await note.fill("Not this");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  expect(statusPosts(stack)).toEqual([]);

  await running.getByRole("button", { name: "Share…" }).click();
  // Nothing of the cancelled edit is posted: the preview is back.
  await expect(note).toHaveValue(preview);
  await dialog.getByLabel("Group", { exact: true }).selectOption({ label: SEED.otherGroupName });
  await expect(dialog).toContainText(`Posted to ${SEED.otherGroupName} as a note from you.`);
  await note.fill(`${preview} — back in ten`);
  await dialog.getByRole("button", { name: "Share" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `Shared to ${SEED.otherGroupName}.` })).toBeVisible();
  await expect.poll(() => statusPosts(stack).map((r) => r.path)).toEqual([`/groups/${SEED.otherGroupId}/statuses`]);

  // The same note again would repeat it: the dialog says so and does not send it.
  await running.getByRole("button", { name: "Share…" }).click();
  await dialog.getByLabel("Group", { exact: true }).selectOption({ label: SEED.otherGroupName });
  await note.fill(`${preview} — back in ten`);
  await dialog.getByRole("button", { name: "Share" }).click();
  await expect(dialog.getByText(`This note is already in ${SEED.otherGroupName}.`)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(statusPosts(stack)).toHaveLength(1);
});
