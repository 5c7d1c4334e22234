/**
 * The end-to-end fixture: per test, a fresh sandbox, the real services over a fresh store in a temp
 * folder and the real keychain, and the browser bridge serving the built renderer. Pages talk to it
 * exactly as the preview does. Helpers wait on UI conditions, never on time.
 */
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Page } from "@playwright/test";
import { startStack, type SandboxTuning, type Stack } from "../../dev/bridge/stack";

export const SEED = {
  email: "basil@fawltytowers.com",
  password: "fawltytowers",
  harvest: { subdomain: "fawlty", email: "basil@fawltytowers.com", password: "barcelona" },
  groupId: 25,
  groupName: "Fawlty Towers",
  otherGroupId: 34,
  otherGroupName: "Fawlty Towers - Argentina",
} as const;

const staticDir = join(process.cwd(), "dist/preview");

interface Fixtures {
  sandboxTuning: SandboxTuning;
  stack: Stack;
}

export const test = base.extend<Fixtures>({
  sandboxTuning: [{}, { option: true }],
  stack: async ({ sandboxTuning }, use) => {
    const stack = await startStack({ port: 0, staticDir, sandbox: sandboxTuning });
    try {
      await use(stack);
    } finally {
      await stack.close();
    }
  },
  page: async ({ page }, use) => {
    // Any script error in the renderer fails the journey that caused it.
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await use(page);
    expect(errors, "renderer script errors").toEqual([]);
  },
});

export { expect };

/** Opens the app and signs in with the seed login; resolves once the feed shows statuses. */
export async function signIn(page: Page, stack: Stack): Promise<void> {
  await page.goto(stack.bridge.url);
  await page.getByLabel("Server").fill(stack.sandbox.url);
  await page.getByLabel("Email").fill(SEED.email);
  await page.getByLabel("Password").fill(SEED.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Views" })).toBeVisible();
  await expect(feedItems(page).first()).toBeVisible();
}

export function feedItems(page: Page) {
  return page.locator(".feed-list > li");
}

export async function openView(page: Page, name: "Feed" | "Agenda" | "Groups" | "Clients" | "Settings"): Promise<void> {
  if (name === "Settings") await page.getByRole("button", { name: "Settings" }).click();
  else await page.getByRole("navigation", { name: "Views" }).getByRole("button", { name }).click();
}

/**
 * No accessibility violations of any impact in the current view (issue 21: minor and moderate count
 * too), in the light and the dark colour scheme (the app follows the system's; contrast differs).
 */
export async function expectAccessible(page: Page): Promise<void> {
  const bad: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    for (const v of results.violations) {
      const where = v.nodes
        .map((n) => n.target.join(" "))
        .slice(0, 3)
        .join(", ");
      bad.push(`${colorScheme}: ${v.id} (${v.impact}): ${v.help} — ${where}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  expect(bad, "axe violations").toEqual([]);
}

/** Saves the current view in light and dark under artifacts/screenshots/. */
export async function snap(page: Page, name: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({
      path: join(process.cwd(), "artifacts/screenshots", `${name}-${colorScheme}.png`),
      animations: "disabled",
    });
  }
  await page.emulateMedia({ colorScheme: null });
}

/** Settings' folded-away email-and-password login (the token card comes first). */
export function legacyLoginSummary(page: Page) {
  return page.getByText("Use a Harvest email and password instead", { exact: true });
}

export async function openLegacyLogin(page: Page): Promise<void> {
  const details = page.locator("details.legacy-login");
  if ((await details.getAttribute("open")) === null) await legacyLoginSummary(page).click();
  await expect(page.getByRole("button", { name: "Link Harvest" })).toBeVisible();
}

/**
 * Links the seed Harvest account through Settings. When Co-op already holds a credential (the seed
 * may), the login is entered again through "Update…" so this app has the password in its keychain.
 */
export async function linkHarvest(page: Page, password: string = SEED.harvest.password): Promise<void> {
  await openView(page, "Settings");
  const linked = page.getByTestId("harvest-linked");
  // Linked in Co-op without a password on this computer: the one form Settings then shows.
  const card = page.getByTestId("harvest-login-card");
  await expect(linked.or(card).or(legacyLoginSummary(page)).first()).toBeVisible();
  if (await card.isVisible()) {
    await card.getByLabel("Harvest password").fill(password);
    await card.getByRole("button", { name: "Save" }).click();
    await expect(linked).toBeVisible();
    return;
  }
  const alreadyLinked = await linked.isVisible();
  if (alreadyLinked) await page.getByRole("button", { name: "Update…" }).click();
  else await openLegacyLogin(page);
  await page.getByLabel("Harvest account").fill(SEED.harvest.subdomain);
  await page.getByLabel("Harvest email").fill(SEED.harvest.email);
  await page.getByLabel("Harvest password").fill(password);
  await page.getByRole("button", { name: alreadyLinked ? "Update" : "Link Harvest", exact: true }).click();
  await expect(linked).toBeVisible();
}
