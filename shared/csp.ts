/**
 * The renderer's Content Security Policy, one source for all three places that state it: the app
 * protocol handler's header (main/shell/protocol.ts), the meta tag that scripts/build.mjs writes into
 * index.html, and the dev bridge's header. Scripts and styles only from the app itself; images may
 * come from http(s) because avatars live on the Co-op server.
 */
function policy(connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' http: https: data:",
    `connect-src ${connectSrc}`,
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The shipped app talks to main through the preload only: no network connection from the page. */
export const APP_CSP = policy("'self'");

/** The dev preview also opens its WebSocket to the local bridge. */
export const DEV_BRIDGE_CSP = policy("'self' ws://127.0.0.1:*");

/** What a `<meta>` tag may carry: browsers ignore `frame-ancestors` there (and warn). */
export function metaPolicy(csp: string): string {
  return csp
    .split("; ")
    .filter((directive) => !directive.startsWith("frame-ancestors"))
    .join("; ");
}

const PLACEHOLDER = 'content="__CSP__"';

/** renderer/index.html with its CSP meta tag filled in (scripts/build.mjs runs this per bundle). */
export function withMetaPolicy(template: string, csp: string): string {
  if (template.split(PLACEHOLDER).length !== 2)
    throw new Error("index.html must carry exactly one CSP meta placeholder");
  return template.replace(PLACEHOLDER, `content="${metaPolicy(csp)}"`);
}
