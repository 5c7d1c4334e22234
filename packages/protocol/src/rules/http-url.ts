/**
 * The one check for "an http(s) address the app may open or sign in to", for main and renderer alike,
 * and for the one other kind of link the app opens: `mailto:` an address, with nothing after it.
 */

/** Why a URL is not an http(s) address the app may use, or null when it is. */
export function httpUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Not a valid URL.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Only http and https addresses are allowed.";
  if (url.hostname.length === 0) return "The address has no host.";
  // A password in a URL would end up in logs and the store; the keychain is its only home.
  if (url.username.length > 0 || url.password.length > 0)
    return "The address must not contain a user name or password.";
  return null;
}

/** True for an http(s) URL without credentials: the only kind the app opens or signs in to. */
export function isHttpUrl(value: string): boolean {
  return httpUrlProblem(value) === null;
}

/**
 * A server address as typed, with https assumed when no scheme is (`coop.example.com`,
 * `localhost:4100`): a team's server is reached over TLS, and plain http must be asked for.
 */
export function assumeHttps(typed: string): string {
  const value = typed.trim();
  return value === "" || /^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `https://${value}`;
}

/** `mailto:` one plain address, and nothing else (no `?body=`, no second recipient): an email in a note. */
const MAILTO = /^mailto:[\w.!#$%&'*+/=^`{|}~-]+@[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]*[a-z\d])?)+$/i;

export function isMailtoUrl(value: string): boolean {
  return value.length <= 320 && MAILTO.test(value);
}
