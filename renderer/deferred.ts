/**
 * Everything the popup's first paint does not need, as one chunk: the views after the feed and the
 * link detector. One dynamic import (not one per view) keeps esbuild's splitting to three files:
 * app.js, the code app.js shares with this chunk, and this chunk. Each extra dynamic import would
 * add shared chunks that opening the popup must fetch one after another (app.js first, then what
 * it imports), which cost more than the bytes they save. The chunk loads once the feed has painted.
 */
export { AgendasView } from "./views/agendas";
export { ClientsView } from "./views/clients";
export { TimersView } from "./views/timers";
export { GroupsView } from "./views/groups";
export { SettingsView } from "./views/settings";
export { ShortcutsSheet } from "./views/shortcuts-sheet";
export { IdlePromptDialog } from "./views/idle-prompt";
export { splitLinks } from "./linkify";
