import { beforeAll, describe, expect, it, vi } from "vitest";
import { CALL_NAMES, EVENT_NAMES } from "../../shared/contract";
import type { CoopApi } from "../../shared/contract";
import { fake } from "./fake-electron";

vi.mock("electron", async () => (await import("./fake-electron")).electronModule);

let api: CoopApi;

beforeAll(async () => {
  // Loading the preload is what exposes the API, exactly as in the sandboxed renderer.
  await import("../../preload/index");
  expect(fake.module.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  expect(fake.module.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe("coop");
  api = fake.exposed.get("coop") as CoopApi;
});

describe("preload", () => {
  it("exposes exactly one function per contract call, plus `on`", () => {
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, "on"].sort());
    for (const name of CALL_NAMES) expect(typeof api[name], name).toBe("function");
  });

  it("exposes exactly one subscription per contract event under `on`", () => {
    expect(Object.keys(api.on).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it("has no raw ipcRenderer and no generic invoke or send", () => {
    const everything = JSON.stringify(Object.keys(api)) + JSON.stringify(Object.keys(api.on));
    for (const forbidden of ["invoke", "send", "ipcRenderer", "sendSync", "postMessage", "removeAllListeners"])
      expect(everything).not.toContain(`"${forbidden}"`);
    expect(Object.values(api as object).some((value: unknown) => value === fake.module.ipcRenderer)).toBe(false);
  });

  it("invokes coop:<name> with the single argument given, and returns main's answer", async () => {
    const invoke = fake.module.ipcRenderer.invoke;
    invoke.mockClear();
    invoke.mockResolvedValueOnce({ ok: true, value: { id: 1 } } as unknown as { ok: boolean; value: null });
    await expect(api.postNote({ groupId: 25, text: "hello" })).resolves.toEqual({ ok: true, value: { id: 1 } });
    expect(invoke).toHaveBeenLastCalledWith("coop:postNote", { groupId: 25, text: "hello" });

    await api.getState();
    expect(invoke).toHaveBeenLastCalledWith("coop:getState", undefined);

    // Extra arguments from the page are not forwarded.
    await (api.markSeen as (...args: unknown[]) => Promise<unknown>)({ groupId: 1 }, "extra", { more: true });
    expect(invoke.mock.lastCall).toEqual(["coop:markSeen", { groupId: 1 }]);

    // The shortcut recorder's verb, which Settings calls on focus and blur.
    await api.pauseGlobalShortcut({ paused: true });
    expect(invoke).toHaveBeenLastCalledWith("coop:pauseGlobalShortcut", { paused: true });
  });

  it("maps every call to its own channel", async () => {
    const invoke = fake.module.ipcRenderer.invoke;
    invoke.mockClear();
    for (const name of CALL_NAMES) await (api[name] as (args?: unknown) => Promise<unknown>)(undefined);
    expect(invoke.mock.calls.map(([channel]) => channel)).toEqual(CALL_NAMES.map((name) => `coop:${name}`));
  });

  it("hands listeners the payload only, never the IPC event, and unsubscribes cleanly", () => {
    const ipc = fake.module.ipcRenderer;
    for (const name of EVENT_NAMES) {
      const received: unknown[][] = [];
      const unsubscribe = api.on[name]((...args: unknown[]) => received.push(args));
      expect(ipc.listenerCount(`coop-event:${name}`)).toBe(1);
      const ipcEvent = { sender: ipc, senderId: 0, ports: [] };
      const payload = { marker: name };
      ipc.emit(`coop-event:${name}`, ipcEvent, payload);
      expect(received).toEqual([[payload]]);
      unsubscribe();
      unsubscribe();
      expect(ipc.listenerCount(`coop-event:${name}`)).toBe(0);
      ipc.emit(`coop-event:${name}`, ipcEvent, payload);
      expect(received).toHaveLength(1);
    }
  });

  it("keeps listeners of the same event independent", () => {
    const ipc = fake.module.ipcRenderer;
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = api.on.feedUpdated((payload) => a.push(payload));
    const stopB = api.on.feedUpdated((payload) => b.push(payload));
    stopA();
    ipc.emit("coop-event:feedUpdated", {}, { groupId: 1, newStatuses: 3 });
    expect(a).toEqual([]);
    expect(b).toEqual([{ groupId: 1, newStatuses: 3 }]);
    stopB();
    expect(ipc.listenerCount("coop-event:feedUpdated")).toBe(0);
  });

  it("refuses a listener that is not a function", () => {
    expect(() => (api.on.stateChanged as (listener: unknown) => unknown)("alert(1)")).toThrow(TypeError);
    expect(fake.module.ipcRenderer.listenerCount("coop-event:stateChanged")).toBe(0);
  });
});
