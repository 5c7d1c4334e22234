/** Settings' timer preferences: idle detection for a running timer (the token card is in harvest-section.tsx). */
import type { JSX } from "preact";
import type { Settings } from "../../shared/contract";
import { PrefSwitch } from "../components/pref-switch";

const IDLE_CHOICES = [5, 10, 15, 20, 30, 45, 60] as const;

export function HarvestV2Settings({
  settings,
  onChange,
}: {
  readonly settings: Settings;
  readonly onChange: (patch: Partial<Settings>) => void;
}): JSX.Element {
  const minutes = IDLE_CHOICES.includes(settings.idleMinutes as (typeof IDLE_CHOICES)[number])
    ? [...IDLE_CHOICES]
    : [...IDLE_CHOICES, settings.idleMinutes].sort((a, b) => a - b);
  return (
    <section class="settings-section" aria-labelledby="idle-title">
      <h2 class="section-title" id="idle-title">
        Timers
      </h2>
      <PrefSwitch
        id="pref-idle"
        label="Ask about idle time while a timer runs"
        checked={settings.idleDetection}
        onChange={(idleDetection) => onChange({ idleDetection })}
      />
      <div class="pref">
        <label for="pref-idle-minutes">Idle after</label>
        <select
          id="pref-idle-minutes"
          class="select select-small"
          value={settings.idleMinutes}
          disabled={!settings.idleDetection}
          onChange={(e) => onChange({ idleMinutes: Number(e.currentTarget.value) })}
        >
          {minutes.map((m) => (
            <option key={m} value={m}>
              {m} minutes
            </option>
          ))}
        </select>
      </div>
      <p class="field-hint">Time asleep is never counted: it comes off a running timer when the computer wakes.</p>
    </section>
  );
}
