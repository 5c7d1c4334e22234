/** The account, the Harvest link and the preferences. Preferences save as they change. */
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { AppState, Settings } from "../../shared/contract";
import type { AppError } from "../../shared/errors";
import { useApi } from "../api-context";
import { Dialog } from "../components/dialog";
import { ErrorNotice } from "../components/error-notice";
import { PrefSwitch } from "../components/pref-switch";
import { ShortcutField } from "../components/shortcut-field";
import { APP_VERSION } from "../version";
import { useShellInfo } from "../shell-info";
import { AccountSecurity } from "./account-security";
import { HarvestSection } from "./harvest-section";
import { HarvestV2Settings } from "./harvest-v2-settings";
import { ShortcutsSheet } from "./shortcuts-sheet";

const POLL_CHOICES: readonly { readonly seconds: number; readonly label: string }[] = [
  { seconds: 15, label: "Every 15 seconds" },
  { seconds: 30, label: "Every 30 seconds" },
  { seconds: 60, label: "Every minute" },
  { seconds: 300, label: "Every 5 minutes" },
  { seconds: 900, label: "Every 15 minutes" },
  { seconds: 3600, label: "Every hour" },
];

export interface SettingsViewProps {
  readonly state: AppState;
  /** Notes of this account not sent yet: signing out asks first. */
  readonly unsentNotes: number;
}

export function SettingsView({ state, unsentNotes }: SettingsViewProps): JSX.Element {
  const api = useApi();
  const shellInfo = useShellInfo();
  const account = state.account;
  const [settings, setSettings] = useState<Settings>(state.settings);
  // Follow main's copy (a Refresh re-reads it, another change announces it); a change in flight
  // shows its own value until main confirms it.
  useEffect(() => setSettings(state.settings), [state.settings]);
  const [error, setError] = useState<AppError | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const closeShortcuts = useCallback(() => setShortcutsOpen(false), []);
  const signOut = (): void => {
    setConfirmSignOut(false);
    setSigningOut(true);
    void api.signOut().then((result) => {
      setSigningOut(false);
      if (!result.ok) setError(result.error);
    });
  };

  async function change(patch: Partial<Settings>): Promise<void> {
    setError(null);
    setSettings((s) => ({ ...s, ...patch }));
    const result = await api.updateSettings(patch);
    if (result.ok) setSettings(result.value);
    else {
      setError(result.error);
      setSettings(state.settings);
    }
  }

  const polls = POLL_CHOICES.some((c) => c.seconds === settings.pollIntervalSeconds)
    ? POLL_CHOICES
    : [
        ...POLL_CHOICES,
        { seconds: settings.pollIntervalSeconds, label: `Every ${settings.pollIntervalSeconds} seconds` },
      ];
  return (
    <div class="view-scroll settings">
      {account ? (
        <section class="settings-section" aria-labelledby="account-title">
          <h2 class="section-title" id="account-title">
            Co-op account
          </h2>
          <div class="kv">
            <p class="kv-main">{account.name}</p>
            <p class="kv-sub">
              {account.email} · {hostOf(account.serverUrl)}
            </p>
            <div class="row-actions">
              <button
                type="button"
                class="btn btn-small"
                disabled={signingOut}
                onClick={() => (unsentNotes > 0 ? setConfirmSignOut(true) : signOut())}
              >
                {signingOut ? "Signing out…" : "Sign out"}
              </button>
            </div>
          </div>
        </section>
      ) : null}
      {account ? <AccountSecurity account={account} /> : null}
      {account ? <HarvestSection account={account} /> : null}
      <HarvestV2Settings settings={settings} onChange={(patch) => void change(patch)} />
      <section class="settings-section" aria-labelledby="prefs-title">
        <h2 class="section-title" id="prefs-title">
          Preferences
        </h2>
        <div class="pref">
          <label for="pref-poll">Check for new statuses</label>
          <select
            id="pref-poll"
            class="select select-small"
            value={settings.pollIntervalSeconds}
            onChange={(e) => void change({ pollIntervalSeconds: Number(e.currentTarget.value) })}
          >
            {polls.map((c) => (
              <option key={c.seconds} value={c.seconds}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <PrefSwitch
          id="pref-notify"
          label="Notify me of new statuses"
          checked={settings.notifications}
          onChange={(notifications) => void change({ notifications })}
        />
        <PrefSwitch
          id="pref-login"
          label="Open at login"
          checked={settings.launchAtLogin}
          onChange={(launchAtLogin) => void change({ launchAtLogin })}
        />
        <PrefSwitch
          id="pref-updates"
          label="Install updates automatically"
          checked={settings.autoUpdate}
          onChange={(autoUpdate) => void change({ autoUpdate })}
        />
        <div class="pref pref-wrap">
          <label for="pref-shortcut">Shortcut to write a note</label>
          <ShortcutField
            id="pref-shortcut"
            value={settings.globalShortcut}
            onChange={(globalShortcut) => void change({ globalShortcut })}
            onRecording={(paused) => void api.pauseGlobalShortcut({ paused })}
          />
        </div>
        {error ? <ErrorNotice error={error} compact /> : null}
      </section>
      {/* How the app talks to the server is not a preference: kept for servers that answer only one format. */}
      <details class="settings-section advanced">
        <summary class="section-title">Advanced</summary>
        <fieldset class="pref">
          <legend>Wire format for Co-op and Harvest</legend>
          <span class="segmented">
            {(["xml", "json"] as const).map((format) => (
              <label key={format} class={settings.format === format ? "segment is-active" : "segment"}>
                <input
                  type="radio"
                  name="format"
                  value={format}
                  checked={settings.format === format}
                  onChange={() => void change({ format })}
                />
                {format.toUpperCase()}
              </label>
            ))}
          </span>
        </fieldset>
        <p class="section-text">Only change this if your server answers in one format only.</p>
      </details>
      <section class="settings-section" aria-labelledby="about-title">
        <h2 class="section-title" id="about-title">
          About
        </h2>
        <p class="kv-main" data-testid="app-version">
          Co-op Tray {APP_VERSION}
        </p>
        {shellInfo.updateReady !== null ? (
          <p class="section-text" data-testid="update-ready">
            Co-op Tray {shellInfo.updateReady} is downloaded: it installs when you quit.
          </p>
        ) : null}
        {shellInfo.logFile !== null ? (
          <p class="section-text" data-testid="log-file">
            Log file: <code>{shellInfo.logFile}</code>
          </p>
        ) : null}
        <div class="row-actions">
          <button type="button" class="btn btn-small" onClick={() => setShortcutsOpen(true)}>
            Keyboard shortcuts
          </button>
          <button type="button" class="btn btn-small" onClick={() => void api.quitApp()}>
            Quit Co-op Tray
          </button>
        </div>
      </section>
      {shortcutsOpen ? <ShortcutsSheet onClose={closeShortcuts} /> : null}
      {confirmSignOut ? (
        <Dialog title="Sign out with notes unsent?" onClose={() => setConfirmSignOut(false)}>
          <p class="dialog-text">{unsentNoticeText(unsentNotes)}</p>
          <div class="dialog-actions">
            <button type="button" class="btn" autoFocus onClick={() => setConfirmSignOut(false)}>
              Cancel
            </button>
            <button type="button" class="btn btn-primary" onClick={signOut}>
              Sign out
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The sign-out question's sentence, singular or plural throughout. */
export function unsentNoticeText(count: number): string {
  return count === 1
    ? "1 note has not been sent yet. It stays on this computer and is sent when you sign in again with this account."
    : `${count} notes have not been sent yet. They stay on this computer and are sent when you sign in again with this account.`;
}
