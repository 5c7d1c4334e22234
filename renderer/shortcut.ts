/**
 * Global shortcuts as people read and type them. Settings stores an Electron accelerator
 * ("CommandOrControl+Shift+Space"); people see "⇧⌘Space" on a Mac and "Ctrl+Shift+Space" elsewhere,
 * and set one by pressing it. Pure functions, so the key handling is unit-tested without a browser.
 */

export type Platform = "mac" | "windows" | "linux";

/** What the renderer can learn about the OS: `userAgentData` where Chromium has it, else the old fields. */
export interface NavigatorLike {
  readonly platform?: string;
  readonly userAgent?: string;
  readonly userAgentData?: { readonly platform?: string } | null;
}

export function detectPlatform(nav: NavigatorLike): Platform {
  const hint = (nav.userAgentData?.platform || nav.platform || nav.userAgent || "").toLowerCase();
  if (/mac|iphone|ipad|darwin/.test(hint)) return "mac";
  if (/win/.test(hint)) return "windows";
  return "linux";
}

/** The fields of a KeyboardEvent that matter here. */
export interface KeyStroke {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

export type Recorded =
  /** A complete shortcut, as an Electron accelerator. */
  | { readonly kind: "set"; readonly accelerator: string }
  /** Backspace or Delete alone: no shortcut. */
  | { readonly kind: "clear" }
  /** Escape alone: keep what was there. */
  | { readonly kind: "cancel" }
  /** Only modifiers so far; `held` is their accelerator prefix (e.g. "CommandOrControl+Shift"). */
  | { readonly kind: "pending"; readonly held: string }
  /** A key that cannot make a global shortcut as pressed; `reason` says what to do instead. */
  | { readonly kind: "invalid"; readonly reason: string }
  /** Not for the recorder (Tab moves focus as usual). */
  | { readonly kind: "ignore" };

const NAMED_CODES: Readonly<Record<string, string>> = {
  Space: "Space",
  Enter: "Return",
  NumpadEnter: "Return",
  Tab: "Tab",
  Backspace: "Backspace",
  Delete: "Delete",
  Insert: "Insert",
  Home: "Home",
  End: "End",
  PageUp: "PageUp",
  PageDown: "PageDown",
  ArrowUp: "Up",
  ArrowDown: "Down",
  ArrowLeft: "Left",
  ArrowRight: "Right",
  Escape: "Escape",
  Minus: "-",
  Equal: "=",
  BracketLeft: "[",
  BracketRight: "]",
  Backslash: "\\",
  Semicolon: ";",
  Comma: ",",
  Period: ".",
  Slash: "/",
  Backquote: "`",
  NumpadDecimal: "numdec",
  NumpadAdd: "numadd",
  NumpadSubtract: "numsub",
  NumpadMultiply: "nummult",
  NumpadDivide: "numdiv",
};

const MODIFIER_KEYS = new Set([
  "Control",
  "Meta",
  "Alt",
  "Shift",
  "AltGraph",
  "OS",
  "Super",
  "Hyper",
  "Fn",
  "CapsLock",
]);

/**
 * The accelerator key for a physical key. The code, not the character, so Shift+1 stays "1" rather
 * than "!" and a shortcut means the same keys whatever the keyboard layout types.
 */
export function acceleratorKey(code: string, key: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1] ?? null;
  const digit = /^Digit([0-9])$/.exec(code);
  if (digit) return digit[1] ?? null;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  const pad = /^Numpad([0-9])$/.exec(code);
  if (pad) return `num${pad[1] ?? ""}`;
  const named = NAMED_CODES[code];
  if (named) return named;
  // No usable code (some virtual keyboards): a plain letter or digit still works.
  return /^[a-z0-9]$/i.test(key) ? key.toUpperCase() : null;
}

function modifierParts(stroke: KeyStroke, platform: Platform): string[] {
  const parts: string[] = [];
  // The primary modifier is saved as CommandOrControl so the setting means ⌘ on a Mac and Ctrl elsewhere.
  const primary = platform === "mac" ? stroke.metaKey : stroke.ctrlKey;
  const secondary = platform === "mac" ? stroke.ctrlKey : stroke.metaKey;
  if (primary) parts.push("CommandOrControl");
  if (secondary) parts.push(platform === "mac" ? "Control" : "Super");
  if (stroke.altKey) parts.push("Alt");
  if (stroke.shiftKey) parts.push("Shift");
  return parts;
}

