import type { Locator } from "@playwright/test";
import { SEED, expect, expectAccessible, linkHarvest, openView, signIn, snap, test } from "./fixtures";

/** Opens a client's panel (rows are an accordion: it may be open already). */
async function expand(card: Locator): Promise<void> {
  const toggle = card.locator("button[aria-expanded]");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
}

test("clients: create, edit, toggle (refused with the Hint, then allowed) and delete", async ({ page, stack }) => {
  await signIn(page, stack);
  await linkHarvest(page);
  await expect(page.getByTestId("harvest-linked")).toBeVisible();
  await openView(page, "Clients");
  const list = page.getByRole("list", { name: "Clients" });
  const torquay = list.locator("li").filter({ hasText: "City of Torquay" });
  await expect(torquay).toBeVisible();

  const search = page.getByLabel("Search clients");
  await search.fill("torq");
  await expect(torquay).toBeVisible();
  await search.fill("no client is called this");
  await expect(page.getByText("No matching clients")).toBeVisible();
  await search.fill("");

  // Create and edit.
  await page.getByRole("button", { name: "New client" }).click();
  const form = page.getByRole("dialog", { name: "New client" });
  await form.getByLabel("Name").fill("Gourmet Night Ltd");
  await form.getByLabel("Details").fill("16 Elm Road\nTorquay");
  // A picker of ISO 4217 currencies (not free text); the symbol follows the choice.
  await form.getByLabel("Currency").selectOption({ label: "Euro - EUR" });
  await expect(form.getByLabel("Symbol")).toHaveValue("€");
  await form.getByLabel("Currency").selectOption({ label: "British Pound - GBP" });
  await expect(form.getByLabel("Symbol")).toHaveValue("£");
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(form).toHaveCount(0);
  const created = list.locator("li").filter({ hasText: "Gourmet Night Ltd" });
  await expect(created).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Created “Gourmet Night Ltd”" })).toBeVisible();
  await expand(created);
  await created.getByRole("button", { name: "Edit" }).click();
  // A status line speaks of the last action only: "Created …" goes once another begins.
  await expect(page.getByText("Created “Gourmet Night Ltd”")).toHaveCount(0);
  const edit = page.getByRole("dialog", { name: "Edit client" });
  await edit.getByLabel("Name").fill("Gourmet Night Restaurant");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toHaveCount(0);
  const renamed = list.locator("li").filter({ hasText: "Gourmet Night Restaurant" });
  await expect(renamed).toBeVisible();
  await expect(renamed).toContainText("16 Elm Road");

  // A client with active projects: Harvest refuses, and says why in its Hint.
  await expand(torquay);
  await torquay.getByRole("button", { name: "Archive" }).click();
  // Said once, under the buttons, in the button's words, with the server's Hint.
  const refusal = torquay.getByRole("alert");
  await expect(refusal).toHaveCount(1);
  await expect(refusal).toHaveText(
    /^Couldn't archive “City of Torquay”\. The client you're trying to archive has active projects/,
  );
  const buttonsBottom = await torquay.locator(".row-actions").evaluate((el) => el.getBoundingClientRect().bottom);
  const refusalTop = await refusal.evaluate((el) => el.getBoundingClientRect().top);
  expect(refusalTop).toBeGreaterThanOrEqual(buttonsBottom);
  // Not a dead end: the projects are archived in Harvest, and the way there is offered.
  await expect(torquay.getByRole("button", { name: "Open the projects in Harvest" })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "clients-refused");
  // The next action clears it.
  await torquay.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("dialog", { name: "Edit client" }).getByRole("button", { name: "Cancel" }).click();
  await expect(torquay.getByRole("alert")).toHaveCount(0);

  // Deleting it is refused too, with the server's reason; the client stays.
  await torquay.getByRole("button", { name: "Delete" }).click();
  const refuse = page.getByRole("dialog", { name: /Delete “City of Torquay”/ });
  await refuse.getByRole("button", { name: "Delete client" }).click();
  await expect(refuse.getByRole("alert")).toBeVisible();
  await refuse.getByRole("button", { name: "Close" }).click();
  await expect(torquay).toBeVisible();

  // A client without projects toggles freely.
  await expand(renamed);
  await renamed.getByRole("button", { name: "Archive" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "“Gourmet Night Restaurant” is now archived." }),
  ).toBeVisible();
  await expect(renamed).toHaveCount(0);
  await page.getByRole("radio", { name: "Archived" }).click();
  await expect(renamed).toContainText("Archived");
  const onServer = stack.sandbox.control.clients("fawlty") as readonly { name: string; active: boolean }[];
  expect(onServer.find((c) => c.name === "Gourmet Night Restaurant")?.active).toBe(false);

  await expand(renamed);
  await renamed.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("dialog", { name: /Delete “Gourmet Night Restaurant”/ })
    .getByRole("button", { name: "Delete client" })
    .click();
  await expect(renamed).toHaveCount(0);
  await page.getByRole("radio", { name: "All" }).click();
  await expect(list.locator("li").filter({ hasText: "Gourmet Night" })).toHaveCount(0);
  await expectAccessible(page);
  await snap(page, "clients");
});

