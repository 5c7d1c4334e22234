/**
 * Where a Harvest credential may send the server: Harvest's own hosts (v1 `https://<subdomain>.harvestapp.com`;
 * v2 and Harvest ID come from the server's settings, never from a user), or an address the admin allowed
 * with `--harvest-v1-url` (the sandbox, tests, a Harvest-compatible server). Anything else, above all the
 * server's own network, is refused before a request is made (docs/coop-api.md §16.2).
 */
import { PERSONAL_ACCESS_TOKEN } from "@coop-tray/protocol/rules";
import type { HarvestLogin } from "./gateway";

/** One DNS label: what `<subdomain>.harvestapp.com` can hold. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export const OFF_HARVEST =
  "Subdomain must be a Harvest subdomain (letters, digits and dashes) or an https://….harvestapp.com address: this server reaches no other address";

function onHarvest(url: URL): boolean {
  return (
    url.protocol === "https:" &&
    url.username === "" &&
    url.password === "" &&
    url.port === "" &&
    (url.hostname === "harvestapp.com" || url.hostname.endsWith(".harvestapp.com"))
  );
}

/** The origin an admin's v1 template allows, with any subdomain in its `{subdomain}` slot. */
function allowedOrigin(template: string): RegExp | null {
  let origin: string;
  try {
    origin = new URL(template.replace("{subdomain}", "subdomain-slot")).origin;
  } catch {
    return null;
  }
  const source = origin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("subdomain-slot", "[a-z0-9-]+");
  return new RegExp(`^${source}$`, "i");
}

export interface HarvestHosts {
  /** Why the server will not send this login anywhere, or null when it may. */
  refusal(login: HarvestLogin): string | null;
}

export function harvestHosts(v1UrlTemplate: string | undefined): HarvestHosts {
  const admin = v1UrlTemplate === undefined ? null : allowedOrigin(v1UrlTemplate);
  const allowed = (text: string): boolean => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return false;
    }
    return onHarvest(url) || (admin !== null && admin.test(url.origin));
  };
  return {
    refusal(login) {
      // A token's subdomain names an account at Harvest ID (an id or a name), never an address.
      if (PERSONAL_ACCESS_TOKEN.test(login.password.trim())) return null;
      const named = login.subdomain.trim();
      if (/^https?:\/\//i.test(named)) return allowed(named) ? null : OFF_HARVEST;
      return LABEL.test(named) ? null : OFF_HARVEST;
    },
  };
}
