import { SEED, expect, feedItems, signIn, test } from "./fixtures";

// The live team feed (docs/coop-api.md §15): the sandbox is the real server, so it streams GET /events,
// and a note another member posts shows in this tray's feed within a second, with no poll in between.
test("a teammate's note appears in the feed within a second", async ({ page, stack }) => {
  await signIn(page, stack);
  await expect.poll(() => stack.app.liveState()).toBe("connected");
  const polly = `Basic ${Buffer.from(`polly@fawltytowers.com:${SEED.password}`).toString("base64")}`;
  const text = `Live from the kitchen ${Date.now()}`;
  const posted = await fetch(`${stack.sandbox.url}/groups/${SEED.groupId}/statuses.json`, {
    method: "POST",
    headers: { authorization: polly, "content-type": "application/json" },
    body: JSON.stringify({ status: text }),
  });
  expect(posted.status).toBe(201);
  // From the moment the note exists (the post's answer; its sign-in's password hash is not the feed's time).
  await expect(feedItems(page).filter({ hasText: text })).toBeVisible({ timeout: 1000 });
});
