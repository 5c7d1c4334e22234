/** "Show older" after a run of empty days names exactly the days it looked at (issue 21: it named the day before them). */
import { describe, expect, it } from "vitest";
import { emptyRunDays, OLDER_EMPTY_DAYS, walkBack } from "../../renderer/older-statuses";
import type { CalendarDate } from "@coop-tray/protocol/models";
import { createFakeApi, feedOf, ok } from "./fake-api";

describe("an empty run of older days", () => {
  it("is said as the first and last day looked at", async () => {
    const fake = createFakeApi();
    fake.answer("refreshFeed", (q) => ok(feedOf(q, [])));
    const page = await walkBack(fake.api, { groupId: 25, userId: null }, "2026-12-02", new Set());
    const looked = fake.argsOf("refreshFeed").map((q) => q.date as CalendarDate);
    expect(page.emptyRun).toBe(true);
    expect(looked).toHaveLength(OLDER_EMPTY_DAYS);
    expect(emptyRunDays(page)).toEqual({ from: looked.at(-1), to: looked[0] });
    expect(emptyRunDays(page)).toEqual({ from: "2026-11-26", to: "2026-12-02" });
  });
});
