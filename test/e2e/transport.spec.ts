/**
 * The renderer's one transport. The shipped bundle (dist/renderer) has no bridge client: opened
 * without the preload it says so on screen and opens no WebSocket. And a background sync reaches the
 * page as an event that carries the new feed, so the page shows it without asking main again.
 */
import { join } from "node:path";
import { SEED as SANDBOX_SEED } from "../../sandbox/index";
import { createApiFactory } from "@coop-tray/protocol";
import { startBridge } from "../../dev/bridge/server";
import { createFakeBackend } from "../../dev/fake-backend";
import { SEED, expect, feedItems, signIn, test } from "./fixtures";
import { APP_USER_AGENT } from "../../main/app/user-agent";

test("the shipped renderer without window.coop shows why it cannot start, and opens no WebSocket", async ({ page }) => {
  const backend = createFakeBackend({ latencyMs: 0 });
  const bridge = await startBridge({
    port: 0,
    dispatch: backend.dispatch,
    subscribe: backend.subscribe,
    staticDir: join(process.cwd(), "dist/renderer"),
  });
  const sockets: string[] = [];
  page.on("websocket", (socket) => sockets.push(socket.url()));
  try {
    await page.goto(bridge.url);
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("Co-op Tray cannot start");
    await expect(alert).toContainText("window.coop");
    await expect(page.locator(".spinner")).toHaveCount(0);
    expect(sockets).toEqual([]);
  } finally {
    await bridge.close();
  }
});

test("a background sync shows the new status from the event alone (no getFeed round trip)", async ({ page, stack }) => {
  const calls: string[] = [];
  page.on("websocket", (socket) => {
    socket.on("framesent", ({ payload }) => {
      if (typeof payload === "string") calls.push(String((JSON.parse(payload) as { call?: unknown }).call));
    });
  });
  await signIn(page, stack);
  await expect(page.getByText("Syncing…")).toHaveCount(0);

  const polly = createApiFactory({
    userAgent: APP_USER_AGENT,
    harvestUrlTemplate: stack.sandbox.harvestUrlTemplate,
  }).coop(
    { serverUrl: stack.sandbox.url, email: SANDBOX_SEED.users.polly.email, password: SANDBOX_SEED.password },
    "json",
  );
  const text = `Polly, from the kitchen ${Date.now()}`;
  const posted = await polly.postNote(SEED.groupId, text);
  expect(posted.ok).toBe(true);

  calls.length = 0;
  // What the poll timer does: a sync in main, no action in the page.
  await stack.app.refreshAll();
  await expect(feedItems(page).filter({ hasText: text })).toHaveCount(1);
  expect(calls.filter((call) => call === "getFeed" || call === "refreshFeed")).toEqual([]);
});
