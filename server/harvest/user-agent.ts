/**
 * How the Co-op server introduces itself to Harvest: as itself, not as the desktop app, so Harvest
 * (and an admin reading its logs) can tell a team's server from a member's tray.
 */
import type { UserAgent } from "@coop-tray/protocol";

const VERSION = "0.1.0";
const HOME = "https://github.com/coop-tray/coop-tray";

export const SERVER_USER_AGENT: UserAgent = {
  coop: `CoopServer/${VERSION} (+${HOME})`,
  harvest: `Co-op server/${VERSION} (${HOME})`,
};
