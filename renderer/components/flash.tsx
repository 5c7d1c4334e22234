import type { JSX } from "preact";

/** A short confirmation ("Saved …") announced to screen readers. */
export function Flash({ message }: { readonly message: string | null }): JSX.Element | null {
  return message ? (
    <p class="flash" role="status">
      {message}
    </p>
  ) : null;
}
