import { describe, expect, it, vi } from "vitest";
import { CALL_NAMES } from "../../shared/contract";
import type { CallHandlers, CallName } from "../../shared/contract";
import { err, ok } from "../../shared/errors";
import { createDispatcher } from "../../main/ipc/dispatch";
import { toPlainData } from "../../main/ipc/plain-data";

type Recorder = { calls: Array<{ name: CallName; args: unknown }> };

/** Handlers that record what they were given and answer `ok(null)` unless a test overrides one. */
function recordingHandlers(
  overrides: Partial<Record<CallName, (args: unknown) => Promise<unknown>>> = {},
): CallHandlers & Recorder {
  const calls: Recorder["calls"] = [];
  const handlers: Record<string, unknown> = { calls };
  for (const name of CALL_NAMES) {
    handlers[name] = async (args: unknown) => {
      calls.push({ name, args });
      const override = overrides[name];
      return override ? override(args) : ok(null);
    };
  }
  return handlers as unknown as CallHandlers & Recorder;
}

describe("createDispatcher", () => {
  it("runs the named handler with the parsed (normalised) argument and returns its result", async () => {
    const handlers = recordingHandlers({ createGroup: async () => ok({ id: 99, name: "Kyiv team" }) });
    const dispatch = createDispatcher(handlers);
    const result = await dispatch("createGroup", { name: " Kyiv team ", timezone: "Kyev", memberEmails: [] });
    expect(result).toEqual({ ok: true, value: { id: 99, name: "Kyiv team" } });
    expect(handlers.calls).toEqual([
      { name: "createGroup", args: { name: "Kyiv team", timezone: "Kyiv", memberEmails: [] } },
    ]);
  });

  it("gives void calls no argument whatever the transport sent", async () => {
    const handlers = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    for (const raw of [undefined, null, {}]) expect(await dispatch("getState", raw)).toEqual({ ok: true, value: null });
    expect(handlers.calls.map((call) => call.args)).toEqual([undefined, undefined, undefined]);
  });

  it.each(["nope", "__proto__", "constructor", "toString", "hasOwnProperty", "", "coop:getState"])(
    "refuses the unknown call %j and runs nothing",
    async (name) => {
      const handlers = recordingHandlers();
      const result = await createDispatcher(handlers)(name, undefined);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe("invalidInput");
      expect(handlers.calls).toEqual([]);
    },
  );

  it("refuses a non-string call name", async () => {
    const handlers = recordingHandlers();
    const result = await createDispatcher(handlers)(42 as unknown as string, undefined);
    expect(result).toMatchObject({ ok: false, error: { kind: "invalidInput" } });
    expect(handlers.calls).toEqual([]);
  });

  it("refuses an invalid argument before any handler runs, naming each problem", async () => {
    const handlers = recordingHandlers();
    const result = await createDispatcher(handlers)("signIn", {
      serverUrl: "file:///etc/passwd",
      email: "basil",
      password: "",
      extra: 1,
    });
    expect(handlers.calls).toEqual([]);
    expect(result.ok).toBe(false);
    if (result.ok || result.error.kind !== "invalidInput") throw new Error("expected invalidInput");
    expect(result.error.issues).toHaveLength(4);
    expect(result.error.issues.join("\n")).toMatch(/serverUrl: Only http and https/);
    expect(result.error.issues.join("\n")).toMatch(/email: /);
    expect(result.error.issues.join("\n")).toMatch(/password: /);
    expect(result.error.issues.join("\n")).toMatch(/Unrecognized key: "extra"/);
  });

  it("bounds the list of issues a hostile payload can produce", async () => {
    const handlers = recordingHandlers();
    const hostile = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`.repeat(50), i]));
    const result = await createDispatcher(handlers)("updateSettings", hostile);
    if (result.ok || result.error.kind !== "invalidInput") throw new Error("expected invalidInput");
    expect(result.error.issues.length).toBeLessThanOrEqual(20);
    for (const issue of result.error.issues) expect(issue.length).toBeLessThanOrEqual(200);
  });

  it("never passes a handler's exception text on, and reports it to the error hook", async () => {
    const secret = "Basic YmFzaWw6ZmF3bHR5dG93ZXJz";
    const thrown = new Error(`request failed with Authorization: ${secret}`);
    const handlers = recordingHandlers({
      listGroups: async () => {
        throw thrown;
      },
    });
    const onHandlerError = vi.fn();
    const result = await createDispatcher(handlers, { onHandlerError })("listGroups", undefined);
    expect(result).toMatchObject({ ok: false, error: { kind: "internal" } });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(result)).not.toContain("Authorization");
    expect(onHandlerError).toHaveBeenCalledWith("listGroups", thrown);
  });

  it("passes typed error results through unchanged", async () => {
    const error = { kind: "validation", status: 400, message: "Name has already been taken", hint: null } as const;
    const dispatch = createDispatcher(recordingHandlers({ createClient: async () => err(error) }));
    expect(
      await dispatch("createClient", { name: "Dup", details: null, currency: null, currencySymbol: null }),
    ).toEqual({ ok: false, error });
  });

  it.each([
    ["a value that is not a Result", async () => ({ groups: [] })],
    ["undefined", async () => undefined],
    ["a Date inside the value", async () => ok({ at: new Date(0) })],
    ["a Map", async () => ok(new Map([["a", 1]]))],
    ["a function", async () => ok({ f: () => 1 })],
    ["NaN", async () => ok({ n: Number.NaN })],
    ["a bigint", async () => ok({ n: 1n })],
  ])("turns %s into an internal error", async (_what, handler) => {
    const onHandlerError = vi.fn();
    const result = await createDispatcher(recordingHandlers({ getSettings: handler }), { onHandlerError })(
      "getSettings",
      undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: "internal" } });
    expect(onHandlerError).toHaveBeenCalledTimes(1);
  });

  it("returns a JSON-safe copy: undefined properties dropped, nothing shared with the service", async () => {
    const owned = { name: "Basil", city: undefined, tags: ["a", undefined] };
    const result = await createDispatcher(recordingHandlers({ getState: async () => ok(owned) }))(
      "getState",
      undefined,
    );
    expect(result).toEqual({ ok: true, value: { name: "Basil", tags: ["a", null] } });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    if (result.ok) expect(result.value).not.toBe(owned);
  });
});

describe("toPlainData", () => {
  it("keeps a __proto__ key as data instead of changing the prototype", () => {
    const parsed: unknown = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const copy = toPlainData(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses cycles but allows the same object twice", () => {
    const shared = { x: 1 };
    expect(toPlainData({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toPlainData(cyclic)).toThrow(/circular/);
  });
});
