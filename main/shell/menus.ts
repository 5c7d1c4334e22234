/**
 * The application menu and the page's context menu, as pure templates a test reads item by item.
 *
 * Application menu: Electron's default one carries View > Reload (Ctrl/⌘+R, which would reload
 * the popup and lose what a dialog holds) and zoom (Ctrl/⌘ +/−). macOS needs a menu for its edit
 * shortcuts (⌘C, ⌘V and ⌘A are menu items there), so it gets the app and Edit menus only;
 * Windows and Linux get none, and their text fields handle the keys themselves.
 */
import type { ContextMenuParams, MenuItemConstructorOptions } from "electron";

export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== "darwin") return null;
  return [{ role: "appMenu" }, { role: "editMenu" }];
}

/** What a context menu item does to the page that asked for it. */
export interface ContextMenuTarget {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
}

type MenuParams = Pick<
  ContextMenuParams,
  "isEditable" | "selectionText" | "misspelledWord" | "dictionarySuggestions"
> & {
  readonly editFlags: Pick<ContextMenuParams["editFlags"], "canCut" | "canCopy" | "canPaste" | "canSelectAll">;
};

/**
 * Spelling suggestions (and "Add to Dictionary") for a misspelt word, then the edit roles a text
 * field offers; outside a field, Copy when something is selected. Empty when there is nothing to
 * offer (no menu is shown then).
 */
export function contextMenuTemplate(params: MenuParams, target: ContextMenuTarget): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (params.isEditable && params.misspelledWord !== "") {
    const suggestions = params.dictionarySuggestions.slice(0, 5);
    for (const suggestion of suggestions)
      items.push({ label: suggestion, click: () => target.replaceMisspelling(suggestion) });
    if (suggestions.length === 0) items.push({ label: "No Guesses Found", enabled: false });
    const word = params.misspelledWord;
    items.push({ label: "Add to Dictionary", click: () => target.addToDictionary(word) });
    items.push({ type: "separator" });
  }
  if (params.isEditable) {
    items.push(
      { role: "cut", enabled: params.editFlags.canCut },
      { role: "copy", enabled: params.editFlags.canCopy },
      { role: "paste", enabled: params.editFlags.canPaste },
      { type: "separator" },
      { role: "selectAll", enabled: params.editFlags.canSelectAll },
    );
  } else if (params.selectionText.trim() !== "") {
    items.push({ role: "copy", enabled: params.editFlags.canCopy });
  }
  return items;
}
