// Consent in the app: Polly invites Basil to her group; the Groups tab shows the invitation with a
// count badge, and the Groups tab counts them from any tab; Basil accepts one (the group appears at
// once) and declines another (nothing joins).
import { SEED, expect, expectAccessible, openView, signIn, test } from "./fixtures";

async function invite(sandboxUrl: string, name: string): Promise<void> {
  const polly = Buffer.from(`polly@fawltytowers.com:${SEED.password}`).toString("base64");
  const answer = await fetch(`${sandboxUrl}/groups.json`, {
    method: "POST",
    headers: { authorization: `Basic ${polly}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ group: { name, timezone: "London", member_emails: SEED.email } }),
  });
  expect(answer.status).toBe(201);
}

test("pending invitations: a badge, accept and decline", async ({ page, stack }) => {
  await invite(stack.sandbox.url, "Polly's sketches");
  await invite(stack.sandbox.url, "Polly's drafts");
  await signIn(page, stack);
  // Seen before the Groups tab is opened: its name says what the number counts.
  const tabs = page.getByRole("navigation", { name: "Views" });
  await expect(tabs.getByRole("button", { name: "Groups, 2 invitations", exact: true })).toBeVisible();
  await expectAccessible(page);
  await openView(page, "Groups");
  const panel = page.getByTestId("invitations");
  await expect(panel.getByLabel("2 pending")).toBeVisible();
  const list = panel.getByRole("list", { name: "Pending invitations" });
  await expect(list.locator("li")).toHaveCount(2);
  await expect(list).toContainText("Invited by Polly Sherman");
  await expectAccessible(page);

  const groups = page.getByRole("list", { name: "Groups" });
  await expect(groups.getByRole("button", { name: "Polly's sketches", exact: true })).toHaveCount(0);
  await list
    .getByRole("group", { name: "Invitation to Polly's sketches" })
    .getByRole("button", { name: "Accept" })
    .click();
  await expect(groups.getByRole("button", { name: "Polly's sketches", exact: true })).toBeVisible();
  await expect(panel.getByLabel("1 pending")).toBeVisible();
  await expect(tabs.getByRole("button", { name: "Groups, 1 invitation", exact: true })).toBeVisible();

  await list
    .getByRole("group", { name: "Invitation to Polly's drafts" })
    .getByRole("button", { name: "Decline" })
    .click();
  await expect(panel).toHaveCount(0);
  await expect(tabs.getByRole("button", { name: "Groups", exact: true })).toBeVisible();
  await expect(groups.getByRole("button", { name: "Polly's drafts", exact: true })).toHaveCount(0);
});
