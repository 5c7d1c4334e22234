/**
 * What the shell reads from the environment, parsed once at startup. The demo login is honoured only
 * in demo mode, and it is kept out of everything that could print it.
 */
import { isHttpUrl } from "@coop-tray/protocol/rules";

interface DemoLogin {
  readonly email: string;
  readonly password: string;
}

export interface ShellEnvironment {
  /** Pre-fills the sign-in form (COOP_TRAY_SERVER_URL). */
  readonly serverUrl: string | null;
  /** Harvest base URL with `{subdomain}` (COOP_TRAY_HARVEST_URL_TEMPLATE), e.g. the sandbox's. */
  readonly harvestUrlTemplate: string | null;
  /** Harvest v2's base and Harvest ID's (COOP_TRAY_HARVEST_API_URL, COOP_TRAY_HARVEST_ID_URL), e.g. the sandbox's. */
  readonly harvestApiUrl: string | null;
  readonly harvestIdUrl: string | null;
  readonly demo: boolean;
  /** COOP_TRAY_DEMO_LOGIN=email:password, only when COOP_TRAY_DEMO=1. */
  readonly demoLogin: DemoLogin | null;
  /** A separate profile folder for the demo (COOP_TRAY_USER_DATA), so it never touches the user's own data. */
  readonly userDataDir: string | null;
  /** Settings that were present but unusable, for the log (names only, never values). */
  readonly ignored: readonly string[];
}

export function readShellEnvironment(env: Readonly<Record<string, string | undefined>>): ShellEnvironment {
  const ignored: string[] = [];
  const demo = env.COOP_TRAY_DEMO === "1";

  let serverUrl: string | null = null;
  const rawServer = env.COOP_TRAY_SERVER_URL?.trim();
  if (rawServer) {
    if (isHttpUrl(rawServer)) serverUrl = rawServer;
    else ignored.push("COOP_TRAY_SERVER_URL");
  }

  let harvestUrlTemplate: string | null = null;
  const rawTemplate = env.COOP_TRAY_HARVEST_URL_TEMPLATE?.trim();
  if (rawTemplate) {
    if (rawTemplate.includes("{subdomain}") && isHttpUrl(rawTemplate.replace("{subdomain}", "subdomain")))
      harvestUrlTemplate = rawTemplate;
    else ignored.push("COOP_TRAY_HARVEST_URL_TEMPLATE");
  }

  const url = (name: string): string | null => {
    const raw = env[name]?.trim();
    if (!raw) return null;
    if (isHttpUrl(raw)) return raw;
    ignored.push(name);
    return null;
  };
  const harvestApiUrl = url("COOP_TRAY_HARVEST_API_URL");
  const harvestIdUrl = url("COOP_TRAY_HARVEST_ID_URL");

  let demoLogin: DemoLogin | null = null;
  const rawLogin = env.COOP_TRAY_DEMO_LOGIN;
  if (demo && rawLogin) {
    // Emails have no colon; the password may.
    const colon = rawLogin.indexOf(":");
    if (colon > 0 && colon < rawLogin.length - 1)
      demoLogin = { email: rawLogin.slice(0, colon), password: rawLogin.slice(colon + 1) };
    else ignored.push("COOP_TRAY_DEMO_LOGIN");
  }

  const rawUserData = env.COOP_TRAY_USER_DATA?.trim();
  const userDataDir = demo && rawUserData ? rawUserData : null;

  return { serverUrl, harvestUrlTemplate, harvestApiUrl, harvestIdUrl, demo, demoLogin, userDataDir, ignored };
}