test("a client created while the Archived filter is on is shown", async ({ page, stack }) => {
  await signIn(page, stack);
  await linkHarvest(page);
  await openView(page, "Clients");
  await page.getByRole("radio", { name: "Archived" }).click();
  await page.getByRole("button", { name: "New client" }).click();
  const form = page.getByRole("dialog", { name: "New client" });
  await form.getByLabel("Name").fill("Waldorf Salad Supplies");
  await form.getByRole("button", { name: "Create client" }).click();
  await expect(form).toHaveCount(0);
  await expect(
    page.getByRole("list", { name: "Clients" }).locator("li").filter({ hasText: "Waldorf Salad Supplies" }),
  ).toBeVisible();
  await expect(page.getByRole("radio", { name: "Active", exact: true })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByRole("status").filter({ hasText: "Showing active clients" })).toBeVisible();
});

test("the currency is picked from the ISO list; a client's unusual saved currency stays selectable and is kept", async ({
  page,
  stack,
}) => {
  // Harvest kept a currency the picker's list does not have (set outside the app).
  const harvest = `${stack.sandbox.url}/harvest/${SEED.harvest.subdomain}`;
  const auth = `Basic ${Buffer.from(`${SEED.harvest.email}:${SEED.harvest.password}`).toString("base64")}`;
  const headers = { authorization: auth, accept: "application/json", "content-type": "application/json" };
  const put = await fetch(`${harvest}/clients/1`, {
    method: "PUT",
    headers,
    body: JSON.stringify({ client: { currency: "Galleons - GAL", currency_symbol: "G" } }),
  });
  expect(put.status).toBe(200);
  await signIn(page, stack);
  await linkHarvest(page);
  await openView(page, "Clients");
  const torquay = page.getByRole("list", { name: "Clients" }).locator("li").filter({ hasText: "City of Torquay" });
  await expand(torquay);
  await torquay.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit client" });
  const currency = edit.getByLabel("Currency");
  await expect(currency).toHaveValue("Galleons - GAL");
  await expect(currency.locator("option:checked")).toHaveText("Galleons - GAL (as saved in Harvest)");
  expect(await currency.locator("option").count()).toBeGreaterThan(100);
  await expect(currency.locator("option", { hasText: "Japanese Yen - JPY" })).toHaveCount(1);
  await expectAccessible(page);
  await edit.getByLabel("Name").fill("City of Torquay Council");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toHaveCount(0);
  const saved = (await (await fetch(`${harvest}/clients/1`, { headers })).json()) as {
    client: { name: string; currency: string; currency_symbol: string };
  };
  expect(saved.client).toMatchObject({
    name: "City of Torquay Council",
    currency: "Galleons - GAL",
    currency_symbol: "G",
  });
});
