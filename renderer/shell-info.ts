/**
 * What the shell says about the app (the `shellInfo` event): where the log file is, and an update
 * waiting for the app to quit. Settings' About shows both. In a browser nothing sends it, and the
 * About section shows neither.
 */
import { useEffect, useState } from "preact/hooks";
import type { CoopApi, ShellInfo } from "../shared/contract";

const NONE: ShellInfo = { logFile: null, updateReady: null };
let current: ShellInfo = NONE;
const listeners = new Set<(info: ShellInfo) => void>();

/** Listens to the shell; called once, by the entry, before the app renders (the event follows the load). */
export function watchShellInfo(api: Pick<CoopApi, "on"> | undefined): void {
  api?.on.shellInfo((info) => {
    current = info;
    for (const listener of [...listeners]) listener(info);
  });
}

export function useShellInfo(): ShellInfo {
  const [info, setInfo] = useState(current);
  useEffect(() => {
    setInfo(current);
    listeners.add(setInfo);
    return () => void listeners.delete(setInfo);
  }, []);
  return info;
}
