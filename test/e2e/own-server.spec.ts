import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiFactory } from "@coop-tray/protocol";
import { HARVEST_V2_SEED } from "../../sandbox/index";
import { hashPassword } from "../../server/auth/passwords";
import { startServer } from "../../server/compose";
import { SILENT } from "../../server/log";
import { expect, feedItems, test } from "./fixtures";
import { APP_USER_AGENT } from "../../main/app/user-agent";

// The tray against a freshly started Co-op server (not the sandbox): the member's Harvest timer,
// gathered by the server from Harvest v2 (the sandbox's emulation), shows in the group's feed.
test("signs in to a fresh Co-op server and shows a Harvest timer it gathered", async ({ page, stack }) => {
  const dataDir = mkdtempSync(join(tmpdir(), "coop-e2e-server-"));
  const server = await startServer({
    dataDir,
    databaseUrl: null,
    host: "127.0.0.1",
    port: 0,
    log: SILENT,
    gatherEverySeconds: 0,
    harvestUrls: { v2ApiUrl: stack.sandbox.harvestV2ApiUrl, idUrl: stack.sandbox.harvestIdUrl },
  });
  const api = createApiFactory({
    userAgent: APP_USER_AGENT,
    harvestApiUrl: stack.sandbox.harvestV2ApiUrl,
    harvestIdUrl: stack.sandbox.harvestIdUrl,
  });
  try {
    const polly = await server.store.users.create(
      {
        firstName: "Polly",
        lastName: "Sherman",
        email: "polly@example.org",
        passwordHash: await hashPassword("polly-password"),
      },
      Date.now(),
    );
    const token = HARVEST_V2_SEED.tokens.polly;
    const timer = await api.harvestV2({ token, accountId: HARVEST_V2_SEED.accounts.fawlty.id }).createTimeEntry({
      projectId: HARVEST_V2_SEED.projects.gourmetNight,
      taskId: HARVEST_V2_SEED.tasks.putButter,
      spentDate: new Date().toISOString().slice(0, 10),
      notes: "Butter for the gourmet night",
    });
    expect(timer.ok).toBe(true);
    const coop = api.coop({ serverUrl: server.url, email: "polly@example.org", password: "polly-password" }, "json");
    const group = await coop.createGroup({ name: "Own Kitchen", timezone: "London", memberEmails: [] });
    expect(group.ok).toBe(true);
    const linked = await coop.createHarvestCredential(polly.id, {
      subdomain: "fawlty",
      email: "polly@fawltytowers.com",
      password: token,
    });
    expect(linked.ok).toBe(true);

    await page.goto(stack.bridge.url);
    await page.getByLabel("Server").fill(server.url);
    await page.getByLabel("Email").fill("polly@example.org");
    await page.getByLabel("Password").fill("polly-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("navigation", { name: "Views" })).toBeVisible();
    const entry = feedItems(page).filter({ hasText: "Butter for the gourmet night" });
    await expect(entry).toBeVisible();
    await expect(entry).toContainText("Gourmet Night");
  } finally {
    await api.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
