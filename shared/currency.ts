/**
 * A Harvest client's currency. Harvest v1 keeps it as text, `United States Dollar - USD`, beside a
 * symbol of its own; v2 keeps the ISO 4217 code and has no symbol (docs/harvest.md §3.3, §4.2). The
 * list of codes and their names is the runtime's own (`Intl`), so there is no table to keep up to date.
 */

/** v1's "United States Dollar - USD" (or a bare code) → the ISO code v2 wants; null leaves it unset. */
export function currencyCode(text: string | null | undefined): string | null | undefined {
  if (text === undefined || text === null) return text;
  const match = /\b([A-Za-z]{3})\s*$/.exec(text.trim());
  return match === null ? text.trim() : match[1]!.toUpperCase();
}

/** Where Harvest's spelling differs from the runtime's English name (its own docs' examples). */
const HARVEST_NAMES: Readonly<Record<string, string>> = { USD: "United States Dollar" };

export interface CurrencyChoice {
  readonly code: string;
  /** What the picker shows. */
  readonly label: string;
  /** What Harvest keeps: v1's `Name - CODE`, v2's code, or a saved value exactly as it was. */
  readonly value: string;
}

/** Every ISO 4217 code the runtime knows, by name. */
export function currencyChoices(api: "v1" | "v2"): CurrencyChoice[] {
  const names = new Intl.DisplayNames(["en"], { type: "currency" });
  return Intl.supportedValuesOf("currency")
    .map((code) => {
      const name = HARVEST_NAMES[code] ?? names.of(code) ?? code;
      return { code, label: `${name} - ${code}`, value: api === "v1" ? `${name} - ${code}` : code };
    })
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
}

/**
 * The picker's choices for a client whose currency is `saved`: a known code keeps its saved text
 * (saving the client unchanged must not rewrite Harvest's "United States Dollars - USD"), and a value
 * the runtime does not know stays selectable, first, as it was saved.
 */
export function choicesFor(api: "v1" | "v2", saved: string | null): CurrencyChoice[] {
  const all = currencyChoices(api);
  const kept = saved?.trim() ?? "";
  if (kept === "") return all;
  const code = currencyCode(kept) ?? kept;
  const known = all.findIndex((c) => c.code === code);
  if (known < 0) return [{ code: kept, label: `${kept} (as saved in Harvest)`, value: kept }, ...all];
  return all.map((c, i) => (i === known ? { ...c, value: kept } : c));
}

/** The symbol a currency is commonly written with (`£` for GBP), or null when the runtime has none. */
export function currencySymbol(code: string): string | null {
  try {
    const parts = new Intl.NumberFormat("en", {
      style: "currency",
      currency: code,
      currencyDisplay: "narrowSymbol",
    }).formatToParts(0);
    return parts.find((p) => p.type === "currency")?.value ?? null;
  } catch {
    return null;
  }
}
