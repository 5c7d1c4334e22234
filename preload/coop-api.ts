/**
 * Builds `window.coop` from the contract's runtime lists: one named function per call and one
 * `on.<event>` per event. There is deliberately no generic `invoke(channel)` and no access to
 * `ipcRenderer` itself, so a compromised page can reach only what the contract names, and main
 * validates even that.
 */
import type { IpcRenderer, IpcRendererEvent } from "electron";
import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel } from "../shared/contract";
import type { CoopApi, EventName, Events, Unsubscribe } from "../shared/contract";

export type PreloadIpc = Pick<IpcRenderer, "invoke" | "on" | "removeListener">;

export function buildCoopApi(ipc: PreloadIpc): CoopApi {
  const calls: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const name of CALL_NAMES) {
    const channel = callChannel(name);
    // Exactly one argument is forwarded, whatever the page passes.
    calls[name] = (args?: unknown) => ipc.invoke(channel, args);
  }

  const on: Record<string, (listener: (payload: unknown) => void) => Unsubscribe> = {};
  for (const name of EVENT_NAMES) on[name] = (listener) => subscribe(ipc, name, listener);

  // The lists are checked against the contract's interfaces at compile time (shared/contract.ts),
  // and the preload test checks this object against the lists at run time.
  return Object.freeze({ ...calls, on: Object.freeze(on) }) as unknown as CoopApi;
}

function subscribe<E extends EventName>(ipc: PreloadIpc, name: E, listener: (payload: Events[E]) => void): Unsubscribe {
  if (typeof listener !== "function") throw new TypeError(`coop.on.${name} needs a function`);
  // The page gets the payload only: the IpcRendererEvent carries `sender` (the ipcRenderer).
  const forward = (_event: IpcRendererEvent, payload: Events[E]): void => listener(payload);
  const channel = eventChannel(name);
  ipc.on(channel, forward);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipc.removeListener(channel, forward);
  };
}
