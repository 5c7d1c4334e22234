/**
 * The dev bridge over the in-memory backend, index.html pre-rendered with its first frame as main
 * serves it: for the screenshots and the renderer benchmark. Closing it closes both.
 */
import { firstFramePage } from "./bridge/first-frame-page";
import { startBridge, type Bridge } from "./bridge/server";
import type { FakeBackend } from "./fake-backend";

export async function startFakeBridge(backend: FakeBackend, staticDir: string): Promise<Bridge> {
  const indexPage = firstFramePage(backend, staticDir);
  try {
    const bridge = await startBridge({
      port: 0,
      dispatch: backend.dispatch,
      subscribe: backend.subscribe,
      staticDir,
      indexPage: () => indexPage.page(),
    });
    return {
      url: bridge.url,
      port: bridge.port,
      close: async () => {
        indexPage.close();
        await bridge.close();
      },
    };
  } catch (error) {
    indexPage.close();
    throw error;
  }
}
