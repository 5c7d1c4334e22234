/** The `?` sheet: every keyboard command of the popup, from the same list the key handler uses. */
import type { JSX } from "preact";
import { Dialog } from "../components/dialog";
import { isMacPlatform, shortcutRows } from "../keyboard";

export function ShortcutsSheet({ onClose }: { readonly onClose: () => void }): JSX.Element {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <ShortcutList />
      <div class="dialog-actions">
        <button type="button" class="btn" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

export function ShortcutList(): JSX.Element {
  return (
    <dl class="shortcut-list">
      {shortcutRows(isMacPlatform()).map(([keys, what]) => (
        <div key={keys} class="shortcut-row">
          <dt>
            <kbd>{keys}</kbd>
          </dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}
