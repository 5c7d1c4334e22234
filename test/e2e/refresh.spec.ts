import type { Page } from "@playwright/test";
import type { Stack } from "../../dev/bridge/stack";
import { SEED, expect, feedItems, legacyLoginSummary, openView, signIn, test } from "./fixtures";

/** Co-op requests the sandbox saw since the log was last cleared, as "METHOD /path". */
function coopRequests(stack: Stack): string[] {
  return stack.sandbox.control.requests.filter((r) => r.service === "coop").map((r) => `${r.method} ${r.path}`);
}

async function pressRefresh(page: Page, stack: Stack): Promise<void> {
  stack.sandbox.control.clearLog();
  await page.getByRole("button", { name: "Refresh" }).click();
}

// Refresh is what a polling tray has: the live stream would show changes made elsewhere before it is pressed.
test.use({ sandboxTuning: { eventStream: false } });

test("Refresh re-reads what the feed and the agendas show", async ({ page, stack }) => {
  await signIn(page, stack);

  await pressRefresh(page, stack);
  await expect
    .poll(() => coopRequests(stack).some((r) => r.startsWith(`GET /groups/${SEED.groupId}`) && !r.includes("agenda")))
    .toBe(true);
  await expect(feedItems(page).first()).toBeVisible();

  await openView(page, "Agenda");
  await expect(page.getByRole("heading", { name: "Group agenda" })).toBeVisible();
  await pressRefresh(page, stack);
  await expect
    .poll(
      () =>
        coopRequests(stack).filter((r) => r.startsWith(`GET /groups/${SEED.groupId}/`) && r.includes("agenda")).length,
    )
    .toBeGreaterThan(0);
  // The cards stay while the texts are read again.
  await expect(page.getByRole("heading", { name: "Group agenda" })).toBeVisible();
});

test("Refresh on Settings re-reads the Harvest link, e.g. after it was removed on the web", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Settings");
  // Linked in Co-op: shown as linked, or (when this computer's keychain has no password for it yet)
  // as the card that asks for it.
  const linked = page.getByTestId("harvest-linked").or(page.getByTestId("harvest-login-card"));
  await expect(linked).toContainText(`${SEED.harvest.subdomain}.harvestapp.com`);

  // Unlinked behind the app's back, as the Co-op website would.
  const state = await stack.app.handlers.getState();
  const userId = state.ok ? state.value.account?.userId : null;
  expect(userId).toEqual(expect.any(Number));
  const removed = await fetch(`${stack.sandbox.url}/users/${userId}/harvest_credential`, {
    method: "DELETE",
    headers: {
      Accept: "application/xml",
      Authorization: `Basic ${Buffer.from(`${SEED.email}:${SEED.password}`).toString("base64")}`,
    },
  });
  expect(removed.status).toBe(200);
  await expect(linked).toBeVisible();

  await pressRefresh(page, stack);
  await expect(linked).toHaveCount(0);
  await expect(legacyLoginSummary(page)).toBeVisible();
  expect(coopRequests(stack)).toContain(`GET /users/${userId}/harvest_credential`);
});

test("Refresh on Groups asks Co-op even when the list was just fetched", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Groups");
  await expect(page.getByText("Fawlty Towers - Argentina")).toBeVisible();

  // Created behind the app's back, as a colleague on the Co-op website would, moments after the app's fetch.
  const created = await fetch(`${stack.sandbox.url}/groups`, {
    method: "POST",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json; charset=utf-8",
      Authorization: `Basic ${Buffer.from(`${SEED.email}:${SEED.password}`).toString("base64")}`,
    },
    body: JSON.stringify({ group: { name: "Made on the website", timezone: "London" } }),
  });
  expect(created.status).toBe(201);
  await expect(page.getByText("Made on the website")).toHaveCount(0);

  await pressRefresh(page, stack);
  await expect(page.getByText("Made on the website")).toBeVisible();
  expect(coopRequests(stack)).toContain("GET /groups");
});
