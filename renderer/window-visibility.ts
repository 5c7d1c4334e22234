/**
 * Whether the popup is on screen. In Electron the shell says so (the `windowVisibility` event):
 * the tray window is created hidden with background throttling off, so `document.visibilityState`
 * stays "visible" while it is hidden. In a browser (the dev preview, the e2e tests) nothing sends
 * that event and the document's own state is right. Until the shell speaks, an Electron page
 * counts as hidden: it was loaded into a hidden window.
 *
 * While hidden, the root element carries `data-window-hidden`, so CSS can stop animations.
 */
import type { CoopApi } from "../shared/contract";

type Listener = (visible: boolean) => void;

const listeners = new Set<Listener>();
let fromShell: boolean | null = null;

const inElectron = (): boolean => typeof navigator !== "undefined" && navigator.userAgent.includes("Electron/");

export function isWindowVisible(): boolean {
  if (fromShell !== null) return fromShell;
  if (typeof document === "undefined") return false;
  return !inElectron() && document.visibilityState === "visible";
}

/** Calls `listener` with every change; returns an unsubscribe. */
export function onWindowVisibility(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function announce(): void {
  const visible = isWindowVisible();
  if (typeof document !== "undefined") document.documentElement.toggleAttribute("data-window-hidden", !visible);
  for (const listener of [...listeners]) listener(visible);
}

/** Listens to the shell and the document; called once, by the entry, before the app renders. */
export function watchWindowVisibility(api: Pick<CoopApi, "on"> | undefined): void {
  api?.on.windowVisibility(({ visible }) => {
    fromShell = visible;
    announce();
  });
  if (typeof document !== "undefined") document.addEventListener("visibilitychange", announce);
  announce();
}
