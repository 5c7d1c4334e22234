import { SEED, expect, signIn, test } from "./fixtures";

test("a 900-character note is collapsed with Show more, and at 340 px nothing in the composer is cut", async ({
  page,
  stack,
}) => {
  await page.setViewportSize({ width: 340, height: 480 });
  await signIn(page, stack);
  const long = `Gourmet Night menu, final: ${"duck à l'orange, Waldorf salad, trifle; ".repeat(22)}`.slice(0, 900);
  const composer = page.getByLabel(`Note to ${SEED.groupName}`);
  await composer.fill(long);
  await composer.press("Enter");
  const item = page.locator('[data-status-key^="Note:"]').filter({ hasText: "Gourmet Night menu, final" });
  await expect(item).toHaveCount(1);
  const text = item.locator(".status-text");
  const collapsed = await text.evaluate((el) => el.getBoundingClientRect().height);
  const viewport = page.viewportSize()?.height ?? 480;
  expect(collapsed).toBeLessThan(viewport / 3);
  const more = item.getByRole("button", { name: "Show more" });
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await more.click();
  await expect(item.getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");
  expect(await text.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(collapsed * 2);

  // Nothing cut at 340 px: the hint wraps, the placeholder fits, the page does not scroll sideways.
  await composer.fill("");
  const cut = await page.evaluate(() =>
    [".composer-hint", ".composer-input", ".titlebar", ".tabs", ".toolbar"]
      .map((selector) => document.querySelector(selector))
      .filter((el): el is Element => el !== null && el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.className),
  );
  expect(cut).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
  const placeholderFits = await composer.evaluate((el: HTMLTextAreaElement) => {
    const probe = document.createElement("span");
    probe.style.cssText = `font:${getComputedStyle(el).font};position:absolute;white-space:nowrap;visibility:hidden`;
    probe.textContent = el.placeholder;
    document.body.append(probe);
    const fits = probe.getBoundingClientRect().width <= el.clientWidth;
    probe.remove();
    return fits;
  });
  expect(placeholderFits, "the composer's placeholder is not cut").toBe(true);
});

test("at 340 px a past day's toolbar fits whole: the date, Latest, search and the member filter", async ({
  page,
  stack,
}) => {
  await page.setViewportSize({ width: 340, height: 480 });
  await signIn(page, stack);
  await page.getByLabel("Pick a date").fill("2008-11-19");
  await expect(page.getByRole("button", { name: "Latest" })).toBeVisible();
  const layout = await page.evaluate(() => {
    const toolbar = document.querySelector(".toolbar");
    const label = document.querySelector(".day-label");
    const filter = document.getElementById("member-filter");
    if (!toolbar || !label || !filter) return null;
    const edge = toolbar.getBoundingClientRect().right;
    const parts = [...toolbar.querySelectorAll(".day-nav > *, :scope > button, :scope > select")];
    return {
      overflow: toolbar.scrollWidth - toolbar.clientWidth,
      outside: parts.filter((el) => el.getBoundingClientRect().right > edge + 0.5).map((el) => el.className),
      labelCut: label.scrollWidth > label.clientWidth + 1,
      // The shown option ("Everyone") needs at least its text's width.
      filterWide: filter.getBoundingClientRect().width >= 84,
    };
  });
  expect(layout).toEqual({ overflow: 0, outside: [], labelCut: false, filterWide: true });
});
