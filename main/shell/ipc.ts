/**
 * The Electron side of the contract: one `ipcMain.handle` per call, each checking who is asking
 * before the dispatcher validates what is asked. Only the top frame of our own popup window, showing
 * a page from the app scheme, may call; anything else (a subframe, another window, a page that
 * somehow navigated elsewhere) is refused and logged.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from "electron";
import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel } from "../../shared/contract";
import type { CallName, EventName, Events, Unsubscribe } from "../../shared/contract";
import type { Result } from "../../shared/errors";
import { err } from "../../shared/errors";
import type { Dispatch } from "../ipc/dispatch";
import { isAppUrl } from "./protocol";
import { describeOrigin } from "./web-security";

/** The part of an invoke event the check reads. */
type SenderInfo = Pick<IpcMainInvokeEvent, "sender" | "senderFrame">;

/** The window whose page may call; null while there is none (never created or destroyed). */
type TrustedContents = () => Pick<WebContents, "id" | "isDestroyed"> | null;

function isTrustedSender(event: SenderInfo, trusted: TrustedContents): boolean {
  const contents = trusted();
  const frame = event.senderFrame;
  if (contents === null || contents.isDestroyed() || frame === null) return false;
  if (event.sender.id !== contents.id) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

const REFUSED_SENDER: Result<never> = err({
  kind: "invalidInput",
  message: "This call is only accepted from the Co-op Tray window.",
  issues: ["sender: not the app's own window"],
});

export interface IpcRegistration {
  readonly ipcMain: Pick<IpcMain, "handle" | "removeHandler">;
  readonly dispatch: Dispatch;
  readonly trusted: TrustedContents;
  readonly log: (message: string) => void;
}

/** Registers a handler for every contract call; returns a function that removes them all. */
export function registerIpcHandlers({ ipcMain, dispatch, trusted, log }: IpcRegistration): () => void {
  const channels: string[] = [];
  for (const name of CALL_NAMES) {
    const channel = callChannel(name);
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, args: unknown) => {
      if (!isTrustedSender(event, trusted)) {
        log(`refused "${name}" from an unknown sender (${describeSender(event)})`);
        return REFUSED_SENDER;
      }
      return dispatch(name satisfies CallName, args);
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function describeSender(event: SenderInfo): string {
  const frame = event.senderFrame;
  if (frame === null) return "no frame";
  return `${frame.parent === null ? "top frame" : "subframe"} at ${describeOrigin(frame.url)}`;
}

/** Where events go: the popup's web contents, when it is alive. */
export type EventTarget = () => Pick<WebContents, "send" | "isDestroyed"> | null;

export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
}

/** Forwards every contract event to the window; returns a function that stops forwarding. */
export function forwardEvents(source: EventSource, target: EventTarget): () => void {
  const unsubscribes = EVENT_NAMES.map((name) => source.on(name, (payload) => sendEvent(target, name, payload)));
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}

export function sendEvent<E extends EventName>(target: EventTarget, name: E, payload: Events[E]): void {
  const contents = target();
  if (contents === null || contents.isDestroyed()) return;
  contents.send(eventChannel(name), payload);
}
