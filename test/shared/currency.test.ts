import { describe, expect, it } from "vitest";
import { choicesFor, currencyChoices, currencyCode, currencySymbol } from "../../shared/currency";

describe("currency choices", () => {
  it("lists the ISO 4217 codes by name, as v1 keeps them (`Name - CODE`) and as v2 does (the code)", () => {
    const v1 = currencyChoices("v1");
    expect(v1.length).toBeGreaterThan(100);
    expect(v1.find((c) => c.code === "GBP")).toEqual({
      code: "GBP",
      label: "British Pound - GBP",
      value: "British Pound - GBP",
    });
    // Harvest's own spelling where it differs from the runtime's English name.
    expect(v1.find((c) => c.code === "USD")?.value).toBe("United States Dollar - USD");
    expect(currencyChoices("v2").find((c) => c.code === "EUR")).toEqual({
      code: "EUR",
      label: "Euro - EUR",
      value: "EUR",
    });
    const labels = v1.map((c) => c.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, "en")));
    expect(new Set(v1.map((c) => c.value)).size).toBe(v1.length);
  });

  it("keeps a saved value exactly: a known code with Harvest's older spelling, an unknown one first", () => {
    const older = choicesFor("v1", "United States Dollars - USD");
    expect(older).toHaveLength(currencyChoices("v1").length);
    expect(older.find((c) => c.code === "USD")?.value).toBe("United States Dollars - USD");
    const odd = choicesFor("v1", "Galleons - GAL");
    expect(odd[0]).toEqual({
      code: "Galleons - GAL",
      label: "Galleons - GAL (as saved in Harvest)",
      value: "Galleons - GAL",
    });
    expect(odd).toHaveLength(currencyChoices("v1").length + 1);
    expect(choicesFor("v2", "eur").find((c) => c.code === "EUR")?.value).toBe("eur");
    expect(choicesFor("v1", "  ")).toEqual(currencyChoices("v1"));
  });

  it("derives the symbol, and reads the code from v1's text", () => {
    expect(currencySymbol("GBP")).toBe("£");
    expect(currencySymbol("EUR")).toBe("€");
    expect(currencySymbol("JPY")).toBe("¥");
    expect(currencySymbol("not a code")).toBeNull();
    expect(currencyCode("United States Dollar - USD")).toBe("USD");
    expect(currencyCode("eur")).toBe("EUR");
    expect(currencyCode(null)).toBeNull();
  });
});
