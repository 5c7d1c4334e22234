/**
 * stop() leaves nothing listening: every subscription the services made on the connection and the
 * event emitter (FeedSync's and the Outbox's "online", the app status's "changed" and
 * "groupsChanged") is removed, so a stopped app holds no references and reacts to nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Emitter } from "../../main/services/emitter";
import { expectValue, startHarness, type Harness } from "./app-harness";

describe("the app's lifecycle", () => {
  let h: Harness | null = null;
  const live = new Set<object>();

  beforeAll(() => {
    const on = Emitter.prototype.on;
    vi.spyOn(Emitter.prototype, "on").mockImplementation(function (
      this: Emitter<Record<string, unknown>>,
      event,
      listener,
    ) {
      const unsubscribe = on.call(this, event, listener);
      const token = {};
      live.add(token);
      return () => {
        live.delete(token);
        unsubscribe();
      };
    });
  });
  afterAll(() => vi.restoreAllMocks());
  afterEach(async () => {
    await h?.close().catch(() => undefined);
    h?.dir.remove();
    h = null;
  });

  it("removes every listener the services registered when it stops", async () => {
    h = await startHarness();
    await h.app.start();
    expectValue(await h.signIn());
    expect(live.size).toBeGreaterThan(0);
    await h.app.stop();
    expect(live.size).toBe(0);
    // Closing the harness stops the app again: stopping twice is harmless.
    await h.app.stop();
  });
});
