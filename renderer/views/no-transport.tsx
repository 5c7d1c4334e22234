/**
 * Shown instead of the app when the page has no `window.coop`: it was opened outside the Co-op Tray
 * window (or the preload failed to load). There is no fallback transport to try, so the page says
 * so plainly rather than showing a spinner that never ends.
 */
import type { JSX } from "preact";
import { AlertIcon } from "../components/icons";

export function NoTransportView(): JSX.Element {
  return (
    <main class="app app-center">
      <div class="notice notice-error" role="alert" data-error-kind="noTransport">
        <AlertIcon />
        <div class="notice-body">
          <p class="notice-title">Co-op Tray cannot start</p>
          <p class="notice-text">This page could not reach the app (its connection, window.coop, is missing).</p>
          <p class="notice-hint">
            Quit Co-op Tray from the tray menu and open it again. If this keeps happening, reinstall it.
          </p>
        </div>
      </div>
    </main>
  );
}
