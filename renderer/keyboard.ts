/**
 * The popup's keyboard commands, as a pure function of a key event so they can be tested and
 * listed in one place (the `?` sheet reads `KEYBOARD_SHORTCUTS`). ⌘ on macOS, Ctrl elsewhere, as
 * menu-bar apps there do.
 */
export type TabView = "feed" | "agenda" | "groups" | "clients" | "timers";

export type KeyCommand =
  | { readonly kind: "tab"; readonly view: TabView }
  | { readonly kind: "refresh" }
  | { readonly kind: "compose" }
  | { readonly kind: "help" };

export const TAB_ORDER: readonly TabView[] = ["feed", "agenda", "groups", "clients", "timers"];

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

export function isMacPlatform(): boolean {
  return typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** `typing`: focus is in a text field (then `?` is a character, not the help sheet). */
export function keyCommand(event: KeyLike, mac: boolean, typing: boolean): KeyCommand | null {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (mod && !event.altKey && !event.shiftKey) {
    const index = ["1", "2", "3", "4", "5"].indexOf(event.key);
    const view = TAB_ORDER[index];
    if (view) return { kind: "tab", view };
    const key = event.key.toLowerCase();
    if (key === "r") return { kind: "refresh" };
    if (key === "n") return { kind: "compose" };
  }
  if (!typing && event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey) return { kind: "help" };
  return null;
}

/** The tab an arrow key moves to from `current` (wrapping), or null for other keys. */
export function arrowTab(key: string, current: TabView): TabView | null {
  const at = TAB_ORDER.indexOf(current);
  if (key === "ArrowRight") return TAB_ORDER[(at + 1) % TAB_ORDER.length] ?? null;
  if (key === "ArrowLeft") return TAB_ORDER[(at - 1 + TAB_ORDER.length) % TAB_ORDER.length] ?? null;
  if (key === "Home") return TAB_ORDER[0] ?? null;
  if (key === "End") return TAB_ORDER[TAB_ORDER.length - 1] ?? null;
  return null;
}

export function shortcutRows(mac: boolean): readonly (readonly [keys: string, what: string])[] {
  const mod = mac ? "⌘" : "Ctrl+";
  return [
    [`${mod}1 – ${mod}5`, "Feed, Agenda, Groups, Clients, Timers"],
    ["← →", "Move between tabs (on a tab)"],
    [`${mod}R`, "Refresh"],
    [`${mod}N`, "Write a note"],
    ["Enter / Shift+Enter", "Post the note / new line"],
    [`${mod}Enter`, "Start a Harvest timer with the text instead (Harvest connected)"],
    ["/", "Search the feed"],
    ["Esc", "Close a dialog, then hide the window"],
    ["?", "This list"],
  ];
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "range"].includes(target.type)
  );
}
