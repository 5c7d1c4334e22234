/**
 * Everything but the feed and sign-in is in one chunk (renderer/deferred.ts), loaded once the feed
 * has painted (`preloadViews(DEFERRED_VIEWS)`).
 */
import { lazyView, loadDeferred } from "../lazy-view";

export const AgendasView = lazyView(() => loadDeferred().then((m) => m.AgendasView));
export const ClientsView = lazyView(() => loadDeferred().then((m) => m.ClientsView));
export const TimersView = lazyView(() => loadDeferred().then((m) => m.TimersView));
export const GroupsView = lazyView(() => loadDeferred().then((m) => m.GroupsView));
export const SettingsView = lazyView(() => loadDeferred().then((m) => m.SettingsView));
export const ShortcutsSheet = lazyView(() => loadDeferred().then((m) => m.ShortcutsSheet));
export const IdlePromptDialog = lazyView(() => loadDeferred().then((m) => m.IdlePromptDialog));
export const DEFERRED_VIEWS = [
  AgendasView,
  ClientsView,
  TimersView,
  GroupsView,
  SettingsView,
  ShortcutsSheet,
  IdlePromptDialog,
];
