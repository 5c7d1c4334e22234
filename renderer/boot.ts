/**
 * The start's timing. The calls a start needs are all sent at once when the model starts (see
 * model/app-model.ts: the state, the groups, the outbox and the cached feed of the group shown last
 * time); work the first paint does not need waits for it here.
 */
import { isWindowVisible } from "./window-visibility";

/**
 * Resolves once the next frame has been painted (a task posted from a frame callback runs after
 * that frame's style, layout and paint), or at once in a hidden window. Work that the first paint does not need (asking the
 * network for a fresher feed, the member list) waits for it, so it cannot hold the frame back.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    // A hidden window (the tray window loads hidden) paints no frame, and runs no frame callback.
    if (!isWindowVisible()) {
      setTimeout(resolve, 0);
      return;
    }
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  });
}
