/**
 * Settings as the page changes them: a patch merged over the stored settings and validated whole
 * (so the stored document can never hold an invalid combination), then applied to whatever
 * depends on a setting (the wire format's clients, the poll timer) and announced.
 */
import type { ServiceHandlers, Settings } from "../../shared/contract";
import { err, ok, type Result } from "../../shared/errors";
import type { FeedSync } from "../services/feeds";
import type { Session } from "../services/session";
import type { AppStore } from "../services/store";
import { settingsSchema } from "../services/store-schema";

export interface SettingsEditorDeps {
  readonly store: AppStore;
  readonly session: Session;
  readonly feeds: FeedSync;
  /** Settings are part of `AppState`: told after every change. */
  readonly changed: () => void;
}

export class SettingsEditor {
  constructor(private readonly deps: SettingsEditorDeps) {}

  get current(): Settings {
    return this.deps.store.doc.settings;
  }

  update(patch: Partial<Settings>): Result<Settings> {
    const { store, session, feeds, changed } = this.deps;
    const merged = settingsSchema.safeParse({ ...store.doc.settings, ...definedOnly(patch) });
    if (!merged.success) {
      const issues = merged.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message}`);
      return err({ kind: "invalidInput", message: "Some settings are not valid.", issues });
    }
    const before = store.doc.settings;
    store.commit((doc) => ({ ...doc, settings: merged.data }));
    if (before.format !== merged.data.format) session.invalidate();
    if (before.pollIntervalSeconds !== merged.data.pollIntervalSeconds) feeds.intervalChanged();
    changed();
    return ok(merged.data);
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The contract calls this module answers. */
export function settingsCalls(settings: SettingsEditor) {
  return {
    getSettings: async () => ok(settings.current),
    updateSettings: async (patch) => settings.update(patch),
  } satisfies Partial<ServiceHandlers>;
}
