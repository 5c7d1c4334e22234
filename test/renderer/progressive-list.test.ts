import { describe, expect, it } from "vitest";
import { firstRows } from "../../renderer/progressive-list";

describe("the first rows of a long feed", () => {
  it("fill the window with its shortest rows, and two more", () => {
    expect(firstRows(560)).toBe(12); // the popup: at most 10 one-line notes fit
    expect(firstRows(480)).toBe(11);
    expect(firstRows(1200)).toBe(24);
  });
  it("stay within bounds for odd windows, and default to the popup's without one", () => {
    expect(firstRows(50)).toBe(8);
    expect(firstRows(100_000)).toBe(40);
    expect(firstRows(Number.NaN)).toBe(12);
    expect(firstRows(null)).toBe(12);
  });
});
