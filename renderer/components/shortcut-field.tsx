/**
 * A shortcut recorder: focus it (or press Enter on it) and press the keys. Backspace/Delete clears the
 * shortcut, Escape stops recording and keeps the old one (a second Escape hides the window as usual).
 * The field is read-only text, so nothing typed lands in it; the hint line says what to do and is
 * announced as it changes. While it records, `onRecording(true)` lets the owner pause the registered
 * global shortcut, whose keys the OS would otherwise never hand to the page.
 */
import type { JSX } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { acceleratorLabel, detectPlatform, recordKey, type Platform } from "../shortcut";

function currentPlatform(): Platform {
  return typeof navigator === "undefined"
    ? "linux"
    : detectPlatform(navigator as Navigator & { userAgentData?: { platform?: string } });
}

export interface ShortcutFieldProps {
  readonly id: string;
  /** The saved Electron accelerator; "" for none. */
  readonly value: string;
  readonly onChange: (accelerator: string) => void;
  /** Told when recording starts and ends (focus, blur, a shortcut set, cleared or kept). */
  readonly onRecording?: (recording: boolean) => void;
}

export function ShortcutField({ id, value, onChange, onRecording }: ShortcutFieldProps): JSX.Element {
  const platform = useMemo(currentPlatform, []);
  const [recording, setRecording] = useState(false);
  const [held, setHeld] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const label = acceleratorLabel(value, platform);
  const hintId = `${id}-hint`;

  // Focus and a click both start recording: tell the owner about transitions only, whatever the
  // render the events arrive in.
  const recordingNow = useRef(false);
  const announce = useRef(onRecording);
  announce.current = onRecording;
  const setRecordingState = (next: boolean): void => {
    setRecording(next);
    if (recordingNow.current === next) return;
    recordingNow.current = next;
    announce.current?.(next);
  };
  // Leaving Settings while recording (the tray's menu, a tab) ends it even if no blur arrives.
  useEffect(
    () => () => {
      if (recordingNow.current) announce.current?.(false);
    },
    [],
  );

  const start = (): void => {
    setRecordingState(true);
    setHeld("");
    setProblem(null);
  };
  const stop = (): void => {
    setRecordingState(false);
    setHeld("");
  };

  function onKeyDown(event: KeyboardEvent): void {
    if (!recording) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        start();
      }
      return;
    }
    const result = recordKey(event, platform);
    if (result.kind === "ignore") return;
    // Every other key belongs to the recorder: no typing, no window-wide Escape.
    event.preventDefault();
    switch (result.kind) {
      case "pending":
        setHeld(result.held);
        return;
      case "invalid":
        setHeld("");
        setProblem(result.reason);
        return;
      case "cancel":
        setProblem(null);
        stop();
        return;
      case "clear":
        setProblem(null);
        stop();
        if (value !== "") onChange("");
        return;
      case "set":
        setProblem(null);
        stop();
        if (result.accelerator !== value) onChange(result.accelerator);
        return;
    }
  }

  function onKeyUp(event: KeyboardEvent): void {
    // Letting go of a modifier updates the preview of what is still held.
    if (recording) {
      const result = recordKey(event, platform);
      if (result.kind === "pending") setHeld(result.held);
    }
  }

  const hint =
    problem ??
    (recording
      ? `Press the new shortcut. ${platform === "mac" ? "⌫" : "Backspace"} turns it off, Esc keeps the old one.`
      : value === ""
        ? "Off. Select the field and press a shortcut to turn it on."
        : "Opens the composer from any app. Select the field to change it.");
  const shown = recording ? (held ? `${acceleratorLabel(held, platform)}…` : "") : label;
  return (
    <>
      <input
        id={id}
        class={`input input-small shortcut-input${recording ? " is-recording" : ""}`}
        readOnly
        value={shown}
        placeholder={recording ? "Type shortcut" : "None"}
        spellcheck={false}
        autoComplete="off"
        aria-describedby={hintId}
        aria-invalid={problem !== null}
        onFocus={start}
        onBlur={() => {
          stop();
          setProblem(null);
        }}
        onClick={() => !recording && start()}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
      />
      <p class={problem ? "pref-hint is-error" : "pref-hint"} id={hintId} aria-live="polite">
        {hint}
      </p>
    </>
  );
}
