/**
 * Input held for the app while the first frame is on screen (renderer/early-input.ts), in happy-dom:
 * what the user did reaches the app's handlers once it runs, also when its render replaced the node.
 */
import { describe, expect, it, vi } from "vitest";
import { holdEarlyInput } from "../../renderer/early-input";
import { testRoot } from "./test-root";

describe("input before the app runs", () => {
  it("starts the app's load at the first input, and hands clicks, values and keys over on release", async () => {
    const root = testRoot();
    root.innerHTML = `<nav><button aria-label="Groups">Groups</button></nav>
      <select id="group"><option value="25">Towers</option><option value="34">Argentina</option></select>
      <textarea id="composer"></textarea>`;
    const first = vi.fn();
    const early = holdEarlyInput(first);
    const composer = root.querySelector("textarea")!;
    const select = root.querySelector("select")!;

    // The frame is not yet the app: its own handlers are not there, and nothing reaches one added now.
    const tooEarly = vi.fn();
    root.querySelector("button")!.addEventListener("click", tooEarly);
    root.querySelector("button")!.click();
    expect(tooEarly).not.toHaveBeenCalled();
    expect(first).toHaveBeenCalledTimes(1);
    composer.value = "Back in five";
    composer.dispatchEvent(new Event("input", { bubbles: true }));
    select.value = "34";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    composer.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    const shortcut = new KeyboardEvent("keydown", { key: "3", ctrlKey: true, bubbles: true, cancelable: true });
    document.body.dispatchEvent(shortcut);
    expect(shortcut.defaultPrevented).toBe(true);
    expect(first).toHaveBeenCalledTimes(1);

    // The app renders: it replaces the button, clears the composer, and listens from now on.
    const button = document.createElement("button");
    button.setAttribute("aria-label", "Groups");
    root.querySelector("button")!.replaceWith(button);
    composer.value = "";
    const heard: string[] = [];
    button.addEventListener("click", () => heard.push("click Groups"));
    composer.addEventListener("input", () => heard.push(`input ${composer.value}`));
    select.addEventListener("change", () => heard.push(`change ${select.value}`));
    composer.addEventListener("keydown", (e) => heard.push(`key ${e.key} in composer`));
    window.addEventListener("keydown", (e) => e.target === document.body && heard.push(`key ctrl+${e.key}`));
    await early.release();

    expect(composer.value).toBe("Back in five");
    expect(heard).toEqual(["input Back in five", "change 34", "click Groups", "key Enter in composer", "key ctrl+3"]);
    // Released: input goes straight to the app again, nothing is held.
    button.click();
    expect(heard.at(-1)).toBe("click Groups");
    expect(heard.filter((h) => h === "click Groups")).toHaveLength(2);
  });
});
