import { expect, expectAccessible, openView, signIn, snap, test } from "./fixtures";

test("agendas read as formatted text, and what a user writes never becomes markup", async ({ page, stack }) => {
  await signIn(page, stack);
  await openView(page, "Agenda");
  const group = page.getByRole("region", { name: "Group agenda" });
  // The seed's "* Gourmet Night on Thursday\n* Fix the moose head\n\nChef is *sober*, for now."
  await expect(group.getByRole("listitem")).toHaveText(["Gourmet Night on Thursday", "Fix the moose head"]);
  await expect(group.locator("strong")).toHaveText("sober");
  await expect(group).not.toContainText("* ");
  await expect(group).not.toContainText("*sober*");

  const mine = page.getByRole("region", { name: "My agenda" });
  await mine.getByRole("button", { name: "Edit my agenda" }).click();
  await mine
    .getByLabel("My agenda")
    .fill("- <script>window.injected = true</script>\n- Call _Mrs Richards_\n\nMenu: https://example.com/menu");
  await mine.getByRole("button", { name: "Save" }).click();
  await expect(mine.getByRole("listitem")).toHaveText(["<script>window.injected = true</script>", "Call Mrs Richards"]);
  await expect(mine.locator("em")).toHaveText("Mrs Richards");
  await expect(mine.getByRole("link", { name: "https://example.com/menu" })).toHaveAttribute(
    "href",
    "https://example.com/menu",
  );
  expect(await mine.locator("script").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  await expectAccessible(page);
  await snap(page, "agenda-formatted");
});
