/** Steps shared by the Harvest v2 journeys: open Timers, connect with a token, start a timer. */
import type { Page } from "@playwright/test";
import { HARVEST_V2_SEED } from "../../sandbox/index";
import { expect } from "./fixtures";

export const TOKENS = HARVEST_V2_SEED.tokens;

export async function openTimers(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Views" }).getByRole("button", { name: "Timers" }).click();
}

/** Connects from the Timers view with Basil's token (or `token`), choosing `account`. */
export async function connect(page: Page, account = "Fawlty Towers", token: string = TOKENS.basil): Promise<void> {
  await openTimers(page);
  await page.getByLabel("Personal access token").fill(token);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByRole("radio", { name: new RegExp(`^${account} #`) }).check();
  await page.getByRole("button", { name: "Use this account" }).click();
  await expect(page.getByRole("combobox", { name: "Project and task" })).toBeVisible();
}

/** Connects with a token that reaches one Harvest account (no choice to make). */
export async function connectSingle(page: Page, token: string): Promise<void> {
  await openTimers(page);
  await page.getByLabel("Personal access token").fill(token);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("combobox", { name: "Project and task" })).toBeVisible();
}

export async function startTimer(page: Page, search: string, notes: string): Promise<void> {
  const picker = page.getByRole("combobox", { name: "Project and task" });
  await picker.fill(search);
  await page.getByRole("option").first().click();
  await page.getByLabel("Notes", { exact: true }).fill(notes);
  await page.getByRole("button", { name: "Start", exact: true }).click();
}
