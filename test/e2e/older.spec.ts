import { SEED, expect, feedItems, signIn, test } from "./fixtures";

// The seed moved to the last days, so older statuses lie a day or two behind today's.
test.use({ sandboxTuning: { recentSeed: true } });

test("Show older walks back day by day below the latest 50, and says when it found only empty days", async ({
  page,
  stack,
}) => {
  // Fifty notes today push the seed's statuses out of the latest 50.
  const auth = `Basic ${Buffer.from("sybil@fawltytowers.com:fawltytowers").toString("base64")}`;
  for (let i = 0; i < 50; i++) {
    const answer = await fetch(`${stack.sandbox.url}/groups/${SEED.groupId}/statuses`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json", authorization: auth },
      body: JSON.stringify({ status: `Room check ${i}` }),
    });
    expect(answer.status).toBeLessThan(300);
  }
  await signIn(page, stack);
  const list = page.locator(".feed-list");
  await expect(list).toHaveAttribute("data-total", "50");
  await expect(page.locator('[data-status-key="Note:247"]')).toHaveCount(0);
  // Scrolling to the end renders the rest of the 50 (the list grows as its end comes near).
  const toEnd = (): Promise<void> => page.locator(".feed-scroll").evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await toEnd();
  const older = page.getByTestId("older");
  await older.getByRole("button", { name: "Show older" }).click();
  // The seed's notes come back from the day endpoint, below the latest 50.
  await expect(page.locator('[data-status-key="Note:247"]')).toBeVisible({ timeout: 20_000 });
  expect(Number(await list.getAttribute("data-total"))).toBeGreaterThan(50);
  const keys = await feedItems(page).evaluateAll((items) => items.map((li) => li.getAttribute("data-status-key")));
  expect(new Set(keys).size).toBe(keys.length);
  // Further back the seed ends: each walk stops after enough statuses or a bounded run of empty days,
  // and the last one says so.
  for (let walk = 0; walk < 10 && (await older.getByRole("status").count()) === 0; walk++) {
    const before = Number(await list.getAttribute("data-total"));
    await expect(async () => {
      await toEnd();
      await expect(older.getByRole("button", { name: "Show older" })).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await older.getByRole("button", { name: "Show older" }).click();
    await expect(older.getByRole("button", { name: /Show older|Look further back/ })).toBeEnabled({ timeout: 30_000 });
    const after = Number(await list.getAttribute("data-total"));
    expect(after === before || after - before >= 20 || (await older.getByRole("status").count()) > 0).toBe(true);
  }
  await expect(older.getByRole("status")).toContainText(
    /^No statuses from \w{3}, \w{3} \d+, \d{4} to \w{3}, \w{3} \d+, \d{4}\.$/,
  );
  await expect(older.getByRole("button", { name: "Look further back" })).toBeEnabled();
});
