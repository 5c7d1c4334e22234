/**
 * The renderer's Content Security Policy, sent as a header by the bridge (index.html carries the same
 * policy as a meta tag for Electron's custom protocol). Scripts and styles only from the app itself;
 * images may come from http(s) because avatars live on the Co-op server.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' http: https: data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
