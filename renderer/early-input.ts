/**
 * Input given to the first frame before the app has taken it over. start.ts loads the app only once
 * that frame has painted, and the frame looks live, so nothing a quick user does in between may be
 * lost: a click is held and given to the same element once the app is running (Preact takes the first
 * frame's nodes over; one it replaced is found again by its tag and name), a value typed or chosen in a field is put back and
 * told to the app (its first render may have cleared it, and it heard none of it), and Enter in a field (the composer's Post) or a key pressed outside a field
 * (the app's shortcuts) is pressed again. The first input also starts loading the app at once.
 */

export interface EarlyInput {
  /** Gives the held input to the app (call once it has rendered and its effects ran), and stops holding. */
  release(): Promise<void>;
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

const isField = (target: EventTarget | null): target is Field =>
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement ||
  (target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type));

/** What was clicked, and how to find its like if the app's render replaced it: its tag and its name. */
interface Clicked {
  readonly element: Element;
  readonly tag: string;
  readonly name: string;
}

const nameOf = (element: Element): string => element.getAttribute("aria-label") ?? element.textContent?.trim() ?? "";

function clicked(target: Element): Clicked {
  const element = target.closest("button, a, summary, label, [role]") ?? target;
  return { element, tag: element.tagName, name: nameOf(element) };
}

function stillThere({ element, tag, name }: Clicked): HTMLElement | null {
  if (element.isConnected) return element as HTMLElement;
  const like = [...document.getElementsByTagName(tag)].filter((candidate) => nameOf(candidate) === name);
  return like.length === 1 ? (like[0] as HTMLElement) : null;
}

function keyInit(event: KeyboardEvent): KeyboardEventInit {
  const { key, code, location, repeat, ctrlKey, shiftKey, altKey, metaKey } = event;
  return { key, code, location, repeat, ctrlKey, shiftKey, altKey, metaKey, bubbles: true, cancelable: true };
}

export function holdEarlyInput(onFirstInput: () => void): EarlyInput {
  const clicks: Clicked[] = [];
  const typed = new Map<Field, string>();
  const keys: { target: EventTarget; init: KeyboardEventInit }[] = [];
  let noticed = false;
  const notice = (): void => {
    if (noticed) return;
    noticed = true;
    onFirstInput();
  };
  const onClick = (event: MouseEvent): void => {
    if (!(event.target instanceof Element)) return;
    // A click on a field only focuses it, which the browser does by itself.
    if (isField(event.target)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    clicks.push(clicked(event.target));
    notice();
  };
  const onInput = (event: Event): void => {
    if (isField(event.target)) typed.set(event.target, event.target.value);
    notice();
  };
  const onKey = (event: KeyboardEvent): void => {
    notice();
    const inField = isField(event.target);
    // Characters reach the field by themselves (kept by onInput); Enter in a field and keys outside
    // one are the app's to handle.
    if (inField && !(event.key === "Enter" && !event.shiftKey)) return;
    if (!inField && !(event.ctrlKey || event.metaKey || event.altKey) && event.key.length === 1) return;
    event.preventDefault();
    keys.push({ target: event.target ?? document, init: keyInit(event) });
  };
  document.addEventListener("click", onClick, true);
  document.addEventListener("input", onInput, true);
  document.addEventListener("change", onInput, true);
  document.addEventListener("keydown", onKey, true);
  return {
    async release() {
      document.removeEventListener("click", onClick, true);
      document.removeEventListener("input", onInput, true);
      document.removeEventListener("change", onInput, true);
      document.removeEventListener("keydown", onKey, true);
      // Told again even when the app's render kept the value: it listened to neither event then.
      for (const [field, value] of typed) {
        if (!field.isConnected) continue;
        field.value = value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
      for (const click of clicks) stillThere(click)?.click();
      // The keys after the app has re-rendered with the text put back (Enter posts what the state holds).
      if (keys.length > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      for (const { target, init } of keys) {
        const element = target instanceof Node && !target.isConnected ? document : target;
        element.dispatchEvent(new KeyboardEvent("keydown", init));
      }
    },
  };
}
