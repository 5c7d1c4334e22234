import { describe, expect, it } from "vitest";
import { acceleratorProblem } from "../../main/ipc/accelerator";
import { defaultGlobalShortcut } from "../../shared/contract";
import { acceleratorKey, acceleratorLabel, detectPlatform, recordKey, type KeyStroke } from "../../renderer/shortcut";

const none = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
const press = (key: string, code: string, mods: Partial<typeof none> = {}): KeyStroke => ({
  key,
  code,
  ...none,
  ...mods,
});

describe("key events become Electron accelerators", () => {
  it("saves the primary modifier as CommandOrControl: ⌘ on a Mac, Ctrl elsewhere", () => {
    expect(recordKey(press(" ", "Space", { metaKey: true, shiftKey: true }), "mac")).toEqual({
      kind: "set",
      accelerator: "CommandOrControl+Shift+Space",
    });
    expect(recordKey(press(" ", "Space", { ctrlKey: true, shiftKey: true }), "linux")).toEqual({
      kind: "set",
      accelerator: "CommandOrControl+Shift+Space",
    });
    expect(recordKey(press("n", "KeyN", { ctrlKey: true, altKey: true }), "mac")).toEqual({
      kind: "set",
      accelerator: "Control+Alt+N",
    });
    expect(recordKey(press("k", "KeyK", { metaKey: true }), "windows")).toEqual({
      kind: "set",
      accelerator: "Super+K",
    });
  });
  it("uses the physical key, so Shift+1 stays 1 and Alt+letter is the letter", () => {
    expect(recordKey(press("!", "Digit1", { ctrlKey: true, shiftKey: true }), "linux")).toEqual({
      kind: "set",
      accelerator: "CommandOrControl+Shift+1",
    });
    expect(recordKey(press("å", "KeyA", { altKey: true, metaKey: true }), "mac")).toEqual({
      kind: "set",
      accelerator: "CommandOrControl+Alt+A",
    });
    expect(recordKey(press("ArrowUp", "ArrowUp", { ctrlKey: true }), "linux")).toEqual({
      kind: "set",
      accelerator: "CommandOrControl+Up",
    });
  });
  it("lets function keys stand alone but no other key", () => {
    expect(recordKey(press("F6", "F6"), "linux")).toEqual({ kind: "set", accelerator: "F6" });
    expect(recordKey(press("a", "KeyA"), "linux").kind).toBe("invalid");
    expect(recordKey(press("A", "KeyA", { shiftKey: true }), "mac")).toMatchObject({
      kind: "invalid",
      reason: expect.stringContaining("⌘"),
    });
    expect(recordKey(press("'", "Quote", { ctrlKey: true }), "linux").kind).toBe("invalid");
  });
  it("previews modifiers held alone, and keeps Tab, Escape, Backspace and Delete for their jobs", () => {
    expect(recordKey(press("Shift", "ShiftLeft", { shiftKey: true, metaKey: true }), "mac")).toEqual({
      kind: "pending",
      held: "CommandOrControl+Shift",
    });
    expect(recordKey(press("Control", "ControlLeft", { ctrlKey: true }), "linux")).toEqual({
      kind: "pending",
      held: "CommandOrControl",
    });
    expect(recordKey(press("Tab", "Tab"), "mac")).toEqual({ kind: "ignore" });
    expect(recordKey(press("Tab", "Tab", { shiftKey: true }), "mac")).toEqual({ kind: "ignore" });
    expect(recordKey(press("Escape", "Escape"), "mac")).toEqual({ kind: "cancel" });
    expect(recordKey(press("Backspace", "Backspace"), "mac")).toEqual({ kind: "clear" });
    expect(recordKey(press("Delete", "Delete"), "linux")).toEqual({ kind: "clear" });
    // With a modifier they are ordinary keys.
    expect(recordKey(press("Backspace", "Backspace", { ctrlKey: true, altKey: true }), "linux")).toEqual({
      kind: "set",
      accelerator: "CommandOrControl+Alt+Backspace",
    });
  });
  it("only ever produces accelerators that main accepts", () => {
    const codes = [
      "KeyA",
      "KeyZ",
      "Digit0",
      "Digit9",
      "F1",
      "F24",
      "Numpad5",
      "NumpadAdd",
      "NumpadDecimal",
      "Space",
      "Enter",
      "Tab",
      "Backspace",
      "Delete",
      "Insert",
      "Home",
      "End",
      "PageUp",
      "PageDown",
      "ArrowLeft",
      "Escape",
      "Minus",
      "Equal",
      "BracketLeft",
      "BracketRight",
      "Backslash",
      "Semicolon",
      "Comma",
      "Period",
      "Slash",
      "Backquote",
    ];
    for (const code of codes) {
      for (const mods of [
        { ctrlKey: true },
        { metaKey: true, shiftKey: true },
        { altKey: true, ctrlKey: true, shiftKey: true },
      ]) {
        for (const platform of ["mac", "linux"] as const) {
          const result = recordKey(press("x", code, mods), platform);
          expect(result.kind, `${code} ${JSON.stringify(mods)} on ${platform}`).toBe("set");
          if (result.kind === "set") expect(acceleratorProblem(result.accelerator), result.accelerator).toBeNull();
        }
      }
    }
    expect(acceleratorKey("", "q")).toBe("Q");
    expect(acceleratorKey("IntlRo", "ろ")).toBeNull();
  });
});

