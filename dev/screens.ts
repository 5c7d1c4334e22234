/**
 * Dev-only: renders the UI against the in-memory backend through the real bridge and saves
 * screenshots of every state in light and dark under artifacts/screenshots/dev/.
 * Run: `node scripts/build.mjs --renderer-only && npx tsx test/renderer/screens.ts`
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Page } from "@playwright/test";
import { createFakeBackend, type FakeScene } from "./fake-backend";
import { startFakeBridge } from "./fake-bridge";
import { chromiumLaunchOptions } from "./chromium";

const out = join(process.cwd(), "artifacts/screenshots/dev");

async function shoot(name: string, scene: Partial<FakeScene>, act?: (page: Page) => Promise<void>): Promise<void> {
  const bridge = await startFakeBridge(createFakeBackend(scene), join(process.cwd(), "dist/preview"));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    // The popup's size in light and dark, and the smallest size it supports.
    const shots = [
      { width: 380, height: 560, scheme: "light", file: `${name}-light.png` },
      { width: 380, height: 560, scheme: "dark", file: `${name}-dark.png` },
      { width: 340, height: 480, scheme: "light", file: `${name}-340-light.png` },
    ] as const;
    for (const { width, height, scheme, file } of shots) {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
      page.on("console", (m) => m.type() === "error" && console.log(`[${name}] console: ${m.text()}`));
      page.on("pageerror", (e) => console.log(`[${name}] page error: ${e.message}`));
      await page.goto(bridge.url);
      await page.locator(".app").first().waitFor();
      if (act) await act(page);
      await page.screenshot({ path: join(out, file) });
      await page.close();
    }
  } finally {
    await browser.close();
    await bridge.close();
  }
}

await mkdir(out, { recursive: true });
const now = Date.now();
await shoot("feed", {}, async (p) => void (await p.locator(".status").first().waitFor()));
await shoot(
  "signin",
  { signedIn: false },
  async (p) => void (await p.getByRole("button", { name: "Sign in" }).waitFor()),
);
await shoot(
  "offline",
  {
    online: false,
    outbox: [
      {
        id: "a",
        groupId: 25,
        text: "Back in five minutes, the rat is loose again.",
        state: "queued",
        createdAt: now - 60_000,
        attempts: 1,
        nextAttemptAt: null,
        lastError: null,
        statusId: null,
        mayHaveArrived: false,
      },
      {
        id: "b",
        groupId: 25,
        text: "Too long a note",
        state: "failed",
        createdAt: now - 120_000,
        attempts: 1,
        nextAttemptAt: null,
        lastError: { kind: "validation", status: 400, message: "Text is too long", hint: null },
        statusId: null,
        mayHaveArrived: false,
      },
    ],
  },
  async (p) => void (await p.locator(".status").first().waitFor()),
);
// Its own clock: on a busy machine the shots before it can take longer than a short pause.
await shoot("throttled", { harvestLockedUntil: Date.now() + 5 * 60_000 }, async (p) => {
  await p.getByRole("button", { name: "Clients" }).click();
  await p.locator(".view-note").first().waitFor();
});
await shoot("clients", {}, async (p) => {
  await p.getByRole("button", { name: "Clients" }).click();
  await p.getByRole("button", { name: /City of Torquay/ }).click();
  await p.getByRole("button", { name: "Archive" }).click();
  await p.locator(".action-error").waitFor();
});
await shoot("client-form", {}, async (p) => {
  await p.getByRole("button", { name: "Clients" }).click();
  await p.getByRole("button", { name: "New client" }).click();
  await p.getByLabel("Name").fill("Gourmet Night Ltd");
  await p.getByLabel("Currency").selectOption({ label: "British Pound - GBP" });
});
await shoot("groups", {}, async (p) => {
  await p.getByRole("button", { name: "Groups" }).click();
  await p.locator(".card").first().waitFor();
});
// Two invitations: the Groups tab counts them from the feed, and the Groups view lists them.
const invitations = [
  { id: 1, groupId: 101, groupName: "Gourmet Night", inviterName: "Sybil Fawlty", createdAt: null },
  { id: 2, groupId: 102, groupName: "Fawlty Towers - Fire drill", inviterName: "Major Gowen", createdAt: null },
];
await shoot("invitations-tab", { invitations }, async (p) => {
  await p.getByRole("button", { name: "Groups, 2 invitations" }).waitFor();
});
await shoot("invitations", { invitations }, async (p) => {
  await p.getByRole("button", { name: "Groups, 2 invitations" }).click();
  await p.getByTestId("invitations").waitFor();
});
await shoot("group-form", {}, async (p) => {
  await p.getByRole("button", { name: "Groups" }).click();
  await p.getByRole("button", { name: "New group" }).click();
  await p.getByLabel("Search time zones").fill("bue");
});
await shoot("group-members", {}, async (p) => {
  await p.getByRole("button", { name: "Groups" }).click();
  await p.getByRole("button", { name: "Members…" }).first().click();
  await p.getByRole("list", { name: "Members" }).waitFor();
  await p.getByLabel("Invite by email").fill("terry@fawltytowers.com, nope");
});
await shoot("settings", { harvestLinked: false }, async (p) => {
  await p.getByRole("button", { name: "Settings" }).click();
});
await shoot("settings-prefs", {}, async (p) => {
  await p.getByRole("button", { name: "Settings" }).click();
  await p.locator(".settings").evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await p.getByRole("textbox", { name: "Shortcut to write a note" }).focus();
  await p.keyboard.down("Control");
});
await shoot("feed-day", {}, async (p) => {
  await p.getByLabel("Pick a date").fill("2008-11-19");
  await p.locator(".empty").first().waitFor();
});
await shoot("agenda", {}, async (p) => {
  await p.getByRole("button", { name: "Agenda" }).click();
  await p.locator(".agenda").first().waitFor();
});
await shoot("empty", { statusCount: 0 }, async (p) => void (await p.locator(".empty").first().waitFor()));
console.log(`screenshots in ${out}`);
