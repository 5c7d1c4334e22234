/**
 * Electron accelerator syntax ("CommandOrControl+Shift+Space"), checked before a setting is saved so
 * a typo is refused with a clear message instead of failing later inside `globalShortcut.register`.
 * Accelerators are case-insensitive, so every comparison is on lower case.
 */

const MODIFIERS = new Set([
  "command",
  "cmd",
  "control",
  "ctrl",
  "commandorcontrol",
  "cmdorctrl",
  "alt",
  "option",
  "altgr",
  "shift",
  "super",
  "meta",
]);

const NAMED_KEYS = new Set([
  "plus",
  "space",
  "tab",
  "capslock",
  "numlock",
  "scrolllock",
  "backspace",
  "delete",
  "insert",
  "return",
  "enter",
  "up",
  "down",
  "left",
  "right",
  "home",
  "end",
  "pageup",
  "pagedown",
  "escape",
  "esc",
  "volumeup",
  "volumedown",
  "volumemute",
  "medianexttrack",
  "mediaprevioustrack",
  "mediastop",
  "mediaplaypause",
  "printscreen",
  "numdec",
  "numadd",
  "numsub",
  "nummult",
  "numdiv",
]);

// "+" itself is the separator, so the plus key must be spelled "Plus".
const PUNCTUATION = new Set([...')!@#$%^&*(:;=<,_->.?/~`{][|\\}"']);

function isKeyCode(part: string): boolean {
  if (/^[a-z0-9]$/.test(part)) return true;
  if (/^f([1-9]|1[0-9]|2[0-4])$/.test(part)) return true;
  if (/^num[0-9]$/.test(part)) return true;
  return NAMED_KEYS.has(part) || PUNCTUATION.has(part);
}

/**
 * Why an accelerator is unusable as a global shortcut, or null when it is fine. A global shortcut
 * takes its key away from every other app, so it needs a modifier other than Shift (function keys
 * excepted), exactly one key, and no modifier twice.
 */
export function acceleratorProblem(accelerator: string): string | null {
  if (accelerator.length === 0) return null;
  if (accelerator.length > 100) return "Shortcut is too long.";
  const parts = accelerator.split("+").map((part) => part.trim().toLowerCase());
  if (parts.some((part) => part.length === 0)) return 'Shortcut has an empty part (write the plus key as "Plus").';
  const modifiers = parts.slice(0, -1);
  const key = parts[parts.length - 1] ?? "";
  const unknownModifier = modifiers.find((part) => !MODIFIERS.has(part));
  if (unknownModifier !== undefined) {
    return isKeyCode(unknownModifier)
      ? "Shortcut may have only one key besides its modifiers."
      : "Shortcut has an unknown modifier.";
  }
  if (new Set(modifiers).size !== modifiers.length) return "Shortcut repeats a modifier.";
  if (MODIFIERS.has(key)) return "Shortcut needs a key after its modifiers.";
  if (!isKeyCode(key)) return "Shortcut has an unknown key.";
  const isFunctionKey = /^f([1-9]|1[0-9]|2[0-4])$/.test(key);
  if (!isFunctionKey && !modifiers.some((part) => part !== "shift")) {
    return "Shortcut needs a modifier such as CommandOrControl or Alt.";
  }
  return null;
}
