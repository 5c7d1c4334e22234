/** A labelled form field: the label, the control, and an optional hint or error tied to it. */
import type { ComponentChildren, JSX } from "preact";

export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  readonly id: string;
  readonly label: string;
  readonly hint?: string | null;
  readonly error?: string | null;
  readonly children: ComponentChildren;
}): JSX.Element {
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
