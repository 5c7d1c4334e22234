/** How the app introduces itself to Co-op servers and Harvest: its name, version and a contact URL. */
import { readFileSync } from "node:fs";
import type { UserAgent } from "@coop-tray/protocol";

interface Manifest {
  readonly version: string;
  readonly homepage: string;
}

/**
 * The manifest sits two levels up both from this source file and from the bundled
 * `dist/main/index.mjs`, so one relative URL serves both; a JSON import would pull the manifest
 * into the TypeScript project, which project references forbid.
 */
function readManifest(): Manifest {
  const fallback: Manifest = { version: "0.0.0", homepage: "https://github.com/coop-tray/coop-tray" };
  try {
    const parsed: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    if (typeof parsed !== "object" || parsed === null) return fallback;
    const { version, homepage } = parsed as Record<string, unknown>;
    return {
      version: typeof version === "string" && /^[\w.+-]{1,40}$/.test(version) ? version : fallback.version,
      homepage: typeof homepage === "string" && /^https?:\/\/\S{1,200}$/.test(homepage) ? homepage : fallback.homepage,
    };
  } catch {
    return fallback;
  }
}

const manifest = readManifest();

export const USER_AGENT = `CoopTray/${manifest.version} (+${manifest.homepage})`;
/**
 * Harvest v2 requires a User-Agent naming the application and a link or email to reach its makers
 * (docs/harvest.md §3.1; e.g. `MyApp (yourname@example.com)`); without one it answers 400.
 */
export const HARVEST_USER_AGENT = `Co-op Tray/${manifest.version} (${manifest.homepage})`;

/** What the app hands the protocol's clients. */
export const APP_USER_AGENT: UserAgent = { coop: USER_AGENT, harvest: HARVEST_USER_AGENT };
