/**
 * Electron's powerMonitor wired to the idle/sleep logic in the services (main/services/idle.ts):
 * the system's idle seconds every `pollMs`, and suspend/resume as they happen. The decisions live
 * in the services, where a fake clock tests them; this only forwards. Call after the app is ready.
 */
import { powerMonitor } from "electron";

export interface PowerSink {
  observeIdle(idleSeconds: number): void;
  suspended(): void;
  resumed(): void;
}

export const IDLE_POLL_MS = 30_000;

export function watchPower(
  sink: PowerSink,
  options: { readonly pollMs?: number; readonly every?: (fn: () => void, ms: number) => () => void } = {},
): () => void {
  const pollMs = options.pollMs ?? IDLE_POLL_MS;
  const every =
    options.every ??
    ((fn: () => void, ms: number) => {
      const handle = setInterval(fn, ms);
      // Quitting never waits for the next poll.
      handle.unref?.();
      return () => clearInterval(handle);
    });
  const onSuspend = (): void => sink.suspended();
  const onResume = (): void => sink.resumed();
  powerMonitor.on("suspend", onSuspend);
  powerMonitor.on("resume", onResume);
  const stopPolling = every(() => sink.observeIdle(powerMonitor.getSystemIdleTime()), pollMs);
  return () => {
    stopPolling();
    powerMonitor.removeListener("suspend", onSuspend);
    powerMonitor.removeListener("resume", onResume);
  };
}
