/**
 * A day of 130 statuses: the feed renders about a screenful and grows as it scrolls (windowing),
 * while search, the keyboard and a screen reader still see the whole day.
 */
import { createApiFactory } from "@coop-tray/protocol";
import { SEED as SANDBOX_SEED } from "../../sandbox/index";
import { SEED, expect, feedItems, signIn, test } from "./fixtures";
import { APP_USER_AGENT } from "../../main/app/user-agent";

const COUNT = 130;
const label = (n: number): string => `Long day note #${String(n).padStart(3, "0")}`;

test("a long day paints a screenful, grows as it scrolls, and search and the keyboard reach every status", async ({
  page,
  stack,
}) => {
  await signIn(page, stack);
  const polly = createApiFactory({
    userAgent: APP_USER_AGENT,
    harvestUrlTemplate: stack.sandbox.harvestUrlTemplate,
  }).coop(
    { serverUrl: stack.sandbox.url, email: SANDBOX_SEED.users.polly.email, password: SANDBOX_SEED.password },
    "json",
  );
  for (let n = 1; n <= COUNT; n++) expect((await polly.postNote(SEED.groupId, label(n))).ok).toBe(true);

  await page.getByRole("button", { name: "Refresh" }).click();
  await expect(feedItems(page).first()).toContainText(label(COUNT));
  // The first step back from Latest is today, the newest day with statuses: all of it.
  await page.getByRole("button", { name: "Previous day" }).click();
  const list = page.locator(".feed-list");
  await expect(list).toHaveAttribute("data-total", String(COUNT));
  const rows = feedItems(page);
  await expect(rows.first()).toContainText(label(COUNT));
  const rendered = await rows.count();
  expect(rendered).toBeGreaterThanOrEqual(8);
  expect(rendered).toBeLessThanOrEqual(40);
  // Each rendered row says where it stands in the whole day, for screen readers.
  await expect(rows.first()).toHaveAttribute("aria-posinset", "1");
  await expect(rows.first()).toHaveAttribute("aria-setsize", String(COUNT));

  // Search looks through every status of the day, rendered or not.
  await page.keyboard.press("/");
  await page.getByLabel("Search the loaded statuses").fill("#007");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(label(7));
  await page.getByLabel("Search the loaded statuses").press("Escape");
  await page.getByLabel("Search the loaded statuses").press("Escape");
  await expect(list).toHaveAttribute("data-total", String(COUNT));

  // The end of the rendered part is a real button: a keyboard user is never stuck behind it.
  const more = page.getByRole("button", { name: /^Show \d+ more of 130$/ });
  await more.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => rows.count()).toBeGreaterThan(rendered + 50);

  // Scrolling to the end renders the rest; the last row is the first note.
  const scroller = page.locator(".feed-scroll");
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(rows).toHaveCount(COUNT, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(rows.last()).toContainText(label(1));
  await expect(rows.last()).toHaveAttribute("aria-posinset", String(COUNT));
  await expect(more).toHaveCount(0);
});
