/** A preference that is on or off, as a Settings row: its label, then a switch that saves on change. */
import type { JSX } from "preact";

export function PrefSwitch({
  id,
  label,
  checked,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}): JSX.Element {
  return (
    <div class="pref">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="checkbox"
        class="switch"
        role="switch"
        checked={checked}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
    </div>
  );
}
