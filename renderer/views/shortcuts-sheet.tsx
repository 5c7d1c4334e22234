/**
 * The `?` sheet: every keyboard command of the popup, from the same list the key handler uses, and
 * the global shortcut as set in Settings (it works with the popup closed).
 */
import type { JSX } from "preact";
import { Dialog } from "../components/dialog";
import { isMacPlatform, shortcutRows } from "../keyboard";
import { useModel } from "../model/context";
import { acceleratorLabel } from "../shortcut";

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
  const mac = isMacPlatform();
  const accelerator = useModel().state.value?.settings.globalShortcut ?? "";
  const global =
    accelerator === ""
      ? []
      : [[acceleratorLabel(accelerator, mac ? "mac" : "linux"), "Open the composer from anywhere"] as const];
  return (
    <dl class="shortcut-list">
      {[...shortcutRows(mac), ...global].map(([keys, what]) => (
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