export function recordKey(stroke: KeyStroke, platform: Platform): Recorded {
  const modifiers = modifierParts(stroke, platform);
  if (MODIFIER_KEYS.has(stroke.key)) return { kind: "pending", held: modifiers.join("+") };
  const bare = modifiers.length === 0;
  if (stroke.code === "Tab" || stroke.key === "Tab") {
    if (bare || (modifiers.length === 1 && stroke.shiftKey)) return { kind: "ignore" };
  }
  if (bare && stroke.key === "Escape") return { kind: "cancel" };
  if (bare && (stroke.key === "Backspace" || stroke.key === "Delete")) return { kind: "clear" };
  const key = acceleratorKey(stroke.code, stroke.key);
  if (key === null)
    return { kind: "invalid", reason: "That key can't be used in a shortcut. Try a letter, digit or function key." };
  // A global shortcut takes its key from every other app: it needs a real modifier (F-keys excepted).
  const functionKey = /^F\d+$/.test(key);
  if (!functionKey && !modifiers.some((m) => m !== "Shift")) {
    return { kind: "invalid", reason: `Add ${platform === "mac" ? "⌘, ⌃ or ⌥" : "Ctrl or Alt"} to that key.` };
  }
  return { kind: "set", accelerator: [...modifiers, key].join("+") };
}

const MAC_MODIFIERS: readonly (readonly [readonly string[], string])[] = [
  [["control", "ctrl"], "⌃"],
  [["alt", "option", "altgr"], "⌥"],
  [["shift"], "⇧"],
  [["commandorcontrol", "cmdorctrl", "command", "cmd", "super", "meta"], "⌘"],
];

function otherModifiers(platform: Platform): readonly (readonly [readonly string[], string])[] {
  return [
    [["command", "cmd", "super", "meta"], platform === "windows" ? "Win" : "Super"],
    [["commandorcontrol", "cmdorctrl", "control", "ctrl"], "Ctrl"],
    [["alt", "option"], "Alt"],
    [["altgr"], "AltGr"],
    [["shift"], "Shift"],
  ];
}

const MAC_KEYS: Readonly<Record<string, string>> = {
  up: "↑",
  down: "↓",
  left: "←",
  right: "→",
  return: "↩",
  enter: "↩",
  backspace: "⌫",
  delete: "⌦",
  escape: "⎋",
  esc: "⎋",
  tab: "⇥",
};

const KEY_NAMES: Readonly<Record<string, string>> = {
  plus: "+",
  space: "Space",
  return: "Enter",
  enter: "Enter",
  escape: "Esc",
  esc: "Esc",
  pageup: "Page Up",
  pagedown: "Page Down",
  numdec: "Num .",
  numadd: "Num +",
  numsub: "Num −",
  nummult: "Num ×",
  numdiv: "Num ÷",
};

function keyLabel(token: string, platform: Platform): string {
  const lower = token.toLowerCase();
  if (platform === "mac" && MAC_KEYS[lower]) return MAC_KEYS[lower];
  if (KEY_NAMES[lower]) return KEY_NAMES[lower];
  const pad = /^num([0-9])$/.exec(lower);
  if (pad) return `Num ${pad[1] ?? ""}`;
  if (token.length === 1 || /^f\d+$/.test(lower)) return token.toUpperCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/**
 * "⇧⌘Space" (macOS, symbols in Apple's order ⌃⌥⇧⌘) or "Ctrl+Shift+Space" (Windows, Linux) for an
 * accelerator; "" for none. Works on a bare modifier prefix too, for the live preview while recording.
 */
export function acceleratorLabel(accelerator: string, platform: Platform): string {
  const tokens = accelerator
    .split("+")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  if (tokens.length === 0) return "";
  const table = platform === "mac" ? MAC_MODIFIERS : otherModifiers(platform);
  const isModifier = (t: string): boolean => table.some(([names]) => names.includes(t.toLowerCase()));
  const keys = tokens.filter((t) => !isModifier(t));
  const mods: string[] = [];
  for (const [names, symbol] of table) {
    if (tokens.some((t) => names.includes(t.toLowerCase())) && !mods.includes(symbol)) mods.push(symbol);
  }
  const labels = [...mods, ...keys.map((k) => keyLabel(k, platform))];
  return platform === "mac" ? labels.join("") : labels.join("+");
}
