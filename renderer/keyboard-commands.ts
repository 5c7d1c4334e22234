/** The popup's keyboard commands (see keyboard.ts) wired to the model's actions, on the window. */
import { useEffect } from "preact/hooks";
import { isMacPlatform, isTyping, keyCommand } from "./keyboard";
import type { AppModel } from "./model/app-model";

export function useKeyboardCommands(model: AppModel, signedIn: boolean): void {
  useEffect(() => {
    const mac = isMacPlatform();
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return;
      // Escape closes an open dialog first (the dialog's own cancel), then hides the tray window.
      if (event.key === "Escape") {
        if (!document.querySelector("dialog[open]")) void model.api.hideWindow();
        return;
      }
      if (!signedIn || document.querySelector("dialog[open]")) return;
      const command = keyCommand(event, mac, isTyping(event.target));
      if (command === null) return;
      // Ctrl/⌘+R would reload the page and Ctrl/⌘+N open a window: they are ours here.
      event.preventDefault();
      if (command.kind === "tab") model.show(command.view);
      else if (command.kind === "refresh") model.refresh();
      else if (command.kind === "compose") model.openComposer();
      else model.setHelpOpen(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [model, signedIn]);
}
