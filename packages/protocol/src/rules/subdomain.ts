/**
 * A Harvest v1 account's subdomain (`{subdomain}.harvestapp.com`) is a DNS label: letters, digits and
 * hyphens, 1–63 characters, neither starting nor ending with a hyphen. Case does not matter (DNS);
 * we keep it lower case.
 */
export const SUBDOMAIN_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The subdomain as we store and send it (trimmed, lower case), or null when it is not one. */
export function normalizeSubdomain(text: string): string | null {
  const subdomain = text.trim().toLowerCase();
  return SUBDOMAIN_PATTERN.test(subdomain) ? subdomain : null;
}