describe("accelerators read as people expect", () => {
  it("uses symbols in Apple's menu order (⌃⌥⇧⌘) on a Mac", () => {
    expect(acceleratorLabel("CommandOrControl+Shift+Space", "mac")).toBe("⇧⌘Space");
    expect(acceleratorLabel("Shift+Alt+Control+Command+K", "mac")).toBe("⌃⌥⇧⌘K");
    expect(acceleratorLabel("CmdOrCtrl+Up", "mac")).toBe("⌘↑");
    expect(acceleratorLabel("CommandOrControl+Plus", "mac")).toBe("⌘+");
  });
  it("names each platform's default global shortcut as the ? sheet and the README do, and it is a valid one", () => {
    expect(acceleratorLabel(defaultGlobalShortcut("darwin"), "mac")).toBe("⇧⌘Space");
    expect(acceleratorLabel(defaultGlobalShortcut("win32"), "windows")).toBe("Ctrl+Alt+Space");
    expect(acceleratorLabel(defaultGlobalShortcut("linux"), "linux")).toBe("Ctrl+Alt+Space");
    for (const platform of ["darwin", "win32", "linux"])
      expect(acceleratorProblem(defaultGlobalShortcut(platform))).toBeNull();
  });
  it("spells it out elsewhere", () => {
    expect(acceleratorLabel("CommandOrControl+Shift+Space", "linux")).toBe("Ctrl+Shift+Space");
    expect(acceleratorLabel("CommandOrControl+Shift+Space", "windows")).toBe("Ctrl+Shift+Space");
    expect(acceleratorLabel("Super+Alt+n", "windows")).toBe("Win+Alt+N");
    expect(acceleratorLabel("Super+Return", "linux")).toBe("Super+Enter");
    expect(acceleratorLabel("F6", "linux")).toBe("F6");
    expect(acceleratorLabel("ctrl+num5", "linux")).toBe("Ctrl+Num 5");
  });
  it("labels a bare modifier prefix (the live preview) and nothing as empty", () => {
    expect(acceleratorLabel("CommandOrControl+Shift", "mac")).toBe("⇧⌘");
    expect(acceleratorLabel("", "linux")).toBe("");
  });
  it("round-trips what the recorder saves", () => {
    const saved = recordKey(press("p", "KeyP", { ctrlKey: true, altKey: true }), "linux");
    expect(saved.kind === "set" && acceleratorLabel(saved.accelerator, "linux")).toBe("Ctrl+Alt+P");
  });
});

describe("platform detection", () => {
  it("prefers userAgentData, then navigator.platform, then the user agent", () => {
    expect(detectPlatform({ userAgentData: { platform: "macOS" }, platform: "Linux x86_64" })).toBe("mac");
    expect(detectPlatform({ platform: "MacIntel" })).toBe("mac");
    expect(detectPlatform({ platform: "Win32" })).toBe("windows");
    expect(detectPlatform({ userAgentData: { platform: "Windows" } })).toBe("windows");
    expect(detectPlatform({ platform: "Linux x86_64" })).toBe("linux");
    expect(detectPlatform({ platform: "", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)" })).toBe("mac");
    expect(detectPlatform({})).toBe("linux");
  });
});
